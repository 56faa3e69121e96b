import type { DB } from "../../db/client.ts";
import type { User } from "../../db/schema.ts";
import { citiesWhere, membershipsOf } from "../../db/repositories/memberships.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { forbidden } from "./auth.server.ts";

export type RoleHome = "/admin" | "/coordinate" | "/review" | "/applicant";

/** Where a user lands after signing in: the most powerful role they hold. */
export async function homePathFor(db: DB, user: User): Promise<RoleHome> {
  if (user.is_admin) return "/admin";
  const memberships = await membershipsOf(db, user.id);
  if (memberships.some((m) => m.role === "coordinator")) return "/coordinate";
  if (memberships.some((m) => m.role === "reviewer")) return "/review";
  return "/applicant";
}

export interface ProgramRoles {
  admin: boolean;
  coordinatorOf: string[];
  reviewerOf: string[];
}

export async function rolesIn(db: DB, user: User, programId: string): Promise<ProgramRoles> {
  const [coordinatorOf, reviewerOf] = await Promise.all([
    citiesWhere(db, user.id, programId, "coordinator"),
    citiesWhere(db, user.id, programId, "reviewer"),
  ]);
  return { admin: !!user.is_admin, coordinatorOf, reviewerOf };
}

/**
 * A coordinator of either city (or an admin). Returns the city the user acts
 * for: their own, or for an admin the requested one (default city A).
 */
export async function requireCoordinator(db: DB, user: User, program: ProgramWithCities, requestedCity?: string | null): Promise<string> {
  const roles = await rolesIn(db, user, program.id);
  if (roles.coordinatorOf.length > 0) {
    if (requestedCity && roles.coordinatorOf.includes(requestedCity)) return requestedCity;
    return roles.coordinatorOf[0]!;
  }
  if (roles.admin) {
    return requestedCity === program.city_b_id ? program.city_b_id : program.city_a_id;
  }
  forbidden();
}
