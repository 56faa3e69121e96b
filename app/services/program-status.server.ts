import type { DB } from "../../db/client.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { currentStage, describeProgram } from "../../workflows/program.describe.ts";
import { loadProgramSnapshot } from "./timeline.server.ts";

export interface ProgramStatus {
  slug: string;
  state: unknown;
  version: number;
  /** city → "stage" or "stage.subState" */
  cities: Record<string, string>;
  /** city → application state → count */
  applications: Record<string, Record<string, number>>;
}

/** The machine-readable status used by the CLI and monitoring. */
export async function programStatus(db: DB, program: ProgramWithCities): Promise<ProgramStatus> {
  const loaded = await loadProgramSnapshot(db, program.id);
  const cities: Record<string, string> = {};
  if (loaded) {
    const stage = currentStage(loaded.snapshot);
    const described = describeProgram(loaded.snapshot).find((s) => s.key === stage);
    for (const city of [program.city_a_id, program.city_b_id]) {
      const sub = described?.cities?.[city];
      cities[city] = sub ? `${stage}.${sub}` : stage;
    }
  }
  const rows = await db
    .selectFrom("proposals")
    .select(["city_id", "state"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("program_id", "=", program.id)
    .groupBy(["city_id", "state"])
    .execute();
  const applications: ProgramStatus["applications"] = {};
  for (const r of rows) (applications[r.city_id] ??= {})[r.state] = Number(r.n);
  return { slug: program.slug, state: loaded?.snapshot.value ?? null, version: loaded?.version ?? 0, cities, applications };
}
