import type { Route } from "./+types/itinerary-ics";
import { requireMemberItinerary } from "../../lib/itinerary.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { icsResponse, itemsOf, itineraryIcs } from "../../services/itineraries.server.ts";

/** The team's own itinerary as a calendar; 404 for anyone outside the team. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { target } = await requireMemberItinerary(context, url, params.proposalId);
  const { db, clock } = getRuntime();
  return icsResponse(itineraryIcs(await itemsOf(db, target.proposal.id), target.team, clock.now()), `itinerary-${target.proposal.id}.ics`);
}
