/**
 * Read-only views of a program snapshot for dashboards and forms. Everything
 * here is derived from `programMachine`'s definition, so renaming or adding a
 * state cannot leave a stale copy behind.
 */
import type { AnyStateNode, SnapshotFrom } from "xstate";
import {
  CITY_REGIONS,
  type ProgramEvent,
  type ProgramEventType,
  programMachine,
  SCHEDULER_EVENTS,
} from "./program.machine.ts";

export type ProgramSnapshot = SnapshotFrom<typeof programMachine>;
type ProgramStateValue = ProgramSnapshot["value"];
export type ProgramStageKey = Extract<ProgramStateValue, string> | keyof Extract<ProgramStateValue, object>;

export type ProgramStage = {
  key: ProgramStageKey;
  /** i18n key of the stage's name. */
  labelKey: `stage.${string}`;
  /** Per-city stages are parallel regions `cityA`/`cityB`. */
  perCity: boolean;
};

const stageNodes = programMachine.root.states as Record<ProgramStageKey, AnyStateNode>;

function isOnTimeline(node: AnyStateNode): boolean {
  return !(node.meta as { offTimeline?: boolean } | undefined)?.offTimeline;
}

/** The timeline in definition order; `cancelled` is an exit from it, not a step. */
export const PROGRAM_STAGES: readonly ProgramStage[] = (Object.keys(stageNodes) as ProgramStageKey[])
  .filter((key) => isOnTimeline(stageNodes[key]))
  .map((key) => ({ key, labelKey: `stage.${key}`, perCity: stageNodes[key].type === "parallel" }));

export type StageStatus = "done" | "current" | "upcoming" | "cancelled";

export type StageDescription = ProgramStage & {
  status: StageStatus;
  /** City code → sub-state of its region, for per-city stages; null when unknown or not per-city. */
  cities: Record<string, string> | null;
};

/** Top-level state key of a snapshot (a stage, `closed` or `cancelled`). */
export function currentStage(snapshot: ProgramSnapshot): ProgramStageKey {
  const value = snapshot.value as string | Record<string, unknown>;
  return (typeof value === "string" ? value : Object.keys(value)[0]) as ProgramStageKey;
}

function regionSubStates(snapshot: ProgramSnapshot, stage: ProgramStageKey): Record<string, string> | null {
  const value = snapshot.value as Record<string, Record<string, string>> | string;
  if (typeof value === "string") return null;
  const regions = value[stage];
  if (!regions) return null;
  return Object.fromEntries(snapshot.context.cities.map((city, slot) => [city, regions[CITY_REGIONS[slot] as string] ?? ""]));
}

function regionKeys(stage: ProgramStageKey, pick: "initial" | "final"): Record<number, string> {
  const keys: Record<number, string> = {};
  CITY_REGIONS.forEach((region, slot) => {
    const regionNode = stageNodes[stage].states[region];
    if (!regionNode) return;
    keys[slot] =
      pick === "initial"
        ? String(regionNode.config.initial)
        : (Object.keys(regionNode.states).find((key) => regionNode.states[key]?.type === "final") ?? "");
  });
  return keys;
}

function definitionSubStates(snapshot: ProgramSnapshot, stage: ProgramStageKey, pick: "initial" | "final") {
  const keys = regionKeys(stage, pick);
  return Object.fromEntries(snapshot.context.cities.map((city, slot) => [city, keys[slot] ?? ""]));
}

/** One entry per timeline stage with its status, and per city where the stage is per-city. */
export function describeProgram(snapshot: ProgramSnapshot): StageDescription[] {
  const here = currentStage(snapshot);
  const cancelledAt = snapshot.context.cancellation?.stage;
  const pivot = PROGRAM_STAGES.findIndex((stage) => stage.key === (isOnTimeline(stageNodes[here]) ? here : cancelledAt));
  const finished = snapshot.status === "done" && isOnTimeline(stageNodes[here]);

  return PROGRAM_STAGES.map((stage, index) => {
    let status: StageStatus;
    if (index < pivot || finished) status = "done";
    else if (index > pivot) status = isOnTimeline(stageNodes[here]) ? "upcoming" : "cancelled";
    else status = isOnTimeline(stageNodes[here]) ? "current" : "cancelled";

    let cities: Record<string, string> | null = null;
    if (stage.perCity) {
      if (status === "current") cities = regionSubStates(snapshot, stage.key);
      else if (status === "done") cities = definitionSubStates(snapshot, stage.key, "final");
      else if (status === "upcoming") cities = definitionSubStates(snapshot, stage.key, "initial");
    }
    return { ...stage, status, cities };
  });
}

/**
 * Events that never move a program forward by themselves: corrections and
 * the way out. A stage is not "waiting" for them.
 */
const OPTIONAL_EVENTS: ReadonlySet<string> = new Set<ProgramEventType>([
  "REVISE_TOPICS",
  "RESCHEDULE_CALL",
  "PROMOTE_RESERVE",
  "CANCEL_PROGRAM",
]);
const SCHEDULED: ReadonlySet<string> = new Set<string>(SCHEDULER_EVENTS);

export type Waiting = {
  /** A city code (its coordinators or panel), "both" cities, or the "scheduler". */
  on: string;
  event: ProgramEventType;
  /** The city the event must name, null for shared events. */
  city: string | null;
};

function progressingEvents(node: AnyStateNode | undefined): ProgramEventType[] {
  if (!node) return [];
  return node.ownEvents.filter(
    (type: string) => !type.startsWith("xstate.") && !OPTIONAL_EVENTS.has(type),
  ) as ProgramEventType[];
}

/** Who must act next for the program to move on; empty once it is closed or cancelled. */
export function waitingOn(snapshot: ProgramSnapshot): Waiting[] {
  if (snapshot.status !== "active") return [];
  const stage = currentStage(snapshot);
  const stageNode = stageNodes[stage];
  const value = snapshot.value as Record<string, unknown> | string;

  if (stageNode.type !== "parallel") {
    const subKey = typeof value === "string" ? null : (value[stage] as string);
    const node = subKey === null ? stageNode : stageNode.states[subKey];
    return progressingEvents(node).map((event) => ({ on: "both", event, city: null }));
  }

  const subStates = regionSubStates(snapshot, stage) ?? {};
  const perCity: Waiting[] = [];
  snapshot.context.cities.forEach((city, slot) => {
    const node = stageNode.states[CITY_REGIONS[slot] as string]?.states[subStates[city] ?? ""];
    for (const event of progressingEvents(node)) {
      perCity.push({ on: SCHEDULED.has(event) ? "scheduler" : city, event, city });
    }
  });

  // The same step still owed by both cities reads better as one line.
  const merged: Waiting[] = [];
  for (const entry of perCity) {
    const twin = perCity.find((other) => other !== entry && other.event === entry.event && other.on !== "scheduler");
    if (!twin || entry.on === "scheduler") merged.push(entry);
    else if (!merged.some((m) => m.event === entry.event && m.on === "both")) {
      merged.push({ on: "both", event: entry.event, city: null });
    }
  }
  return merged;
}

/** The candidates the machine would accept now (guards included), e.g. to enable buttons. */
export function allowedEvents<E extends ProgramEvent>(snapshot: ProgramSnapshot, candidates: readonly E[]): E[] {
  return candidates.filter((event) => snapshot.can(event));
}
