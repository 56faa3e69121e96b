import { initialTransition, transition } from "xstate";
import { describe, expect, it } from "vitest";
import type { ProgramSnapshot } from "./program.describe.ts";
import {
  type ProgramEffect,
  type ProgramEvent,
  type ProgramInput,
  programInputErrors,
  programMachine,
} from "./program.machine.ts";
import { A, AFTER_CLOSING, B, BEFORE_OPENING, CHAPTERS, chaptersUpTo, EXTENDED_WINDOW, INPUT, WINDOW } from "./program.test-support.ts";

const at = AFTER_CLOSING;

function start(input: ProgramInput = INPUT): ProgramSnapshot {
  return initialTransition(programMachine, input)[0];
}

function play(events: ProgramEvent[], from: ProgramSnapshot = start()) {
  let snapshot = from;
  const effects: ProgramEffect[] = [];
  const refused: ProgramEvent[] = [];
  for (const event of events) {
    if (!snapshot.can(event)) refused.push(event);
    const [next, actions] = transition(programMachine, snapshot, event);
    snapshot = next;
    effects.push(...(actions.map(({ type, params }) => ({ type, params })) as ProgramEffect[]));
  }
  return { snapshot, effects, refused };
}

describe("input", () => {
  it("accepts any two distinct cities with valid call windows", () => {
    expect(programInputErrors(INPUT)).toEqual([]);
    const osakaLyon = start({ cities: ["OSA", "LYS"], callWindows: { OSA: WINDOW, LYS: WINDOW } });
    expect(osakaLyon.status).toBe("active");
    expect(osakaLyon.context.shortlists).toEqual({ OSA: null, LYS: null });
  });

  it("reports what is wrong, and a machine started anyway is in error", () => {
    const bad: ProgramInput = { cities: [A, A], callWindows: { [A]: { ...WINDOW, graceMinutes: -1 } } };
    expect(programInputErrors(bad)).toEqual([
      "cities: must differ",
      `callWindows.${A}: opensAt < closesAt, graceMinutes ≥ 0`,
      `callWindows.${A}: opensAt < closesAt, graceMinutes ≥ 0`,
    ]);
    expect(start(bad).status).toBe("error");
  });
});

describe("the whole edition", () => {
  it("runs from topics to closed with the effects the server must execute", () => {
    const { snapshot, effects, refused } = play(chaptersUpTo("reporting"));
    expect(refused).toEqual([]);
    expect(snapshot.value).toBe("closed");
    expect(snapshot.status).toBe("done");
    expect(effects).toEqual([
      { type: "notify", params: { template: "topics-agreed", cities: [A, B] } },
      { type: "notify", params: { template: "call-opened", cities: [A] } },
      { type: "notify", params: { template: "call-opened", cities: [B] } },
      { type: "closeCall", params: { city: A } },
      { type: "closeCall", params: { city: B } },
      { type: "fanOutShortlist", params: { city: A, ids: ["a3", "a1", "a7", "a2", "a5"] } },
      { type: "fanOutShortlist", params: { city: B, ids: ["b2", "b1", "b3"] } },
      { type: "notify", params: { template: "partner-shortlist-ready", cities: [A] } },
      { type: "notify", params: { template: "partner-shortlist-ready", cities: [B] } },
      { type: "fanOutPicks", params: { host: A, sendingCity: B, ids: ["b1", "b2"], reserves: ["b3"] } },
      { type: "fanOutPicks", params: { host: B, sendingCity: A, ids: ["a7", "a3"], reserves: ["a1", "a2", "a5"] } },
      { type: "publishResults", params: { finalists: { [A]: ["b1", "b2"], [B]: ["a7", "a3"] } } },
      { type: "releaseReserves", params: { host: A, sendingCity: B, ids: ["b3"] } },
      { type: "releaseReserves", params: { host: B, sendingCity: A, ids: ["a1", "a2", "a5"] } },
    ]);
  });
});

describe("topics", () => {
  it("joins only when both approved the current list", () => {
    const { snapshot, refused } = play([
      { type: "APPROVE_TOPICS", city: A, listVersion: 1, at },
      { type: "APPROVE_TOPICS", city: B, listVersion: 2, at },
    ]);
    expect(refused).toHaveLength(1);
    expect(snapshot.value).toEqual({ topics: { cityA: "approved", cityB: "proposing" } });
  });

  it("withdraws earlier approvals when the list is revised", () => {
    const { snapshot, refused } = play([
      { type: "APPROVE_TOPICS", city: A, listVersion: 1, at },
      { type: "REVISE_TOPICS", listVersion: 1, at },
      { type: "REVISE_TOPICS", listVersion: 2, at },
      { type: "APPROVE_TOPICS", city: B, listVersion: 2, at },
    ]);
    expect(refused.map((e) => e.type)).toEqual(["REVISE_TOPICS"]);
    expect(snapshot.value).toEqual({ topics: { cityA: "proposing", cityB: "approved" } });
    expect(snapshot.context.topics).toEqual({ listVersion: 2, approvedBy: [B] });
  });

  it("ignores events naming a city outside the program", () => {
    const { refused } = play([{ type: "APPROVE_TOPICS", city: "PAR", listVersion: 1, at }]);
    expect(refused).toHaveLength(1);
  });
});

