import type { Route } from "./+types/results-csv";
import { requireCityCoordinator } from "../../lib/city-coordinator.server.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { cityResults, resultsCsv } from "../../services/results.server.ts";

/** The city's own teams' reports, its totals and the compared editions' totals, for the coordinator. */
export async function loader({ context, url, params }: Route.LoaderArgs) {
  const { program, cityId } = await requireCityCoordinator(context, url, params.slug);
  const results = await cityResults(getRuntime().db, program, cityId);
  return new Response(resultsCsv(program.slug, results.teams, results.editions), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="results-${program.slug}-${cityId}.csv"`, "Cache-Control": "private, no-store" },
  });
}
