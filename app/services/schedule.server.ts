import type { DB } from "../../db/client.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { utcToZonedLocal, zonedLocalToUtc, type CallWindow } from "../../workflows/deadlines.ts";
import { SCHEDULE_KEYS, type ScheduleKey } from "../../workflows/schedule.ts";
import { refuse, type Outcome } from "../lib/coordinator-console.ts";
import type { ServiceEnv } from "./env.ts";
import { syncProgramJobs } from "./jobs.server.ts";
import { loadProgramSnapshot } from "./timeline.server.ts";
import { EventNotAllowedError, WorkflowConflictError, type Actor } from "./workflow-engine.server.ts";
import { dispatchProgram } from "./workflows.server.ts";

/**
 * A coordinator plans their own city's stage windows, in the city's time
 * zone. The call window is also the machine's: moving it sends
 * RESCHEDULE_CALL, which the machine refuses once the call has closed.
 */

export interface LocalWindow {
  /** "YYYY-MM-DDTHH:mm" in the city's zone */
  start: string;
  end: string;
  /** null: keep the stored grace */
  graceMinutes: number | null;
}

export interface ScheduleRow extends LocalWindow {
  stage: ScheduleKey;
  startsAt: string | null;
  endsAt: string | null;
}

const E = "coordConsole.schedule.errors";

function zoneOf(program: ProgramWithCities, city: string): string {
  return program.cityA.id === city ? program.cityA.time_zone : program.cityB.time_zone;
}

export async function scheduleView(db: DB, program: ProgramWithCities, city: string): Promise<{ timeZone: string; rows: ScheduleRow[]; callChangeable: boolean }> {
  const tz = zoneOf(program, city);
  const rows = await db.selectFrom("stage_windows").selectAll().where("program_id", "=", program.id).where("city_id", "=", city).execute();
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const loaded = await loadProgramSnapshot(db, program.id);
  const call = byStage.get("call");
  const probe: CallWindow = call ? { opensAt: call.starts_at, closesAt: call.ends_at, graceMinutes: call.grace_minutes } : { opensAt: "2000-01-01T00:00:00.000Z", closesAt: "2000-01-02T00:00:00.000Z", graceMinutes: 0 };
  const callChangeable = !!loaded && loaded.snapshot.can({ type: "RESCHEDULE_CALL", city, window: probe, at: new Date(0).toISOString() });
  return {
    timeZone: tz,
    callChangeable,
    rows: SCHEDULE_KEYS.map((stage) => {
      const r = byStage.get(stage);
      return {
        stage,
        startsAt: r?.starts_at ?? null,
        endsAt: r?.ends_at ?? null,
        start: r ? utcToZonedLocal(r.starts_at, tz) : "",
        end: r ? utcToZonedLocal(r.ends_at, tz) : "",
        graceMinutes: r?.grace_minutes ?? 0,
      };
    }),
  };
}

/**
 * Replaces the windows of `city` given in `windows` (local times in the
 * city's zone). All or nothing: a bad window, or a call change the machine
 * no longer accepts, changes nothing.
 */
export async function updateCityWindows(env: ServiceEnv, program: ProgramWithCities, city: string, actor: Actor, windows: Partial<Record<ScheduleKey, LocalWindow>>): Promise<Outcome<{ changed: ScheduleKey[] }>> {
  const tz = zoneOf(program, city);
  const parsed: { stage: ScheduleKey; startsAt: string; endsAt: string; grace: number | null }[] = [];
  for (const stage of SCHEDULE_KEYS) {
    const w = windows[stage];
    if (!w) continue;
    let startsAt: string;
    let endsAt: string;
    try {
      startsAt = zonedLocalToUtc(w.start, tz);
      endsAt = zonedLocalToUtc(w.end, tz);
    } catch {
      return refuse(`${E}.invalidDate`);
    }
    if (Date.parse(startsAt) >= Date.parse(endsAt)) return refuse(`${E}.endBeforeStart`);
    if (w.graceMinutes !== null && (!Number.isInteger(w.graceMinutes) || w.graceMinutes < 0 || w.graceMinutes > 7 * 24 * 60)) return refuse(`${E}.grace`);
    parsed.push({ stage, startsAt, endsAt, grace: w.graceMinutes });
  }
  try {
    return await env.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom("stage_windows").selectAll().where("program_id", "=", program.id).where("city_id", "=", city).execute();
      const byStage = new Map(existing.map((r) => [r.stage, r]));
      const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
      const changed = parsed
        .map((p) => ({ ...p, grace: p.grace ?? byStage.get(p.stage)?.grace_minutes ?? 0 }))
        .filter((p) => {
          const old = byStage.get(p.stage);
          return !old || minute(old.starts_at) !== minute(p.startsAt) || minute(old.ends_at) !== minute(p.endsAt) || old.grace_minutes !== p.grace;
        });
      const call = changed.find((p) => p.stage === "call");
      if (call) {
        const loaded = await loadProgramSnapshot(trx, program.id);
        const event = { type: "RESCHEDULE_CALL" as const, city, window: { opensAt: call.startsAt, closesAt: call.endsAt, graceMinutes: call.grace }, at: env.now.toISOString() };
        if (!loaded || !loaded.snapshot.can(event)) return refuse(`${E}.callLocked`, 409);
        await dispatchProgram(trx, env, { programId: program.id, event, actor });
      }
      for (const p of changed) {
        if (byStage.has(p.stage)) {
          await trx.updateTable("stage_windows").set({ starts_at: p.startsAt, ends_at: p.endsAt, grace_minutes: p.grace }).where("program_id", "=", program.id).where("city_id", "=", city).where("stage", "=", p.stage).execute();
        } else {
          await trx.insertInto("stage_windows").values({ program_id: program.id, city_id: city, stage: p.stage, starts_at: p.startsAt, ends_at: p.endsAt, grace_minutes: p.grace }).execute();
        }
      }
      if (changed.length > 0) await syncProgramJobs(trx, program.id, env.now);
      return { ok: true, changed: changed.map((c) => c.stage) };
    });
  } catch (error) {
    if (error instanceof WorkflowConflictError) return refuse("errors.workflow.conflict", 409);
    if (error instanceof EventNotAllowedError) return refuse(`${E}.callLocked`, 409);
    throw error;
  }
}
