/**
 * Coverage bookkeeping for the model-based tests: what the machine
 * definition declares, against what a traversal actually took.
 */
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyTransitionDefinition,
  createActor,
  type EventObject,
} from "xstate";
import { getStateNodes } from "xstate/graph";

export function transitionKey(t: AnyTransitionDefinition): string {
  const event = t.eventType === "" ? "(always)" : t.eventType;
  const targets = t.target?.map((node) => node.id).join(",") || "(internal)";
  const guard = t.guard ? ` [${typeof t.guard === "string" ? t.guard : ((t.guard as { type?: string }).type ?? "fn")}]` : "";
  return `${t.source.id} --${event}${guard}--> ${targets}`;
}

/** Every state node id below the root, as declared. */
export function declaredStateIds(machine: AnyStateMachine): Set<string> {
  return new Set(getStateNodes(machine.root).map((node) => node.id));
}

/** Every transition (event, eventless and done) declared on any state node. */
export function declaredTransitions(machine: AnyStateMachine): Set<string> {
  const keys = new Set<string>();
  for (const node of getStateNodes(machine.root)) {
    for (const list of node.transitions.values()) for (const t of list) keys.add(transitionKey(t));
    for (const t of node.always ?? []) keys.add(transitionKey(t));
  }
  return keys;
}

export function activeStateIds(snapshot: { _nodes: Array<{ id: string }> }): string[] {
  return snapshot._nodes.map((node) => node.id).filter((id) => id.includes("."));
}

/**
 * The transitions one event takes from `snapshot`, done and eventless ones
 * included. Pure `transition()` does not report them, the inspection API does.
 */
export function transitionsTaken(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): string[] {
  const taken: string[] = [];
  const actor = createActor(machine, {
    snapshot: machine.getPersistedSnapshot(snapshot),
    inspect: (inspection) => {
      if (inspection.type === "@xstate.microstep") {
        for (const t of inspection._transitions) taken.push(transitionKey(t));
      }
    },
  });
  actor.start();
  actor.send(event);
  actor.stop();
  return taken;
}
