import type { DB } from "../../db/client.ts";
import { randomId } from "../lib/ids.ts";
import { SCHEDULER_ACTOR } from "./workflow-engine.server.ts";
import { startProgramWorkflow } from "./workflows.server.ts";

export const TEST_ENV = { baseUrl: "http://localhost:3000", delivers: false };

/**
 * A bare programme between two cities, with only a call window per city,
 * started at the topics stage. Cities are created once per database.
 */
export async function createTestProgram(db: DB, calls: { taichung: { opensAt: string; closesAt: string; graceMinutes: number }; toulouse: { opensAt: string; closesAt: string; graceMinutes: number } }) {
  const programId = randomId();
  const at = "2019-01-01T00:00:00.000Z";
  await db.transaction().execute(async (trx) => {
    for (const [id, tz, locale] of [["taichung", "Asia/Taipei", "zh-TW"], ["toulouse", "Europe/Paris", "fr"]] as const) {
      await trx.insertInto("cities").values({ id, names: JSON.stringify({ en: id }), country: "XX", time_zone: tz, default_locale: locale, created_at: at }).onConflict((oc) => oc.column("id").doNothing()).execute();
    }
    await trx
      .insertInto("programs")
      .values({ id: programId, slug: `test-${programId}`, titles: JSON.stringify({ en: "Test" }), edition_year: 2019, city_a_id: "taichung", city_b_id: "toulouse", previous_program_id: null, created_at: at })
      .execute();
    for (const [city, w] of Object.entries(calls)) {
      await trx.insertInto("stage_windows").values({ program_id: programId, city_id: city, stage: "call", starts_at: w.opensAt, ends_at: w.closesAt, grace_minutes: w.graceMinutes }).execute();
    }
    await startProgramWorkflow(trx, programId, { cities: ["taichung", "toulouse"], callWindows: calls }, at, SCHEDULER_ACTOR);
  });
  return programId;
}
