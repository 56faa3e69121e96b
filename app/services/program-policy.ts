import type { ProgramEvent, ProgramEventType } from "../../workflows/program.machine.ts";
import type { ProgramRoles } from "../lib/access.server.ts";

/**
 * Who may send which programme event. The machine decides whether an event
 * is possible now; this decides who may ask. Time events come from the
 * scheduler only; events with a list (shortlist, picks, promotions, topic
 * revisions) have their own pages and forms.
 */
export const BUTTON_EVENTS = [
  "APPROVE_TOPICS",
  "CONFIRM_HOSTING",
  "PUBLISH_RESULTS",
  "FINALISE_ITINERARIES",
  "PRE_DEPARTURE_HELD",
  "EXCHANGE_STARTS",
  "EXCHANGE_ENDS",
  "RESULTS_MEETING_HELD",
] as const satisfies readonly ProgramEventType[];
export type ButtonEvent = (typeof BUTTON_EVENTS)[number];

const CITY_EVENTS = new Set<ProgramEventType>(["APPROVE_TOPICS", "CONFIRM_HOSTING", "FINALISE_ITINERARIES", "PRE_DEPARTURE_HELD", "RESULTS_MEETING_HELD", "LOCK_SHORTLIST", "PICK_FINALISTS", "PROMOTE_RESERVE", "RESCHEDULE_CALL"]);

export function isButtonEvent(value: unknown): value is ButtonEvent {
  return typeof value === "string" && (BUTTON_EVENTS as readonly string[]).includes(value);
}

/** The concrete event a coordinator of `city` would send for a button, or null if they may not. */
export function buttonEventFor(type: ButtonEvent, actingCity: string, context: { topics: { listVersion: number } }, at: string): ProgramEvent {
  switch (type) {
    case "APPROVE_TOPICS":
      return { type, city: actingCity, listVersion: context.topics.listVersion, at };
    case "CONFIRM_HOSTING":
    case "FINALISE_ITINERARIES":
    case "PRE_DEPARTURE_HELD":
    case "RESULTS_MEETING_HELD":
      return { type, city: actingCity, at };
    case "PUBLISH_RESULTS":
    case "EXCHANGE_STARTS":
    case "EXCHANGE_ENDS":
      return { type, at };
  }
}

/** A coordinator acts for their own city only; an admin may act for either (recorded as such). */
export function mayActFor(roles: ProgramRoles, city: string): boolean {
  return roles.coordinatorOf.includes(city) || roles.admin;
}

export function mayCancel(roles: ProgramRoles): boolean {
  return roles.admin;
}

export function isCityEvent(type: ProgramEventType): boolean {
  return CITY_EVENTS.has(type);
}
