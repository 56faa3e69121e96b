/**
 * Property tests over generated histories. Events are generated as
 * "intents" resolved against the current snapshot (e.g. "pick indices 0 and
 * 3 of the partner's shortlist"), so that random histories often get past
 * the guards and reach the later stages instead of bouncing off them.
 */
import fc from "fast-check";
import { initialTransition, transition } from "xstate";
import { describe, expect, it } from "vitest";
import type { ProgramSnapshot } from "./program.describe.ts";
import { type ProgramEffect, type ProgramEvent, type ProgramEventType, programMachine } from "./program.machine.ts";
import {
  A,
  AFTER_CLOSING,
  B,
  BEFORE_OPENING,
  EXTENDED_WINDOW,
  INPUT,
  invariantViolations,
  partnerOf,
  POOLS,
} from "./program.test-support.ts";

const EVENT_TYPES: ProgramEventType[] = [
  "APPROVE_TOPICS",
  "REVISE_TOPICS",
  "CONFIRM_HOSTING",
  "RESCHEDULE_CALL",
  "CALL_OPENS",
  "CALL_CLOSES",
  "LOCK_SHORTLIST",
  "PICK_FINALISTS",
  "PUBLISH_RESULTS",
  "PROMOTE_RESERVE",
  "FINALISE_ITINERARIES",
  "PRE_DEPARTURE_HELD",
  "EXCHANGE_STARTS",
  "EXCHANGE_ENDS",
  "RESULTS_MEETING_HELD",
];
const ALL_IDS = [...(POOLS[A]?.eligible ?? []), ...(POOLS[B]?.eligible ?? []), "stranger"];

type Intent = {
  type: ProgramEventType;
  city: string;
  /** "natural": own teams for a shortlist, the partner's shortlist for picks and promotions. */
  idsFrom: "natural" | "own" | "partnerShortlist" | "anyone";
  /** ids: `required + sizeJitter` consecutive ids of the source, from `offset`. */
  offset: number;
  sizeJitter: number;
  duplicate: boolean;
  /** null: the true number of eligible teams. */
  eligibleCount: number | null;
  versionDelta: number;
  early: boolean;
};

const intentArbitrary: fc.Arbitrary<Intent> = fc.record({
  // Cancelling ends a history, so it stays rare enough for most to go far.
  type: fc.oneof(
    { arbitrary: fc.constantFrom(...EVENT_TYPES), weight: 80 },
    { arbitrary: fc.constant<ProgramEventType>("CANCEL_PROGRAM"), weight: 1 },
  ),
  city: fc.constantFrom(A, B, A, B, "ZZZ"),
  idsFrom: fc.oneof(
    { arbitrary: fc.constant("natural" as const), weight: 8 },
    { arbitrary: fc.constantFrom("own" as const, "partnerShortlist" as const, "anyone" as const), weight: 2 },
  ),
  offset: fc.nat(20),
  sizeJitter: fc.constantFrom(0, 0, 0, 0, 1, -1, 3),
  duplicate: fc.constantFrom(false, false, false, false, false, false, false, false, true),
  eligibleCount: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.nat(9), weight: 1 }),
  versionDelta: fc.integer({ min: -1, max: 1 }),
  early: fc.constantFrom(false, false, false, true),
});

/** Today's reality: the sketch's happy path up to both calls being closed. */
const TO_REVIEWING: ProgramEvent[] = [
  { type: "APPROVE_TOPICS", city: A, listVersion: 1, at: AFTER_CLOSING },
  { type: "APPROVE_TOPICS", city: B, listVersion: 1, at: AFTER_CLOSING },
  { type: "CONFIRM_HOSTING", city: A, at: AFTER_CLOSING },
  { type: "CONFIRM_HOSTING", city: B, at: AFTER_CLOSING },
  { type: "CALL_OPENS", city: A, at: AFTER_CLOSING },
  { type: "CALL_OPENS", city: B, at: AFTER_CLOSING },
  { type: "CALL_CLOSES", city: A, at: AFTER_CLOSING },
  { type: "CALL_CLOSES", city: B, at: AFTER_CLOSING },
];

function resolveIntent(intent: Intent, snapshot: ProgramSnapshot): ProgramEvent {
  const { context } = snapshot;
  const { type, city } = intent;
  const at = intent.early ? BEFORE_OPENING : AFTER_CLOSING;
  const partnerList = context.shortlists[partnerOf(city)] ?? [];
  const idsFrom = intent.idsFrom === "natural" ? (type === "LOCK_SHORTLIST" ? "own" : "partnerShortlist") : intent.idsFrom;
  const source =
    idsFrom === "own" ? (POOLS[city]?.eligible ?? []) : idsFrom === "partnerShortlist" ? partnerList : ALL_IDS;
  const eligibleCount = intent.eligibleCount ?? POOLS[city]?.eligible.length ?? 0;
  const required = type === "LOCK_SHORTLIST" ? Math.min(5, eligibleCount) : Math.min(2, partnerList.length);
  const start = source.length === 0 ? 0 : intent.offset % source.length;
  let ids = [...source.slice(start), ...source.slice(0, start)].slice(0, Math.max(0, required + intent.sizeJitter));
  if (intent.duplicate && ids.length > 1) ids = [...ids.slice(0, -1), ids[0] as string];
  switch (type) {
    case "APPROVE_TOPICS":
      return { type, city, listVersion: context.topics.listVersion + intent.versionDelta, at };
    case "REVISE_TOPICS":
      return { type, listVersion: context.topics.listVersion + intent.versionDelta, at };
    case "RESCHEDULE_CALL":
      return { type, city, window: intent.early ? { ...EXTENDED_WINDOW, graceMinutes: -5 } : EXTENDED_WINDOW, at };
    case "LOCK_SHORTLIST":
      return { type, city, ids, eligibleCount, at };
    case "PICK_FINALISTS":
      return { type, city, ids, at };
    case "PROMOTE_RESERVE": {
      const picks = context.picks[city] ?? [];
      const replacingId = picks[intent.offset % Math.max(1, picks.length)] ?? "nobody";
      const reserveId = partnerList[(intent.offset + intent.sizeJitter) % Math.max(1, partnerList.length)] ?? "nobody";
      return { type, city, replacingId, reserveId, at };
    }
    case "CANCEL_PROGRAM":
      return { type, reason: intent.early ? "" : "partner withdrew", at };
    case "PUBLISH_RESULTS":
    case "EXCHANGE_STARTS":
    case "EXCHANGE_ENDS":
      return { type, at };
    default:
      return { type, city, at };
  }
}

