/** A small, fixed world for program machine tests: two cities, their pools of teams. */
import type { CallWindow } from "./deadlines.ts";
import type { ProgramEvent, ProgramInput } from "./program.machine.ts";
import type { ProgramSnapshot } from "./program.describe.ts";
import { nextReserve } from "./shortlist.ts";

export const A = "TXG";
export const B = "TLS";

export const WINDOW: CallWindow = {
  opensAt: "2019-03-31T16:00:00.000Z",
  closesAt: "2019-05-31T15:59:00.000Z",
  graceMinutes: 10,
};
export const EXTENDED_WINDOW: CallWindow = { ...WINDOW, closesAt: "2019-06-07T15:59:00.000Z" };
export const BEFORE_OPENING = "2019-03-01T00:00:00.000Z";
export const AFTER_CLOSING = "2019-07-01T00:00:00.000Z";

export const INPUT: ProgramInput = { cities: [A, B], callWindows: { [A]: WINDOW, [B]: WINDOW } };

/** A has plenty of eligible teams; B only 3, to exercise the "fewer than 5" rule. */
export const POOLS: Record<string, { eligible: string[] }> = {
  [A]: { eligible: ["a1", "a2", "a3", "a4", "a5", "a6", "a7"] },
  [B]: { eligible: ["b1", "b2", "b3"] },
};

export function partnerOf(city: string): string {
  return city === A ? B : A;
}

export function replacedBy(snapshot: ProgramSnapshot, host: string): string[] {
  return snapshot.context.replacements.filter((r) => r.host === host).map((r) => r.replacedId);
}

/**
 * One valid-looking event of every kind for the current context, plus a
 * few the guards must refuse. Bounded (one revision, one reschedule and one
 * promotion each) so that the reachable graph stays finite and small.
 */
export function candidateEvents(snapshot: ProgramSnapshot): ProgramEvent[] {
  const context = snapshot.context;
  const at = AFTER_CLOSING;
  const events: ProgramEvent[] = [];
  for (const city of context.cities) {
    const partner = partnerOf(city);
    const pool = POOLS[city]?.eligible ?? [];
    events.push(
      { type: "APPROVE_TOPICS", city, listVersion: context.topics.listVersion, at },
      { type: "APPROVE_TOPICS", city, listVersion: context.topics.listVersion + 7, at },
      { type: "CONFIRM_HOSTING", city, at },
      { type: "CALL_OPENS", city, at: BEFORE_OPENING },
      { type: "CALL_OPENS", city, at },
      { type: "CALL_CLOSES", city, at: WINDOW.opensAt },
      { type: "CALL_CLOSES", city, at },
      { type: "LOCK_SHORTLIST", city, ids: pool.slice(0, 5), eligibleCount: pool.length, at },
      { type: "LOCK_SHORTLIST", city, ids: pool.slice(0, 4), eligibleCount: pool.length + 1, at },
      { type: "FINALISE_ITINERARIES", city, at },
      { type: "PRE_DEPARTURE_HELD", city, at },
      { type: "RESULTS_MEETING_HELD", city, at },
    );
    if (context.callWindows[city]?.closesAt === WINDOW.closesAt) {
      events.push({ type: "RESCHEDULE_CALL", city, window: EXTENDED_WINDOW, at });
    }
    const partnerList = context.shortlists[partner];
    if (partnerList) {
      events.push({ type: "PICK_FINALISTS", city, ids: partnerList.slice(0, 2), at });
      events.push({ type: "PICK_FINALISTS", city, ids: POOLS[city]?.eligible.slice(0, 2) ?? [], at });
    }
    const picks = context.picks[city];
    if (partnerList && picks && replacedBy(snapshot, city).length === 0) {
      const reserve = nextReserve(partnerList, picks, replacedBy(snapshot, city));
      if (reserve && picks[0]) {
        events.push({ type: "PROMOTE_RESERVE", city, replacingId: picks[0], reserveId: reserve, reason: "declined", at });
      }
    }
  }
  if (context.topics.listVersion < 2) {
    events.push({ type: "REVISE_TOPICS", listVersion: context.topics.listVersion + 1, at });
  }
  events.push(
    { type: "REVISE_TOPICS", listVersion: context.topics.listVersion, at },
    { type: "PUBLISH_RESULTS", at },
    { type: "EXCHANGE_STARTS", at },
    { type: "EXCHANGE_ENDS", at },
    { type: "CANCEL_PROGRAM", reason: "budget withdrawn", at },
    { type: "CANCEL_PROGRAM", reason: " ", at },
  );
  return events;
}

