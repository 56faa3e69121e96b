import type { DB } from "../../db/client.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { eventsOf, type AuditFilter } from "../../db/repositories/workflows.ts";
import { describeProgram, waitingOn, type ProgramSnapshot } from "../../workflows/program.describe.ts";
import { programMachine } from "../../workflows/program.machine.ts";
import { isOverdue, SELECTION_SCHEDULE, spanOf, STAGE_SCHEDULE, type PlannedWindow } from "../../workflows/schedule.ts";
import type { ProgramRoles } from "../lib/access.server.ts";
import { BUTTON_EVENTS, buttonEventFor, mayActFor } from "./program-policy.ts";
import { restore } from "./workflow-engine.server.ts";
import { programInstance } from "./workflows.server.ts";

export async function loadProgramSnapshot(db: DB, programId: string): Promise<{ snapshot: ProgramSnapshot; version: number; instanceId: string } | null> {
  const instance = await programInstance(db, programId);
  if (!instance) return null;
  return { snapshot: restore(programMachine, instance) as ProgramSnapshot, version: instance.version, instanceId: instance.id };
}

export async function windowsOf(db: DB, programId: string): Promise<Map<string, PlannedWindow>> {
  const rows = await db.selectFrom("stage_windows").selectAll().where("program_id", "=", programId).execute();
  return new Map(rows.map((r) => [`${r.city_id}:${r.stage}`, { startsAt: r.starts_at, endsAt: r.ends_at, graceMinutes: r.grace_minutes }]));
}

export interface TimelineView {
  version: number;
  stages: {
    key: string;
    labelKey: string;
    status: string;
    perCity: boolean;
    cities: { city: string; subState: string | null; window: PlannedWindow | null; overdue: boolean; finished: boolean }[];
  }[];
  waiting: { on: string; event: string; city: string | null }[];
  actions: { event: string; city: string | null }[];
  audit: { seq: number; at: string; event: string; actor: string; city: string | null; before: string; after: string; detail: string }[];
  actors: string[];
  cancelled: { stage: string; reason: string } | null;
}

/** Everything the coordinator timeline shows, derived from the machine and the stored schedule. */
export async function timelineView(db: DB, program: ProgramWithCities, roles: ProgramRoles, now: Date, filter: AuditFilter): Promise<TimelineView | null> {
  const loaded = await loadProgramSnapshot(db, program.id);
  if (!loaded) return null;
  const { snapshot, version, instanceId } = loaded;
  const windows = await windowsOf(db, program.id);
  const cities = [program.city_a_id, program.city_b_id];

  const stages = describeProgram(snapshot).map((stage) => ({
    key: stage.key,
    labelKey: stage.labelKey,
    status: stage.status,
    perCity: stage.perCity,
    cities: cities.map((city) => {
      const subState = stage.cities?.[city] ?? null;
      const stageKey: string = stage.key;
      const keys = stageKey === "selection" && stage.status === "current" && subState ? [SELECTION_SCHEDULE[subState] ?? "call"] : (STAGE_SCHEDULE[stage.key] ?? []);
      const window = stageKey === "selection" && stage.status === "current" ? spanOf(keys.map((k) => windows.get(`${city}:${k}`))) : spanOf((STAGE_SCHEDULE[stage.key] ?? []).map((k) => windows.get(`${city}:${k}`)));
      const finished = stage.status === "done" || (stage.perCity && stage.status === "current" && isFinalRegion(stage.key, subState));
      const due = stage.status === "current" || stage.status === "upcoming";
      return { city, subState, window, overdue: due && isOverdue(window, now, finished), finished };
    }),
  }));

  const actions: TimelineView["actions"] = [];
  const at = now.toISOString();
  for (const type of BUTTON_EVENTS) {
    const shared = type === "PUBLISH_RESULTS" || type === "EXCHANGE_STARTS" || type === "EXCHANGE_ENDS";
    const actingCities = shared ? (roles.coordinatorOf.length > 0 || roles.admin ? [roles.coordinatorOf[0] ?? cities[0]!] : []) : cities.filter((c) => mayActFor(roles, c));
    for (const city of actingCities) {
      if (snapshot.can(buttonEventFor(type, city, snapshot.context, at))) actions.push({ event: type, city: shared ? null : city });
    }
  }

  const events = await eventsOf(db, instanceId, filter);
  const actors = await db.selectFrom("workflow_events").select("actor_label").distinct().where("instance_id", "=", instanceId).orderBy("actor_label").execute();
  return {
    version,
    stages,
    waiting: waitingOn(snapshot),
    actions,
    audit: events.map((e) => ({ seq: e.seq, at: e.at, event: e.event_type, actor: e.actor_label, city: e.city_id, before: e.state_before, after: e.state_after, detail: e.event_type === "START" ? "" : auditDetail(e.event) })),
    actors: actors.map((a) => a.actor_label),
    cancelled: snapshot.context.cancellation,
  };
}

function isFinalRegion(stage: string, subState: string | null): boolean {
  if (!subState) return false;
  const node = programMachine.root.states[stage]?.states.cityA?.states[subState];
  return node?.type === "final";
}

/** The event's own fields, minus the ones every event has. */
function auditDetail(json: string): string {
  try {
    const { type: _t, at: _a, ...rest } = JSON.parse(json) as Record<string, unknown>;
    return Object.keys(rest).length ? JSON.stringify(rest) : "";
  } catch {
    return "";
  }
}
