import type { Route } from "./+types/itineraries-ics";
import { requireEditionCoordinator } from "../../lib/itinerary.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { exchangeItems, icsResponse, itineraryIcs } from "../../services/itineraries.server.ts";

/** Every item of every team the coordinator's city hosts, as one calendar. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { program, cityId } = await requireEditionCoordinator(context, url, params.slug);
  const { db, clock } = getRuntime();
  const { items, teamOf } = await exchangeItems(db, program.id, cityId);
  return icsResponse(itineraryIcs(items, program.slug, clock.now(), teamOf), `exchange-${program.slug}-${cityId}.ics`);
}
