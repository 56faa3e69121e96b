import type { DB } from "../../db/client.ts";
import type { Team, User } from "../../db/schema.ts";
import { randomId } from "../lib/ids.ts";
import type { Locale } from "../lib/locales.ts";
import type { ServiceEnv } from "./env.ts";
import { invite } from "./invitations.server.ts";

export interface TeamInput {
  name: string;
  cityId: string;
  foundingYear: number | null;
  website: string | null;
  sector: string | null;
  size: number | null;
}

export async function createTeam(env: ServiceEnv, user: User, input: TeamInput): Promise<{ ok: true; teamId: string } | { ok: false; error: "unknown-city" }> {
  const city = await env.db.selectFrom("cities").select("id").where("id", "=", input.cityId).executeTakeFirst();
  if (!city) return { ok: false, error: "unknown-city" };
  const teamId = randomId();
  const at = env.now.toISOString();
  await env.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("teams")
      .values({ id: teamId, name: input.name, city_id: input.cityId, founding_year: input.foundingYear, website: input.website, sector: input.sector, size: input.size, created_by: user.id, created_at: at })
      .execute();
    await trx.insertInto("team_members").values({ team_id: teamId, user_id: user.id, role: "owner", created_at: at }).execute();
  });
  return { ok: true, teamId };
}

/** The team if `userId` is a member; otherwise nothing, so callers answer 404. */
export function teamOfMember(db: DB, teamId: string, userId: string): Promise<Team | undefined> {
  return db
    .selectFrom("teams")
    .innerJoin("team_members", "team_members.team_id", "teams.id")
    .selectAll("teams")
    .where("teams.id", "=", teamId)
    .where("team_members.user_id", "=", userId)
    .executeTakeFirst();
}

export function membersOf(db: DB, teamId: string) {
  return db
    .selectFrom("team_members")
    .innerJoin("users", "users.id", "team_members.user_id")
    .select(["users.name", "users.email", "team_members.role"])
    .where("team_members.team_id", "=", teamId)
    .orderBy("team_members.created_at")
    .execute();
}

export function pendingTeamInvitations(db: DB, teamId: string) {
  return db.selectFrom("invitations").select(["email", "created_at"]).where("team_id", "=", teamId).where("accepted_at", "is", null).orderBy("created_at", "desc").execute();
}

export async function inviteCofounder(env: ServiceEnv, user: User, team: Team, email: string, locale: Locale): Promise<void> {
  await invite(env, user, { email, kind: "team-member", programId: null, cityId: team.city_id, teamId: team.id, locale });
}

/** Editions whose call is open or not yet closed for the team's city. */
export async function openCallsFor(db: DB, cityId: string, now: Date) {
  const rows = await db
    .selectFrom("stage_windows")
    .innerJoin("programs", "programs.id", "stage_windows.program_id")
    .select(["programs.id", "programs.slug", "programs.titles", "stage_windows.starts_at", "stage_windows.ends_at", "stage_windows.grace_minutes"])
    .where("stage_windows.city_id", "=", cityId)
    .where("stage_windows.stage", "=", "call")
    .execute();
  return rows.filter((r) => Date.parse(r.ends_at) + r.grace_minutes * 60_000 >= now.getTime());
}
