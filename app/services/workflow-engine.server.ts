import { initialTransition, transition, type AnyStateMachine, type AnyMachineSnapshot, type EventObject } from "xstate";
import type { DB } from "../../db/client.ts";
import type { WorkflowInstance } from "../../db/schema.ts";
import { compareAndSetInstance, findInstance, insertInstance } from "../../db/repositories/workflows.ts";
import { randomId } from "../lib/ids.ts";

/** Who sent an event: a person (user id + e-mail) or the scheduler. */
export interface Actor {
  userId: string | null;
  label: string;
}

export const SCHEDULER_ACTOR: Actor = { userId: null, label: "scheduler" };

export class WorkflowConflictError extends Error {
  readonly code = "conflict";
  constructor() {
    super("The workflow instance was changed by someone else");
  }
}

export class EventNotAllowedError extends Error {
  readonly code = "not-allowed";
  readonly eventType: string;
  readonly state: string;
  constructor(eventType: string, state: string) {
    super(`${eventType} is not allowed in ${state}`);
    this.eventType = eventType;
    this.state = state;
  }
}

export interface ExecutedAction {
  type: string;
  params?: unknown;
}

export interface Transitioned {
  instance: WorkflowInstance;
  before: AnyMachineSnapshot;
  after: AnyMachineSnapshot;
  actions: ExecutedAction[];
}

/** What the store keeps of a snapshot: enough for `resolveState` to rebuild it. */
function persistable(snapshot: AnyMachineSnapshot): string {
  return JSON.stringify({ value: snapshot.value, context: snapshot.context, status: snapshot.status });
}

export function stateKey(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function restore(machine: AnyStateMachine, instance: Pick<WorkflowInstance, "snapshot">): AnyMachineSnapshot {
  const stored = JSON.parse(instance.snapshot) as { value: unknown; context: unknown };
  return machine.resolveState({ value: stored.value as never, context: stored.context as never });
}

/** Keep only the named side effects; XState's own assign/raise entries are not ours to run. */
function effectsOf(actions: readonly { type: string; params?: unknown }[]): ExecutedAction[] {
  return actions.filter((a) => !a.type.startsWith("xstate.")).map((a) => ({ type: a.type, params: a.params }));
}

export async function createInstance(
  trx: DB,
  args: { machine: AnyStateMachine; machineId: string; machineVersion: number; programId: string; subjectId: string; input: unknown; at: string; actor: Actor; cityId?: string | null },
): Promise<Transitioned> {
  const [snapshot, actions] = initialTransition(args.machine, args.input);
  const instance: WorkflowInstance = {
    id: randomId(),
    machine_id: args.machineId,
    machine_version: args.machineVersion,
    program_id: args.programId,
    subject_id: args.subjectId,
    snapshot: persistable(snapshot),
    state_value: stateKey(snapshot.value),
    version: 1,
    updated_at: args.at,
  };
  await insertInstance(trx, instance);
  await trx
    .insertInto("workflow_events")
    .values({
      instance_id: instance.id,
      seq: 1,
      event_type: "START",
      event: JSON.stringify({ type: "START", input: args.input }),
      actor_user_id: args.actor.userId,
      actor_label: args.actor.label,
      city_id: args.cityId ?? null,
      at: args.at,
      state_before: "",
      state_after: instance.state_value,
    })
    .execute();
  return { instance, before: snapshot, after: snapshot, actions: effectsOf(actions) };
}

/**
 * The one way a workflow moves: load, check, pure transition, compare-and-set
 * the snapshot, append the event. Must run inside the caller's transaction so
 * the effects it returns are applied atomically with it.
 * `expectedVersion` is the version the user saw; a mismatch is a conflict.
 */
export async function applyEvent(
  trx: DB,
  args: { machine: AnyStateMachine; instanceId: string; event: EventObject & { at: string }; actor: Actor; expectedVersion?: number; cityId?: string | null },
): Promise<Transitioned> {
  const row = await findInstance(trx, args.instanceId);
  if (!row) throw new Error(`Unknown workflow instance ${args.instanceId}`);
  if (args.expectedVersion !== undefined && row.version !== args.expectedVersion) throw new WorkflowConflictError();
  const before = restore(args.machine, row);
  if (!before.can(args.event)) throw new EventNotAllowedError(args.event.type, row.state_value);
  const [after, actions] = transition(args.machine, before, args.event);
  const next = { snapshot: persistable(after), state_value: stateKey(after.value), updated_at: args.event.at };
  if (!(await compareAndSetInstance(trx, row.id, row.version, next))) throw new WorkflowConflictError();
  await trx
    .insertInto("workflow_events")
    .values({
      instance_id: row.id,
      seq: row.version + 1,
      event_type: args.event.type,
      event: JSON.stringify(args.event),
      actor_user_id: args.actor.userId,
      actor_label: args.actor.label,
      city_id: args.cityId ?? ("city" in args.event && typeof args.event.city === "string" ? args.event.city : null),
      at: args.event.at,
      state_before: row.state_value,
      state_after: next.state_value,
    })
    .execute();
  return { instance: { ...row, ...next, version: row.version + 1 }, before, after, actions: effectsOf(actions) };
}
