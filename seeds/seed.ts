import type { DB } from "../db/client.ts";
import { hashPassword } from "../app/lib/passwords.server.ts";
import { randomId } from "../app/lib/ids.ts";
import { zonedLocalToUtc } from "../workflows/deadlines.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from "./accounts.ts";
import { CITIES, DEMO_PROGRAM, DEMO_WINDOWS, HOSTING_RESOURCES, TEAMS, THEMES } from "./demo-data.ts";
import { startDemoWorkflows } from "./workflows.ts";

export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return !row;
}

/** Loads the demo edition when the database has no user yet. Returns whether it did. */
export async function seedIfEmpty(db: DB, now: Date): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  await seedDemo(db, now);
  return true;
}

export interface SeededIds {
  programId: string;
  users: Map<string, string>;
  teams: Record<"taichung" | "toulouse", string[]>;
  proposals: Record<"taichung" | "toulouse", string[]>;
}

export async function seedDemo(db: DB, now: Date): Promise<SeededIds> {
  // One hash for every demo account: argon2 is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const createdAt = now.toISOString();
  const users = new Map<string, string>();
  const programId = randomId();
  const teams: SeededIds["teams"] = { taichung: [], toulouse: [] };
  const proposals: SeededIds["proposals"] = { taichung: [], toulouse: [] };

  await db.transaction().execute(async (trx) => {
    for (const city of CITIES) {
      await trx
        .insertInto("cities")
        .values({ id: city.id, names: JSON.stringify(city.names), country: city.country, time_zone: city.timeZone, default_locale: city.locale, created_at: createdAt })
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    }
    await trx
      .insertInto("programs")
      .values({ id: programId, slug: DEMO_PROGRAM.slug, titles: JSON.stringify(DEMO_PROGRAM.titles), edition_year: DEMO_PROGRAM.year, city_a_id: "taichung", city_b_id: "toulouse", previous_program_id: null, created_at: createdAt })
      .execute();

    for (const city of CITIES) {
      for (const [stage, window] of Object.entries(DEMO_WINDOWS)) {
        await trx
          .insertInto("stage_windows")
          .values({
            program_id: programId,
            city_id: city.id,
            stage,
            starts_at: zonedLocalToUtc(window.start, city.timeZone),
            ends_at: zonedLocalToUtc(window.end, city.timeZone),
            grace_minutes: window.graceMinutes ?? 0,
          })
          .execute();
      }
    }

    const topicIds: string[] = [];
    for (const [position, theme] of THEMES.entries()) {
      const id = randomId();
      topicIds.push(id);
      await trx
        .insertInto("topics")
        .values({ id, program_id: programId, proposed_by_city_id: theme.city, titles: JSON.stringify(theme.titles), rationale: theme.rationale, status: "agreed", position, created_at: createdAt })
        .execute();
    }

    for (const resource of HOSTING_RESOURCES) {
      await trx
        .insertInto("hosting_resources")
        .values({
          id: randomId(),
          program_id: programId,
          city_id: resource.city,
          name: resource.name,
          kind: resource.kind,
          address: resource.address,
          capacity: resource.capacity,
          services: resource.services,
          contact: resource.contact,
          available_from: "2019-10-01",
          available_to: "2019-10-31",
          created_at: createdAt,
        })
        .execute();
    }

    for (const account of DEMO_ACCOUNTS) {
      const id = randomId();
      users.set(account.email, id);
      await trx
        .insertInto("users")
        .values({ id, email: account.email, name: account.name, password_hash: passwordHash, locale: account.locale, time_zone: account.timeZone, is_admin: account.role === "admin" ? 1 : 0, created_at: createdAt })
        .execute();
      if (account.role === "coordinator" || account.role === "reviewer") {
        await trx
          .insertInto("memberships")
          .values({ id: randomId(), user_id: id, program_id: programId, city_id: account.city!, role: account.role, created_at: createdAt })
          .execute();
      }
    }

    for (const cityId of ["taichung", "toulouse"] as const) {
      const applicants = DEMO_ACCOUNTS.filter((a: DemoAccount) => a.role === "applicant" && a.city === cityId);
      for (const [i, team] of TEAMS[cityId].entries()) {
        const teamId = randomId();
        const owner = users.get(applicants[i]!.email)!;
        teams[cityId].push(teamId);
        await trx
          .insertInto("teams")
          .values({ id: teamId, name: team.name, city_id: cityId, founding_year: team.founded, website: team.website, sector: team.sector, size: team.size, created_by: owner, created_at: createdAt })
          .execute();
        await trx.insertInto("team_members").values({ team_id: teamId, user_id: owner, role: "owner", created_at: createdAt }).execute();
        const proposalId = randomId();
        proposals[cityId].push(proposalId);
        const submittedAt = zonedLocalToUtc(`2019-05-${String(10 + i).padStart(2, "0")}T14:30`, cityId === "taichung" ? "Asia/Taipei" : "Europe/Paris");
        const content = JSON.stringify({
          summaryEn: team.summaryEn,
          summaryHome: team.summaryHome,
          problem: team.summaryEn,
          product: team.product,
          traction: team.traction,
          team: `${team.size} people, founded ${team.founded}`,
          wants: team.wants,
          preferredDates: "October 2019",
        });
        await trx
          .insertInto("proposals")
          .values({ id: proposalId, program_id: programId, team_id: teamId, city_id: cityId, topic_id: topicIds[team.theme] ?? null, title: team.title, content, deck_key: null, state: "inReview", submitted_version: 1, submitted_at: submittedAt, created_at: submittedAt, updated_at: submittedAt })
          .execute();
        await trx
          .insertInto("proposal_versions")
          .values({ proposal_id: proposalId, version: 1, title: team.title, content, deck_key: null, submitted_by: owner, submitted_at: submittedAt })
          .execute();
      }
    }
  });

  const ids = { programId, users, teams, proposals };
  await startDemoWorkflows(db, ids, now);
  return ids;
}
