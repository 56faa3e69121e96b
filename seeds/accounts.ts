export const DEMO_PASSWORD = "passerelle-demo";
export const DEMO_DOMAIN = "demo.passerelle.test";

export type DemoRole = "admin" | "coordinator" | "reviewer" | "applicant";

export interface DemoAccount {
  email: string;
  name: string;
  role: DemoRole;
  city: "taichung" | "toulouse" | null;
  locale: "zh-TW" | "fr" | "en";
  timeZone: string;
}

const CITY = {
  taichung: { locale: "zh-TW" as const, timeZone: "Asia/Taipei" },
  toulouse: { locale: "fr" as const, timeZone: "Europe/Paris" },
};

const REVIEWERS = {
  taichung: ["林怡君", "陳建宏", "黃雅婷"],
  toulouse: ["Camille Durand", "Julien Moreau", "Sophie Lefèvre"],
};

export const TEAMS_PER_CITY = 8;

function accountsFor(city: "taichung" | "toulouse"): DemoAccount[] {
  const base = CITY[city];
  return [
    { email: `coordinator.${city}@${DEMO_DOMAIN}`, name: city === "taichung" ? "王淑芬 (經發局)" : "Claire Martin (Toulouse Métropole)", role: "coordinator", city, ...base },
    ...REVIEWERS[city].map((name, i) => ({ email: `reviewer${i + 1}.${city}@${DEMO_DOMAIN}`, name, role: "reviewer" as const, city, ...base })),
    ...Array.from({ length: TEAMS_PER_CITY }, (_, i) => ({
      email: `applicant${i + 1}.${city}@${DEMO_DOMAIN}`,
      name: city === "taichung" ? `申請人 ${i + 1}` : `Candidat·e ${i + 1}`,
      role: "applicant" as const,
      city,
      ...base,
    })),
  ];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: `admin@${DEMO_DOMAIN}`, name: "Admin Passerelle", role: "admin", city: null, locale: "en", timeZone: "UTC" },
  ...accountsFor("taichung"),
  ...accountsFor("toulouse"),
];