type Run = { events: ProgramEvent[]; snapshots: ProgramSnapshot[]; effects: ProgramEffect[] };

function run(prefix: boolean, intents: Intent[]): Run {
  let [snapshot] = initialTransition(programMachine, INPUT);
  const run: Run = { events: [], snapshots: [], effects: [] };
  const apply = (event: ProgramEvent) => {
    const [next, actions] = transition(programMachine, snapshot, event);
    snapshot = next;
    run.events.push(event);
    run.snapshots.push(next);
    run.effects.push(...(actions.map(({ type, params }) => ({ type, params })) as ProgramEffect[]));
  };
  if (prefix) TO_REVIEWING.forEach(apply);
  for (const intent of intents) apply(resolveIntent(intent, snapshot));
  return run;
}

const historyArbitrary = fc.tuple(fc.boolean(), fc.array(intentArbitrary, { maxLength: 250, size: "max" }));

function json(snapshot: ProgramSnapshot) {
  return JSON.stringify({ value: snapshot.value, context: snapshot.context, status: snapshot.status });
}

describe("program machine, generated histories", () => {
  it("never holds more than 5 shortlisted, more than 2 finalists, or a finalist off the partner's list", () => {
    fc.assert(
      fc.property(historyArbitrary, ([prefix, intents]) => {
        expect(run(prefix, intents).snapshots.flatMap(invariantViolations)).toEqual([]);
      }),
      { numRuns: 250 },
    );
  });

  it("never offers a sending city more than 2 places, and only to teams its partner picked", () => {
    fc.assert(
      fc.property(historyArbitrary, ([prefix, intents]) => {
        const { effects, snapshots } = run(prefix, intents);
        const offered = new Map<string, Set<string>>([
          [A, new Set()],
          [B, new Set()],
        ]);
        for (const effect of effects) {
          if (effect.type === "fanOutPicks") effect.params.ids.forEach((id) => offered.get(effect.params.sendingCity)?.add(id));
          if (effect.type === "promoteReserve") {
            const teams = offered.get(effect.params.sendingCity);
            teams?.delete(effect.params.replacingId);
            teams?.add(effect.params.reserveId);
          }
          expect(Math.max(...[...offered.values()].map((teams) => teams.size))).toBeLessThanOrEqual(2);
        }
        const last = snapshots.at(-1);
        if (!last) return;
        for (const [sendingCity, teams] of offered) {
          expect([...teams].sort()).toEqual([...(last.context.picks[partnerOf(sendingCity)] ?? [])].sort());
        }
      }),
      { numRuns: 200 },
    );
  });

  it("reaches the later stages often enough for the properties to mean something", () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(historyArbitrary, ([prefix, intents]) => {
        for (const snapshot of run(prefix, intents).snapshots) {
          reached.add(typeof snapshot.value === "string" ? snapshot.value : Object.keys(snapshot.value)[0] ?? "");
        }
      }),
      { numRuns: 250, seed: 20190531 },
    );
    expect([...reached]).toEqual(
      expect.arrayContaining(["selection", "announcement", "itinerary", "exchange", "closed", "cancelled"]),
    );
  });

  it("replays the same events from the initial snapshot to the same snapshot, even through a restore", () => {
    fc.assert(
      fc.property(historyArbitrary, fc.nat(), ([prefix, intents], cutSeed) => {
        const original = run(prefix, intents);
        const events = original.events;
        const cut = cutSeed % (events.length + 1);

        let [snapshot] = initialTransition(programMachine, INPUT);
        const effects: unknown[] = [];
        events.forEach((event, index) => {
          if (index === cut) {
            // What the server does between two requests.
            const stored = JSON.parse(JSON.stringify(snapshot));
            snapshot = programMachine.resolveState(stored);
          }
          const [next, actions] = transition(programMachine, snapshot, event);
          snapshot = next;
          effects.push(...actions.map(({ type, params }) => ({ type, params })));
        });

        const last = original.snapshots.at(-1);
        if (last) expect(json(snapshot)).toBe(json(last));
        expect(effects).toEqual(original.effects);
      }),
      { numRuns: 150 },
    );
  });
});
