import fc from "fast-check";
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import { getAdjacencyMap, getShortestPaths } from "xstate/graph";
import { describe, expect, it } from "vitest";
import { type ApplicationEffect, type ApplicationEvent, applicationMachine } from "./application.machine.ts";
import type { CallWindow } from "./deadlines.ts";
import { activeStateIds, declaredStateIds, declaredTransitions, transitionsTaken } from "./graph.test-support.ts";

type ApplicationSnapshot = SnapshotFrom<typeof applicationMachine>;

const WINDOW: CallWindow = {
  opensAt: "2019-03-31T16:00:00.000Z",
  closesAt: "2019-05-31T15:59:00.000Z",
  graceMinutes: 10,
};
const ON_TIME = "2019-05-31T16:09:00.000Z"; // inside the grace
const LATE = "2019-05-31T16:09:00.001Z";
const EARLY = "2019-03-31T15:59:59.999Z";
const INPUT = { city: "TXG" };

/** Every event, some with parameters the guards must refuse; EDIT bounded to keep the graph finite. */
function candidateEvents(snapshot: ApplicationSnapshot): ApplicationEvent[] {
  const at = ON_TIME;
  const events: ApplicationEvent[] = [
    { type: "SUBMIT", at, callWindow: WINDOW },
    { type: "SUBMIT", at: LATE, callWindow: WINDOW },
    { type: "SUBMIT", at: EARLY, callWindow: WINDOW },
    { type: "EDIT", at: LATE, callWindow: WINDOW },
    { type: "DISCARD", at },
    { type: "WITHDRAW", at },
    { type: "CALL_CLOSED", at },
    { type: "MARK_ELIGIBLE", at },
    { type: "MARK_INELIGIBLE", reason: "outside the call's topics", at },
    { type: "MARK_INELIGIBLE", reason: "", at },
    { type: "SHORTLIST", rank: 2, at },
    { type: "SHORTLIST", rank: 0, at },
    { type: "NOT_SHORTLISTED", at },
    { type: "SELECT", at },
    { type: "RESERVE", rank: 1, at },
    { type: "RESERVE", rank: 1.5, at },
    { type: "NOT_SELECTED", at },
    { type: "PROMOTE", at },
    { type: "RELEASE", at },
    { type: "ACCEPT", at },
    { type: "DECLINE", reason: "raised a round, cannot travel", at },
    { type: "OFFER_EXPIRES", at },
    { type: "CHECKLIST_COMPLETE", at },
    { type: "DROP_OUT", reason: "visa refused", at },
    { type: "DROP_OUT", reason: "  ", at },
    { type: "TRAVEL_STARTS", at },
    { type: "EXCHANGE_ENDS", at },
    { type: "SUBMIT_REPORT", at },
  ];
  if (snapshot.context.submittedVersions < 3) events.push({ type: "EDIT", at, callWindow: WINDOW });
  return events;
}

const traversal = { input: INPUT, events: candidateEvents };

function effectsOf(snapshot: ApplicationSnapshot, event: ApplicationEvent) {
  const [next, actions] = transition(applicationMachine, snapshot, event);
  return { next, effects: actions.map(({ type, params }) => ({ type, params })) as ApplicationEffect[] };
}

function reach(...events: ApplicationEvent[]): ApplicationSnapshot {
  let [snapshot] = initialTransition(applicationMachine, INPUT);
  for (const event of events) [snapshot] = transition(applicationMachine, snapshot, event);
  return snapshot;
}

const submit: ApplicationEvent = { type: "SUBMIT", at: ON_TIME, callWindow: WINDOW };
const toInReview: ApplicationEvent[] = [
  submit,
  { type: "CALL_CLOSED", at: ON_TIME },
  { type: "MARK_ELIGIBLE", at: ON_TIME },
];
const toOffered: ApplicationEvent[] = [
  ...toInReview,
  { type: "SHORTLIST", rank: 1, at: ON_TIME },
  { type: "SELECT", at: ON_TIME },
];

describe("application machine, model-based", () => {
  const paths = getShortestPaths(applicationMachine, traversal);

  it("reaches every declared state", () => {
    const visited = new Set(paths.flatMap((path) => activeStateIds(path.state)));
    expect([...declaredStateIds(applicationMachine)].filter((id) => !visited.has(id))).toEqual([]);
    expect(declaredStateIds(applicationMachine).size).toBe(20);
  });

  it("takes every declared transition", () => {
    const taken = new Set<string>();
    for (const { state, transitions } of Object.values(getAdjacencyMap(applicationMachine, traversal))) {
      if (state.status !== "active") continue;
      for (const { event } of Object.values(transitions) as Array<{ event: ApplicationEvent }>) {
        for (const key of transitionsTaken(applicationMachine, state, event)) taken.add(key);
      }
    }
    const declared = declaredTransitions(applicationMachine);
    expect([...declared].filter((key) => !taken.has(key))).toEqual([]);
    expect([...taken].filter((key) => !declared.has(key))).toEqual([]);
  });

  it("replays every shortest path to the same snapshot", () => {
    for (const path of paths) {
      const replayed = reach(...path.steps.slice(1).map((step) => step.event));
      expect([replayed.value, replayed.context]).toEqual([path.state.value, path.state.context]);
    }
  });

  it("ends only in the sketch's final states", () => {
    const finals = new Set(paths.filter((p) => p.state.status === "done").map((p) => String(p.state.value)));
    expect([...finals].sort()).toEqual(
      [
        "completed",
        "declined",
        "discarded",
        "droppedOut",
        "expired",
        "ineligible",
        "notSelected",
        "notShortlisted",
        "withdrawn",
      ].sort(),
    );
  });
});

