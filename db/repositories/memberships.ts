import type { DB } from "../client.ts";
import type { MembershipRole } from "../schema.ts";

export interface MembershipView {
  program_id: string;
  program_slug: string;
  program_titles: string;
  edition_year: number;
  city_id: string;
  role: MembershipRole;
}

export async function membershipsOf(db: DB, userId: string): Promise<MembershipView[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("programs", "programs.id", "memberships.program_id")
    .select([
      "memberships.program_id",
      "programs.slug as program_slug",
      "programs.titles as program_titles",
      "programs.edition_year",
      "memberships.city_id",
      "memberships.role",
    ])
    .where("memberships.user_id", "=", userId)
    .orderBy("programs.edition_year", "desc")
    .execute();
  return rows as MembershipView[];
}

export async function hasMembership(db: DB, userId: string, programId: string, role: MembershipRole, cityId?: string): Promise<boolean> {
  let query = db
    .selectFrom("memberships")
    .select("id")
    .where("user_id", "=", userId)
    .where("program_id", "=", programId)
    .where("role", "=", role);
  if (cityId) query = query.where("city_id", "=", cityId);
  return !!(await query.executeTakeFirst());
}

export async function citiesWhere(db: DB, userId: string, programId: string, role: MembershipRole): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships")
    .select("city_id")
    .where("user_id", "=", userId)
    .where("program_id", "=", programId)
    .where("role", "=", role)
    .execute();
  return rows.map((r) => r.city_id);
}

export async function panelOf(db: DB, programId: string, cityId: string, role: MembershipRole) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.name", "users.email", "users.locale", "memberships.created_at"])
    .where("memberships.program_id", "=", programId)
    .where("memberships.city_id", "=", cityId)
    .where("memberships.role", "=", role)
    .orderBy("users.name")
    .execute();
}