/**
 * SPEC §1's counting rules, read off a snapshot: at most 5 shortlisted per
 * sending city, at most 2 finalists per host, every finalist on the
 * partner's locked shortlist. Empty when they hold.
 */
export function invariantViolations(snapshot: ProgramSnapshot): string[] {
  const { shortlists, picks, cities } = snapshot.context;
  const violations: string[] = [];
  for (const city of cities) {
    const list = shortlists[city];
    if (list && list.length > 5) violations.push(`${city}: ${list.length} shortlisted`);
    if (list && new Set(list).size !== list.length) violations.push(`${city}: duplicate on shortlist`);
    const hostPicks = picks[city];
    if (!hostPicks) continue;
    if (hostPicks.length > 2) violations.push(`${city}: ${hostPicks.length} finalists`);
    if (new Set(hostPicks).size !== hostPicks.length) violations.push(`${city}: duplicate finalist`);
    const partnerList = shortlists[partnerOf(city)];
    for (const id of hostPicks) {
      if (!partnerList?.includes(id)) violations.push(`${city}: finalist ${id} not on the partner's shortlist`);
    }
  }
  return violations;
}

const at = AFTER_CLOSING;

/** The first edition as the sketch tells it, in named chapters. */
export const CHAPTERS = {
  topics: [
    { type: "APPROVE_TOPICS", city: A, listVersion: 1, at },
    { type: "APPROVE_TOPICS", city: B, listVersion: 1, at },
  ],
  hosting: [
    { type: "CONFIRM_HOSTING", city: A, at },
    { type: "CONFIRM_HOSTING", city: B, at },
  ],
  calls: [
    { type: "CALL_OPENS", city: A, at },
    { type: "CALL_OPENS", city: B, at },
    { type: "CALL_CLOSES", city: A, at },
    { type: "CALL_CLOSES", city: B, at },
  ],
  shortlists: [
    { type: "LOCK_SHORTLIST", city: A, ids: ["a3", "a1", "a7", "a2", "a5"], eligibleCount: 7, at },
    { type: "LOCK_SHORTLIST", city: B, ids: ["b2", "b1", "b3"], eligibleCount: 3, at },
  ],
  picks: [
    { type: "PICK_FINALISTS", city: A, ids: ["b1", "b2"], at },
    { type: "PICK_FINALISTS", city: B, ids: ["a7", "a3"], at },
  ],
  announcement: [{ type: "PUBLISH_RESULTS", at }],
  itinerary: [
    { type: "FINALISE_ITINERARIES", city: A, at },
    { type: "FINALISE_ITINERARIES", city: B, at },
  ],
  preDeparture: [
    { type: "PRE_DEPARTURE_HELD", city: A, at },
    { type: "PRE_DEPARTURE_HELD", city: B, at },
  ],
  exchange: [
    { type: "EXCHANGE_STARTS", at },
    { type: "EXCHANGE_ENDS", at },
  ],
  reporting: [
    { type: "RESULTS_MEETING_HELD", city: A, at },
    { type: "RESULTS_MEETING_HELD", city: B, at },
  ],
} satisfies Record<string, ProgramEvent[]>;

export function chaptersUpTo(last: keyof typeof CHAPTERS): ProgramEvent[] {
  const events: ProgramEvent[] = [];
  for (const [name, chapter] of Object.entries(CHAPTERS)) {
    events.push(...chapter);
    if (name === last) break;
  }
  return events;
}