describe("application machine, rules", () => {
  it("accepts a submission only within the window plus grace, and counts versions", () => {
    const [draft] = initialTransition(applicationMachine, INPUT);
    expect(draft.can({ type: "SUBMIT", at: EARLY, callWindow: WINDOW })).toBe(false);
    expect(draft.can({ type: "SUBMIT", at: WINDOW.opensAt, callWindow: WINDOW })).toBe(true);
    expect(draft.can({ type: "SUBMIT", at: LATE, callWindow: WINDOW })).toBe(false);

    const { next: submitted, effects } = effectsOf(draft, submit);
    expect(submitted.value).toBe("submitted");
    expect(effects).toEqual([{ type: "notify", params: { template: "submission-receipt", to: "team", version: 1 } }]);

    const edited = effectsOf(submitted, { type: "EDIT", at: ON_TIME, callWindow: WINDOW });
    expect(edited.next.context.submittedVersions).toBe(2);
    expect(edited.effects[0]?.params.version).toBe(2);
    expect(submitted.can({ type: "EDIT", at: LATE, callWindow: WINDOW })).toBe(false);
  });

  it("lets a team withdraw until the shortlist, not after", () => {
    const withdraw: ApplicationEvent = { type: "WITHDRAW", reason: "pivoted", at: ON_TIME };
    expect(reach(submit).can(withdraw)).toBe(true);
    expect(reach(submit, { type: "CALL_CLOSED", at: ON_TIME }).can(withdraw)).toBe(true);
    expect(reach(...toInReview).can(withdraw)).toBe(true);
    expect(reach(...toInReview, { type: "SHORTLIST", rank: 3, at: ON_TIME }).can(withdraw)).toBe(false);
    expect(reach().can(withdraw)).toBe(false);
    const withdrawn = reach(...toInReview, withdraw);
    expect(withdrawn.value).toBe("withdrawn");
    expect(withdrawn.context.reason).toBe("pivoted");
  });

  it("freezes the proposal once the call is closed", () => {
    const screening = reach(submit, { type: "CALL_CLOSED", at: ON_TIME });
    expect(screening.can({ type: "EDIT", at: ON_TIME, callWindow: WINDOW })).toBe(false);
  });

  it("tells the host city when an offer is declined or expires, so it can promote a reserve", () => {
    const offered = reach(...toOffered);
    expect(effectsOf(offered, { type: "DECLINE", at: ON_TIME }).effects).toEqual([
      { type: "notify", params: { template: "offer-declined", to: "team" } },
      { type: "notify", params: { template: "offer-declined", to: "host" } },
    ]);
    expect(effectsOf(offered, { type: "OFFER_EXPIRES", at: ON_TIME }).effects.map((e) => e.params.to)).toEqual([
      "team",
      "host",
    ]);
  });

  it("keeps ranks given by the program's fan-out", () => {
    const shortlisted = reach(...toInReview, { type: "SHORTLIST", rank: 4, at: ON_TIME });
    const reserve = reach(...toInReview, { type: "SHORTLIST", rank: 4, at: ON_TIME }, { type: "RESERVE", rank: 2, at: ON_TIME });
    expect(shortlisted.context.shortlistRank).toBe(4);
    expect(reserve.context).toMatchObject({ shortlistRank: 4, reserveRank: 2 });
    expect(reach(...toInReview, { type: "SHORTLIST", rank: 0, at: ON_TIME }).value).toBe("inReview");
  });

  it("refuses to start without a city: the snapshot is in error", () => {
    const [snapshot] = initialTransition(applicationMachine, { city: "" });
    expect(snapshot.status).toBe("error");
    expect(String(snapshot.error)).toMatch(/city/);
  });
});

describe("application machine, generated histories", () => {
  const eventArbitrary = fc
    .tuple(fc.nat(), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }))
    .map(([index, shift]) => {
      const [draft] = initialTransition(applicationMachine, INPUT);
      const all = candidateEvents(draft);
      const event = all[index % all.length] as ApplicationEvent;
      return { ...event, at: new Date(Date.parse(WINDOW.closesAt) + shift).toISOString() } as ApplicationEvent;
    });

  it("never accepts a version outside the window, nor any change after the call closed", () => {
    fc.assert(
      fc.property(fc.array(eventArbitrary, { maxLength: 60, size: "max" }), (events) => {
        let [snapshot] = initialTransition(applicationMachine, INPUT);
        let closed = false;
        for (const event of events) {
          const [next] = transition(applicationMachine, snapshot, event);
          if (next.context.submittedVersions !== snapshot.context.submittedVersions) {
            expect(closed).toBe(false);
            expect(event.type === "SUBMIT" || event.type === "EDIT").toBe(true);
            expect(Date.parse(event.at)).toBeLessThanOrEqual(Date.parse(WINDOW.closesAt) + 10 * 60_000);
          }
          if (!["draft", "submitted"].includes(String(next.value))) closed = true;
          snapshot = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});
