import type { Route } from "./+types/itinerary-ics";
import { requireItineraryOf } from "../../lib/itinerary.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { icsResponse, itemsOf, itineraryIcs } from "../../services/itineraries.server.ts";

/** One hosted team's itinerary as a calendar, for the host and the sending coordinators. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { target } = await requireItineraryOf(context, url, params.slug, params.proposalId);
  const { db, clock } = getRuntime();
  const body = itineraryIcs(await itemsOf(db, target.proposal.id), target.team, clock.now());
  return icsResponse(body, `itinerary-${target.program.slug}-${target.proposal.id}.ics`);
}
