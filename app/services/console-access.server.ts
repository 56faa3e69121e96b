import { data, type RouterContextProvider } from "react-router";
import { findProgramBySlug, partnerCityId, type ProgramWithCities } from "../../db/repositories/programs.ts";
import type { User } from "../../db/schema.ts";
import type { Refusal } from "../lib/coordinator-console.ts";
import { requireCoordinator, rolesIn, type ProgramRoles } from "../lib/access.server.ts";
import { forbidden, notFound, requireUser } from "../lib/auth.server.ts";
import { getRuntime } from "../lib/runtime.server.ts";
import type { Actor } from "./workflow-engine.server.ts";

export interface CoordinatorScope {
  user: User;
  program: ProgramWithCities;
  roles: ProgramRoles;
  /** The city the user acts for: their own (an admin may choose with ?city=). */
  city: string;
  partner: string;
  actor: Actor;
}

/**
 * The coordinator of one city of the edition `slug` (or an admin acting for
 * one). Asking for the other city by name (`?city=` or a form's `city`) is
 * refused rather than silently answered with one's own city.
 */
export async function requireCoordinatorScope(context: Readonly<RouterContextProvider>, url: URL, slug: string, requestedCity?: string | null): Promise<CoordinatorScope> {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const program = await findProgramBySlug(db, slug);
  if (!program) notFound();
  const asked = requestedCity ?? url.searchParams.get("city");
  const city = await requireCoordinator(db, user, program, asked);
  if (asked && asked !== city) forbidden();
  const roles = await rolesIn(db, user, program.id);
  return { user, program, roles, city, partner: partnerCityId(program, city), actor: { userId: user.id, label: user.email } };
}

/** A refused service call as the route's answer: 403/404 thrown, the rest a message with its status. */
export function refusal(outcome: Refusal) {
  if (outcome.status === 403) forbidden();
  if (outcome.status === 404) notFound();
  return data({ error: outcome.error, done: null }, { status: outcome.status });
}
