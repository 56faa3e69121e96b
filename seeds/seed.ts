import type { DB } from "../db/client.ts";
import { hashPassword } from "../app/lib/passwords.server.ts";
import { randomId } from "../app/lib/ids.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./accounts.ts";
import { CITIES, DEMO_PROGRAM, TEAMS } from "./demo-data.ts";
import { seedEdition, type DemoStage } from "./edition.ts";

export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return !row;
}

/** Loads the demo edition when the database has no user yet. Returns whether it did. */
export async function seedIfEmpty(db: DB, now: Date): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  try {
    await seedDemo(db, now);
    return true;
  } catch (error) {
    // Several instances started at once on an empty database: one seeds, the
    // others' inserts collide with its rows and roll back. Not a reason to stop.
    if (!(await isEmpty(db))) return false;
    throw error;
  }
}

export interface BaseIds {
  users: Map<string, string>;
  teams: Record<"taichung" | "toulouse", { id: string; owner: string }[]>;
}

/** Cities, accounts and teams: what carries over from one edition to the next. */
export async function seedBase(db: DB, now: Date): Promise<BaseIds> {
  // One hash for every demo account: argon2 is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const createdAt = now.toISOString();
  const users = new Map<string, string>();
  const teams: BaseIds["teams"] = { taichung: [], toulouse: [] };
  await db.transaction().execute(async (trx) => {
    for (const city of CITIES) {
      await trx
        .insertInto("cities")
        .values({ id: city.id, names: JSON.stringify(city.names), country: city.country, time_zone: city.timeZone, default_locale: city.locale, created_at: createdAt })
        .execute();
    }
    for (const account of DEMO_ACCOUNTS) {
      const id = randomId();
      users.set(account.email, id);
      await trx
        .insertInto("users")
        .values({ id, email: account.email, name: account.name, password_hash: passwordHash, locale: account.locale, time_zone: account.timeZone, is_admin: account.role === "admin" ? 1 : 0, created_at: createdAt })
        .execute();
    }
    for (const cityId of ["taichung", "toulouse"] as const) {
      const applicants = DEMO_ACCOUNTS.filter((a) => a.role === "applicant" && a.city === cityId);
      for (const [i, team] of TEAMS[cityId].entries()) {
        const id = randomId();
        const owner = users.get(applicants[i]!.email)!;
        teams[cityId].push({ id, owner });
        await trx
          .insertInto("teams")
          .values({ id, name: team.name, city_id: cityId, founding_year: team.founded, website: team.website, sector: team.sector, size: team.size, created_by: owner, created_at: createdAt })
          .execute();
        await trx.insertInto("team_members").values({ team_id: id, user_id: owner, role: "owner", created_at: createdAt }).execute();
      }
    }
  });
  return { users, teams };
}

/** Reads back the ids of an already seeded base, to add editions to it. */
export async function loadBase(db: DB): Promise<BaseIds> {
  const users = new Map((await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email, u.id]));
  const teams: BaseIds["teams"] = { taichung: [], toulouse: [] };
  for (const cityId of ["taichung", "toulouse"] as const) {
    for (const team of TEAMS[cityId]) {
      const row = await db.selectFrom("teams").select(["id", "created_by"]).where("name", "=", team.name).where("city_id", "=", cityId).executeTakeFirst();
      if (row) teams[cityId].push({ id: row.id, owner: row.created_by });
    }
  }
  return { users, teams };
}

/** The first edition with its real 2018–2019 dates, at the review stage: proposals in, shortlists not yet locked. */
export async function seedDemo(db: DB, now: Date): Promise<{ programId: string }> {
  const base = await seedBase(db, now);
  return seedEdition(db, base, { slug: DEMO_PROGRAM.slug, titles: DEMO_PROGRAM.titles, year: DEMO_PROGRAM.year, shiftDays: 0, stage: "reviewing", now });
}

/**
 * Another edition of the same cities, teams and panels, with every window
 * moved so that `now` falls inside `stage`: each screen can be shown with
 * realistic data. Slug: taichung-toulouse-<stage>.
 */
export async function seedScenario(db: DB, stage: DemoStage, now: Date, options: { slug?: string; callClosesInMinutes?: number } = {}): Promise<{ programId: string; slug: string }> {
  const base = (await isEmpty(db)) ? await seedBase(db, now) : await loadBase(db);
  const slug = options.slug ?? `taichung-toulouse-${stage.toLowerCase()}`;
  const callClosesAt = options.callClosesInMinutes === undefined ? undefined : new Date(now.getTime() + options.callClosesInMinutes * 60_000).toISOString();
  const { shiftDaysFor } = await import("./edition.ts");
  // Editions with a slug of their own say so in their title too, so two of one stage stay apart.
  const label = options.slug ? `${stage} · ${options.slug.replace(/^taichung-toulouse-/, "")}` : stage;
  const titles = {
    en: `Taichung–Toulouse demo edition (today: ${label})`,
    fr: `Édition de démonstration Taichung–Toulouse (aujourd'hui : ${label})`,
    "zh-TW": `臺中－土魯斯示範梯次（今日：${label}）`,
  };
  const result = await seedEdition(db, base, { slug, titles, year: now.getUTCFullYear(), shiftDays: shiftDaysFor(stage, now), stage, now, callClosesAt });
  return { ...result, slug };
}
