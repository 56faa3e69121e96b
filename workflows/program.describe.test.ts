import { initialTransition, transition } from "xstate";
import { describe, expect, it } from "vitest";
import {
  allowedEvents,
  currentStage,
  describeProgram,
  PROGRAM_STAGES,
  type ProgramSnapshot,
  waitingOn,
} from "./program.describe.ts";
import { type ProgramEvent, programMachine } from "./program.machine.ts";
import { A, AFTER_CLOSING, B, CHAPTERS, chaptersUpTo, INPUT } from "./program.test-support.ts";

const at = AFTER_CLOSING;

function play(events: ProgramEvent[]): ProgramSnapshot {
  let [snapshot] = initialTransition(programMachine, INPUT);
  for (const event of events) [snapshot] = transition(programMachine, snapshot, event);
  return snapshot;
}

function statuses(snapshot: ProgramSnapshot) {
  return Object.fromEntries(describeProgram(snapshot).map((stage) => [stage.key, stage.status]));
}

describe("PROGRAM_STAGES", () => {
  it("follows the machine's top-level states, without the exit to cancelled", () => {
    expect(PROGRAM_STAGES.map((stage) => stage.key)).toEqual(
      Object.keys(programMachine.root.states).filter((key) => key !== "cancelled"),
    );
    expect(PROGRAM_STAGES.map((stage) => stage.key)).toEqual([
      "topics",
      "hosting",
      "selection",
      "announcement",
      "itinerary",
      "preDeparture",
      "exchange",
      "reporting",
      "closed",
    ]);
    expect(PROGRAM_STAGES[0]).toEqual({ key: "topics", labelKey: "stage.topics", perCity: true });
    expect(PROGRAM_STAGES.filter((stage) => !stage.perCity).map((stage) => stage.key)).toEqual([
      "announcement",
      "exchange",
      "closed",
    ]);
  });
});

describe("describeProgram", () => {
  it("marks done, current and upcoming stages, with each city's step", () => {
    const snapshot = play([...chaptersUpTo("calls"), CHAPTERS.shortlists[1] as ProgramEvent]);
    expect(currentStage(snapshot)).toBe("selection");
    expect(statuses(snapshot)).toEqual({
      topics: "done",
      hosting: "done",
      selection: "current",
      announcement: "upcoming",
      itinerary: "upcoming",
      preDeparture: "upcoming",
      exchange: "upcoming",
      reporting: "upcoming",
      closed: "upcoming",
    });
    const [topics, , selection, announcement, itinerary] = describeProgram(snapshot);
    expect(selection?.cities).toEqual({ [A]: "reviewing", [B]: "shortlisted" });
    expect(topics?.cities).toEqual({ [A]: "approved", [B]: "approved" });
    expect(itinerary?.cities).toEqual({ [A]: "planning", [B]: "planning" });
    expect(announcement?.cities).toBeNull();
  });

  it("shows every stage done once closed", () => {
    const snapshot = play(chaptersUpTo("reporting"));
    expect(new Set(Object.values(statuses(snapshot)))).toEqual(new Set(["done"]));
  });

  it("shows the stage a program was cancelled in, and everything after, as cancelled", () => {
    const snapshot = play([...chaptersUpTo("announcement"), { type: "CANCEL_PROGRAM", reason: "typhoon", at }]);
    expect(statuses(snapshot)).toMatchObject({
      announcement: "done",
      itinerary: "cancelled",
      preDeparture: "cancelled",
      closed: "cancelled",
    });
  });
});

describe("waitingOn", () => {
  it("names both cities when both still owe the same step", () => {
    expect(waitingOn(play([]))).toEqual([{ on: "both", event: "APPROVE_TOPICS", city: null }]);
  });

  it("names the one city still owing a step", () => {
    expect(waitingOn(play([CHAPTERS.topics[0] as ProgramEvent]))).toEqual([
      { on: B, event: "APPROVE_TOPICS", city: B },
    ]);
  });

  it("names the scheduler for time-driven steps", () => {
    expect(waitingOn(play(chaptersUpTo("hosting")))).toEqual([
      { on: "scheduler", event: "CALL_OPENS", city: A },
      { on: "scheduler", event: "CALL_OPENS", city: B },
    ]);
  });

  it("shows that a city with a locked shortlist waits on its partner's panel", () => {
    const snapshot = play([...chaptersUpTo("calls"), CHAPTERS.shortlists[1] as ProgramEvent]);
    expect(waitingOn(snapshot)).toEqual([{ on: A, event: "LOCK_SHORTLIST", city: A }]);
  });

  it("names shared steps as both, ignoring optional corrections", () => {
    expect(waitingOn(play(chaptersUpTo("picks")))).toEqual([{ on: "both", event: "PUBLISH_RESULTS", city: null }]);
    expect(waitingOn(play([...chaptersUpTo("preDeparture"), CHAPTERS.exchange[0] as ProgramEvent]))).toEqual([
      { on: "both", event: "EXCHANGE_ENDS", city: null },
    ]);
  });

  it("is empty once the program is over", () => {
    expect(waitingOn(play(chaptersUpTo("reporting")))).toEqual([]);
    expect(waitingOn(play([{ type: "CANCEL_PROGRAM", reason: "no budget", at }]))).toEqual([]);
  });
});

describe("allowedEvents", () => {
  it("keeps only the candidates the machine accepts now", () => {
    const snapshot = play(chaptersUpTo("calls"));
    const candidates: ProgramEvent[] = [
      { type: "LOCK_SHORTLIST", city: A, ids: ["a1", "a2", "a3", "a4", "a5"], eligibleCount: 7, at },
      { type: "LOCK_SHORTLIST", city: A, ids: ["a1"], eligibleCount: 7, at },
      { type: "PUBLISH_RESULTS", at },
      { type: "CANCEL_PROGRAM", reason: "floods", at },
    ];
    expect(allowedEvents(snapshot, candidates).map((e) => e.type)).toEqual(["LOCK_SHORTLIST", "CANCEL_PROGRAM"]);
  });
});