describe("calls", () => {
  const hosting = play(chaptersUpTo("hosting")).snapshot;

  it("open and close only when due", () => {
    const { snapshot, refused } = play(
      [
        { type: "CALL_OPENS", city: A, at: BEFORE_OPENING },
        { type: "CALL_OPENS", city: A, at: WINDOW.opensAt },
        { type: "CALL_CLOSES", city: A, at: WINDOW.closesAt },
        { type: "CALL_CLOSES", city: A, at: "2019-05-31T16:09:00.000Z" },
      ],
      hosting,
    );
    expect(refused.map((e) => e.at)).toEqual([BEFORE_OPENING, WINDOW.closesAt]);
    expect(snapshot.value).toEqual({ selection: { cityA: "reviewing", cityB: "callScheduled" } });
  });

  it("can be extended while open, and the scheduler must then wait", () => {
    const { snapshot, refused } = play(
      [
        { type: "CALL_OPENS", city: B, at },
        { type: "RESCHEDULE_CALL", city: B, window: EXTENDED_WINDOW, at },
        { type: "CALL_CLOSES", city: B, at: "2019-05-31T16:09:00.000Z" },
      ],
      hosting,
    );
    expect(refused).toHaveLength(1);
    expect(snapshot.context.callWindows[B]).toEqual(EXTENDED_WINDOW);
    expect(snapshot.context.callWindows[A]).toEqual(WINDOW);
  });

  it("cannot be rescheduled once closed, nor to a broken window", () => {
    const closed = play(CHAPTERS.calls, hosting).snapshot;
    expect(closed.can({ type: "RESCHEDULE_CALL", city: A, window: EXTENDED_WINDOW, at })).toBe(false);
    expect(hosting.can({ type: "RESCHEDULE_CALL", city: A, window: { ...WINDOW, closesAt: WINDOW.opensAt }, at })).toBe(
      false,
    );
  });
});

describe("selection", () => {
  const reviewing = play(chaptersUpTo("calls")).snapshot;
  const [lockA, lockB] = CHAPTERS.shortlists as [ProgramEvent, ProgramEvent];

  it.each([
    ["A first", [lockA, lockB]],
    ["B first", [lockB, lockA]],
  ])("lets both cities pick once both shortlists are locked (%s)", (_, locks) => {
    const first = play([locks[0] as ProgramEvent], reviewing).snapshot;
    expect(first.can({ type: "PICK_FINALISTS", city: A, ids: ["b1", "b2"], at })).toBe(false);
    expect(Object.values(first.value as { selection: Record<string, string> })[0]).toMatchObject(
      locks[0] === lockA ? { cityA: "shortlisted" } : { cityB: "shortlisted" },
    );
    const both = play([locks[1] as ProgramEvent], first).snapshot;
    expect(both.value).toEqual({ selection: { cityA: "picking", cityB: "picking" } });
  });

  it("holds the first city in shortlisted while its partner reviews", () => {
    expect(play([lockB], reviewing).snapshot.value).toEqual({ selection: { cityA: "reviewing", cityB: "shortlisted" } });
  });

  it("refuses shortlists of the wrong size or with duplicates", () => {
    const wrong: ProgramEvent[] = [
      { type: "LOCK_SHORTLIST", city: A, ids: ["a1", "a2", "a3", "a4"], eligibleCount: 7, at },
      { type: "LOCK_SHORTLIST", city: A, ids: ["a1", "a2", "a3", "a4", "a4"], eligibleCount: 7, at },
      { type: "LOCK_SHORTLIST", city: A, ids: ["a1", "a2", "a3", "a4", "a5", "a6"], eligibleCount: 7, at },
      { type: "LOCK_SHORTLIST", city: B, ids: ["b1", "b2"], eligibleCount: 3, at },
    ];
    expect(wrong.filter((event) => reviewing.can(event))).toEqual([]);
  });

  it("refuses picks outside the partner's shortlist, own teams, or the wrong number", () => {
    const picking = play(CHAPTERS.shortlists, reviewing).snapshot;
    const wrong: ProgramEvent[] = [
      { type: "PICK_FINALISTS", city: A, ids: ["b1"], at },
      { type: "PICK_FINALISTS", city: A, ids: ["b1", "b1"], at },
      { type: "PICK_FINALISTS", city: A, ids: ["b1", "a1"], at },
      { type: "PICK_FINALISTS", city: A, ids: ["a1", "a3"], at },
      { type: "PICK_FINALISTS", city: B, ids: ["a1", "a4"], at },
    ];
    expect(wrong.filter((event) => picking.can(event))).toEqual([]);
  });

  it("asks for fewer finalists when the partner had fewer eligible teams", () => {
    const single = play(
      [lockA, { type: "LOCK_SHORTLIST", city: B, ids: ["b2"], eligibleCount: 1, at }],
      reviewing,
    ).snapshot;
    expect(single.can({ type: "PICK_FINALISTS", city: A, ids: ["b2"], at })).toBe(true);
    const none = play([lockA, { type: "LOCK_SHORTLIST", city: B, ids: [], eligibleCount: 0, at }], reviewing).snapshot;
    expect(none.can({ type: "PICK_FINALISTS", city: A, ids: [], at })).toBe(true);
  });
});

