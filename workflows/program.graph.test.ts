/**
 * Model-based tests: traverse every reachable snapshot of the program
 * machine from a fixed world of events, and prove the traversal visited
 * every declared state and took every declared transition.
 */
import { initialTransition, transition } from "xstate";
import { getAdjacencyMap, getShortestPaths } from "xstate/graph";
import { beforeAll, describe, expect, it } from "vitest";
import { activeStateIds, declaredStateIds, declaredTransitions, transitionsTaken } from "./graph.test-support.ts";
import type { ProgramSnapshot } from "./program.describe.ts";
import { type ProgramEvent, programMachine } from "./program.machine.ts";
import { candidateEvents, INPUT, invariantViolations } from "./program.test-support.ts";

const traversal = { input: INPUT, events: candidateEvents };

describe("program machine, model-based", () => {
  let paths: ReturnType<typeof getShortestPaths<typeof programMachine>>;
  let edges: Array<{ state: ProgramSnapshot; event: ProgramEvent; next: ProgramSnapshot }>;

  beforeAll(() => {
    paths = getShortestPaths(programMachine, traversal);
    const adjacency = getAdjacencyMap(programMachine, traversal);
    edges = Object.values(adjacency)
      .filter(({ state }) => state.status === "active")
      .flatMap(({ state, transitions }) =>
        (Object.values(transitions) as Array<{ event: ProgramEvent; state: ProgramSnapshot }>).map(
          ({ event, state: next }) => ({ state, event, next }),
        ),
      );
  });

  it("reaches every declared state", () => {
    const visited = new Set(paths.flatMap((path) => activeStateIds(path.state)));
    expect([...declaredStateIds(programMachine)].filter((id) => !visited.has(id))).toEqual([]);
    expect(paths.length).toBeGreaterThan(100);
  });

  it("takes every declared transition", () => {
    const taken = new Set<string>();
    for (const { state, event } of edges) {
      for (const key of transitionsTaken(programMachine, state, event)) taken.add(key);
    }
    const declared = declaredTransitions(programMachine);
    expect([...declared].filter((key) => !taken.has(key))).toEqual([]);
    expect([...taken].filter((key) => !declared.has(key))).toEqual([]);
  });

  it("keeps the counting rules in every reachable snapshot", () => {
    const violations = paths.flatMap((path) => invariantViolations(path.state));
    expect(violations).toEqual([]);
  });

  // One path per distinct state value keeps this fast; the property tests
  // replay random histories in bulk.
  it("replays a shortest path to each state value with the pure functions", () => {
    const mismatches: string[] = [];
    const byValue = new Map(paths.map((path) => [JSON.stringify(path.state.value), path]));
    expect(byValue.size).toBeGreaterThan(30);
    for (const path of byValue.values()) {
      let [snapshot] = initialTransition(programMachine, INPUT);
      for (const step of path.steps.slice(1)) [snapshot] = transition(programMachine, snapshot, step.event);
      if (JSON.stringify([snapshot.value, snapshot.context]) !== JSON.stringify([path.state.value, path.state.context])) {
        mismatches.push(JSON.stringify(path.steps.map((step) => step.event.type)));
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("ends every complete path in closed or cancelled", () => {
    const ends = new Set(paths.filter((p) => p.state.status === "done").map((p) => String(p.state.value)));
    expect([...ends].sort()).toEqual(["cancelled", "closed"]);
  });
});
