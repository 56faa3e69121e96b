import type { DB } from "../client.ts";
import type { Team } from "../schema.ts";

export function teamsOfUser(db: DB, userId: string): Promise<Team[]> {
  return db
    .selectFrom("teams")
    .innerJoin("team_members", "team_members.team_id", "teams.id")
    .selectAll("teams")
    .where("team_members.user_id", "=", userId)
    .orderBy("teams.name")
    .execute();
}

export async function isTeamMember(db: DB, teamId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom("team_members").select("team_id").where("team_id", "=", teamId).where("user_id", "=", userId).executeTakeFirst();
  return !!row;
}