describe("replacements", () => {
  const picked = play(chaptersUpTo("picks")).snapshot;
  const declineA3 = (reserveId: string): Extract<ProgramEvent, { type: "PROMOTE_RESERVE" }> => ({
    type: "PROMOTE_RESERVE",
    city: B,
    replacingId: "a3",
    reserveId,
    reason: "declined",
    at,
  });

  it("promotes a reserve of the sending city's shortlist in place of a pick", () => {
    const { snapshot, effects } = play([declineA3("a1")], picked);
    expect(snapshot.context.picks[B]).toEqual(["a7", "a1"]);
    expect(snapshot.context.replacements).toEqual([{ host: B, replacedId: "a3", reserveId: "a1", reason: "declined" }]);
    expect(effects).toEqual([
      {
        type: "promoteReserve",
        params: { host: B, sendingCity: A, replacingId: "a3", reserveId: "a1", reason: "declined" },
      },
    ]);
  });

  it("refuses a reserve already picked, replaced, or off the shortlist", () => {
    expect(picked.can(declineA3("a7"))).toBe(false);
    expect(picked.can(declineA3("a4"))).toBe(false);
    expect(picked.can({ ...declineA3("a1"), replacingId: "a1" })).toBe(false);
    const promoted = play([declineA3("a1")], picked).snapshot;
    expect(promoted.can({ ...declineA3("a3"), replacingId: "a1" })).toBe(false);
    expect(promoted.can({ ...declineA3("a2"), replacingId: "a1" })).toBe(true);
  });

  it("is possible as soon as the host has picked, before the partner has", () => {
    const halfway = play([...chaptersUpTo("shortlists"), CHAPTERS.picks[0] as ProgramEvent]).snapshot;
    expect(halfway.can({ type: "PROMOTE_RESERVE", city: A, replacingId: "b1", reserveId: "b3", at })).toBe(true);
    expect(halfway.can({ type: "PROMOTE_RESERVE", city: B, replacingId: "a3", reserveId: "a1", at })).toBe(false);
  });

  it("stops once that host's itinerary is final", () => {
    const itinerary = play(CHAPTERS.announcement, picked).snapshot;
    expect(itinerary.can(declineA3("a1"))).toBe(true);
    const finalB = play([{ type: "FINALISE_ITINERARIES", city: B, at }], itinerary).snapshot;
    expect(finalB.can(declineA3("a1"))).toBe(false);
    expect(finalB.can({ type: "PROMOTE_RESERVE", city: A, replacingId: "b1", reserveId: "b3", at })).toBe(true);
  });
});

describe("cancellation", () => {
  it("is possible from every stage with a reason, and remembers the stage", () => {
    for (const chapter of Object.keys(CHAPTERS) as Array<keyof typeof CHAPTERS>) {
      const before = play(chaptersUpTo(chapter).slice(0, -1)).snapshot;
      const { snapshot, effects } = play([{ type: "CANCEL_PROGRAM", reason: "floods", at }], before);
      expect(snapshot.value).toBe("cancelled");
      expect(snapshot.context.cancellation?.reason).toBe("floods");
      expect(effects).toEqual([{ type: "notify", params: { template: "program-cancelled", cities: [A, B] } }]);
      expect(before.can({ type: "CANCEL_PROGRAM", reason: "", at })).toBe(false);
    }
  });

  it("is not possible once closed", () => {
    const closed = play(chaptersUpTo("reporting")).snapshot;
    expect(closed.can({ type: "CANCEL_PROGRAM", reason: "too late", at })).toBe(false);
  });
});
