import { zonedLocalToUtc } from "../../workflows/deadlines.ts";

/** What an itinerary item can be; "matchmaking" items made from the slot grid carry their slot id. */
export const ITINERARY_KINDS = ["flight", "lodging", "matchmaking", "incubator", "investor", "legal", "event"] as const;
export type ItineraryKind = (typeof ITINERARY_KINDS)[number];

export const PARTNER_KINDS = ["company", "investor", "adviser"] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Proposal states of a team that a city hosts (picked, and not dropped out). */
export const HOSTED_STATES = ["offered", "confirmed", "ready", "onExchange", "awaitingReport", "completed"] as const;

export function isTimeZone(value: string): boolean {
  if (!value) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export interface ItineraryInput {
  kind: string;
  title: string;
  /** datetime-local wall clock in startZone */
  startLocal: string;
  startZone: string;
  /** datetime-local wall clock in endZone (a flight lands in another zone) */
  endLocal: string;
  endZone: string;
  place?: string | null;
  host?: string | null;
  carrier?: string | null;
  flightNumber?: string | null;
  hostingResourceId?: string | null;
  notes?: string | null;
}

export interface ItineraryTimes {
  startsAt: string;
  endsAt: string;
}

/**
 * Wall-clock times in their own zones → UTC instants. Errors are catalogue
 * keys: a bad zone, an unreadable time, or an end not after the start
 * (checked in UTC, so a flight may land "earlier" by the clock).
 */
export function itineraryTimes(input: Pick<ItineraryInput, "startLocal" | "startZone" | "endLocal" | "endZone">): { ok: true; times: ItineraryTimes } | { ok: false; error: string } {
  if (!isTimeZone(input.startZone) || !isTimeZone(input.endZone)) return { ok: false, error: "itinerary.errors.timeZone" };
  let startsAt: string;
  let endsAt: string;
  try {
    startsAt = zonedLocalToUtc(input.startLocal, input.startZone);
    endsAt = zonedLocalToUtc(input.endLocal, input.endZone);
  } catch {
    return { ok: false, error: "itinerary.errors.time" };
  }
  if (Date.parse(endsAt) <= Date.parse(startsAt)) return { ok: false, error: "itinerary.errors.endBeforeStart" };
  return { ok: true, times: { startsAt, endsAt } };
}

/** Two half-open intervals [start, end) share time; touching ends do not. */
export function overlaps(a: ItineraryTimes, b: ItineraryTimes): boolean {
  return Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);
}
