import type { RouterContextProvider } from "react-router";
import type { User } from "../../db/schema.ts";
import { findProgramBySlug, type ProgramWithCities } from "../../db/repositories/programs.ts";
import { coordinatorAccess, itineraryTarget, targetForMember, type ItineraryTarget } from "../services/itineraries.server.ts";
import { proposalOfMember } from "../services/proposals.server.ts";
import { requireCoordinator } from "./access.server.ts";
import { forbidden, notFound, requireUser } from "./auth.server.ts";
import { getRuntime } from "./runtime.server.ts";

type Ctx = Readonly<RouterContextProvider>;

/** A coordinator (or admin) of the edition, with the city they act for. */
export async function requireEditionCoordinator(context: Ctx, url: URL, slug: string): Promise<{ user: User; program: ProgramWithCities; cityId: string }> {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const program = await findProgramBySlug(db, slug);
  if (!program) notFound();
  const cityId = await requireCoordinator(db, user, program, url.searchParams.get("city"));
  return { user, program, cityId };
}

/** One hosted team's itinerary as a coordinator sees it: 404 unknown or not hosted, 403 when neither host nor sender. */
export async function requireItineraryOf(context: Ctx, url: URL, slug: string, proposalId: string): Promise<{ user: User; target: ItineraryTarget; access: "edit" | "view" }> {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const program = await findProgramBySlug(db, slug);
  if (!program) notFound();
  const target = await itineraryTarget(db, program, proposalId);
  if (!target) notFound();
  const access = await coordinatorAccess(db, user, target);
  if (!access) forbidden();
  return { user, target, access };
}

/** A team member's own hosted proposal; 404 for anyone else and for a team nobody hosts. */
export async function requireMemberItinerary(context: Ctx, url: URL, proposalId: string): Promise<{ user: User; target: ItineraryTarget }> {
  const user = requireUser(context, url);
  const { db } = getRuntime();
  const proposal = await proposalOfMember(db, proposalId, user.id);
  if (!proposal) notFound();
  const target = await targetForMember(db, proposal);
  if (!target) notFound();
  return { user, target };
}
