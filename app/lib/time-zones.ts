// The two programme cities first, then the rest of the world.
const FEATURED = ["Asia/Taipei", "Europe/Paris", "UTC"];

export function timeZoneOptions(): { value: string; label: string }[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const rest = all.filter((tz) => !FEATURED.includes(tz));
  return [...FEATURED, ...rest].map((tz) => ({ value: tz, label: tz.replace(/_/g, " ") }));
}

export function suggestedTimeZone(locale: string): string {
  if (locale === "zh-TW") return "Asia/Taipei";
  if (locale === "fr") return "Europe/Paris";
  return "UTC";
}
