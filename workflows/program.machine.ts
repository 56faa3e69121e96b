/**
 * One edition of the exchange, from topic choice to the results meeting
 * (SPEC §1, WORKFLOW.md "Program machine").
 *
 * The machine is persisted: it never starts timers or actors, its context is
 * JSON, and every side effect is a named action whose implementation is a
 * no-op. The server calls `transition()`, stores the snapshot and executes
 * the returned `ProgramEffect`s in the same database transaction.
 *
 * Cities are data, not state names: the per-city parallel regions are always
 * `cityA` (context.cities[0]) and `cityB` (context.cities[1]), so another
 * city pair runs the same machine.
 */
import { assign, setup } from "xstate";
import { type CallWindow, graceEnd, isValidWindow, parseInstant } from "./deadlines.ts";
import { reservesOf, validatePicks, validatePromotion, validateShortlist } from "./shortlist.ts";

export const PROGRAM_MACHINE_ID = "program";
export const PROGRAM_MACHINE_VERSION = 1;

/** Region names of the per-city stages, in the order of `context.cities`. */
export const CITY_REGIONS = ["cityA", "cityB"] as const;
export type CityRegion = (typeof CITY_REGIONS)[number];
type CitySlot = 0 | 1;

/** Events the scheduler sends when a configured instant passes; people send the others. */
export const SCHEDULER_EVENTS = ["CALL_OPENS", "CALL_CLOSES"] as const;

export type ProgramInput = {
  cities: [string, string];
  callWindows: Record<string, CallWindow>;
  /** Version number of the first topic list put to both cities; default 1. */
  topicListVersion?: number;
};

export type Replacement = {
  host: string;
  replacedId: string;
  reserveId: string;
  reason: string | null;
};

export type ProgramContext = {
  cities: [string, string];
  callWindows: Record<string, CallWindow>;
  topics: { listVersion: number; approvedBy: string[] };
  /** By sending city, best rank first; null until that city locks it. */
  shortlists: Record<string, string[] | null>;
  eligibleCounts: Record<string, number | null>;
  /** By host city (the city that picked them); ids come from the partner's shortlist. */
  picks: Record<string, string[] | null>;
  /** Every promotion, oldest first; a replaced team never returns as a reserve. */
  replacements: Replacement[];
  cancellation: { stage: string; reason: string } | null;
};

type At = { at: string };
export type ProgramEvent =
  | ({ type: "APPROVE_TOPICS"; city: string; listVersion: number } & At)
  | ({ type: "REVISE_TOPICS"; listVersion: number } & At)
  | ({ type: "CONFIRM_HOSTING"; city: string } & At)
  | ({ type: "RESCHEDULE_CALL"; city: string; window: CallWindow } & At)
  | ({ type: "CALL_OPENS"; city: string } & At)
  | ({ type: "CALL_CLOSES"; city: string } & At)
  | ({ type: "LOCK_SHORTLIST"; city: string; ids: string[]; eligibleCount: number } & At)
  | ({ type: "PICK_FINALISTS"; city: string; ids: string[] } & At)
  | ({ type: "PUBLISH_RESULTS" } & At)
  | ({ type: "PROMOTE_RESERVE"; city: string; replacingId: string; reserveId: string; reason?: string } & At)
  | ({ type: "FINALISE_ITINERARIES"; city: string } & At)
  | ({ type: "PRE_DEPARTURE_HELD"; city: string } & At)
  | ({ type: "EXCHANGE_STARTS" } & At)
  | ({ type: "EXCHANGE_ENDS" } & At)
  | ({ type: "RESULTS_MEETING_HELD"; city: string } & At)
  | ({ type: "CANCEL_PROGRAM"; reason: string } & At);
export type ProgramEventType = ProgramEvent["type"];

export type ProgramNotifyTemplate =
  | "topics-agreed"
  | "call-opened"
  | "partner-shortlist-ready"
  | "program-cancelled";

/**
 * What the server must do after a transition, in the order returned:
 * - notify: e-mail the coordinators/panels of `cities` with `template`.
 * - closeCall: send CALL_CLOSED to the city's submitted applications.
 * - fanOutShortlist: SHORTLIST(rank = index + 1) to `ids`, NOT_SHORTLISTED
 *   to the city's other applications in review.
 * - fanOutPicks: SELECT to `ids`, RESERVE(rank = index + 1) to `reserves`
 *   (all applications of `sendingCity`).
 * - promoteReserve: PROMOTE to `reserveId`; `replacingId` already declined,
 *   expired or dropped out.
 * - publishResults: publish the public results page of `finalists`
 *   (host city → ids of the teams it receives).
 * - releaseReserves: RELEASE to `ids`, once the host's itinerary is final
 *   and no replacement can follow.
 */
export type ProgramEffect =
  | { type: "notify"; params: { template: ProgramNotifyTemplate; cities: string[] } }
  | { type: "closeCall"; params: { city: string } }
  | { type: "fanOutShortlist"; params: { city: string; ids: string[] } }
  | { type: "fanOutPicks"; params: { host: string; sendingCity: string; ids: string[]; reserves: string[] } }
  | {
      type: "promoteReserve";
      params: { host: string; sendingCity: string; replacingId: string; reserveId: string; reason: string | null };
    }
  | { type: "publishResults"; params: { finalists: Record<string, string[]> } }
  | { type: "releaseReserves"; params: { host: string; sendingCity: string; ids: string[] } };
type EffectParams<T extends ProgramEffect["type"]> = Extract<ProgramEffect, { type: T }>["params"];

/** Why a `ProgramInput` cannot start a program; empty when it can. */
export function programInputErrors(input: ProgramInput): string[] {
  const errors: string[] = [];
  const cities = input?.cities;
  if (!Array.isArray(cities) || cities.length !== 2 || cities.some((c) => typeof c !== "string" || !c)) {
    return ["cities: exactly two city codes"];
  }
  if (cities[0] === cities[1]) errors.push("cities: must differ");
  for (const city of cities) {
    const window = input.callWindows?.[city];
    if (!window || !isValidWindow(window)) errors.push(`callWindows.${city}: opensAt < closesAt, graceMinutes ≥ 0`);
  }
  const version = input.topicListVersion ?? 1;
  if (!Number.isInteger(version) || version < 1) errors.push("topicListVersion: positive integer");
  return errors;
}

function partnerOf(context: ProgramContext, city: string): string {
  return context.cities[0] === city ? context.cities[1] : context.cities[0];
}

function isProgramCity(context: ProgramContext, city: unknown): city is string {
  return city === context.cities[0] || city === context.cities[1];
}

/** `slot` null: either city, for events handled by a whole stage rather than a region. */
function isActingCity(context: ProgramContext, event: ProgramEvent, slot: CitySlot | null): boolean {
  if (!("city" in event)) return false;
  return slot === null ? isProgramCity(context, event.city) : event.city === context.cities[slot];
}

function replacedIds(context: ProgramContext, host: string): string[] {
  return context.replacements.filter((r) => r.host === host).map((r) => r.replacedId);
}

function byCity<T>(cities: readonly string[], value: (city: string) => T): Record<string, T> {
  return Object.fromEntries(cities.map((city) => [city, value(city)]));
}

type SlotParams = { slot: CitySlot };
type AnySlotParams = { slot: CitySlot | null };
const noEffect = () => {};

export const programSetup = setup({
  types: {
    context: {} as ProgramContext,
    events: {} as ProgramEvent,
    input: {} as ProgramInput,
  },
  guards: {
    isRegionCity: ({ context, event }, { slot }: SlotParams) => isActingCity(context, event, slot),
    canApproveTopics: ({ context, event }, { slot }: SlotParams) =>
      event.type === "APPROVE_TOPICS" &&
      isActingCity(context, event, slot) &&
      event.listVersion === context.topics.listVersion,
    isNewerTopicList: ({ context, event }) =>
      event.type === "REVISE_TOPICS" &&
      Number.isInteger(event.listVersion) &&
      event.listVersion > context.topics.listVersion,
    canRescheduleCall: ({ context, event }, { slot }: AnySlotParams) =>
      event.type === "RESCHEDULE_CALL" && isActingCity(context, event, slot) && isValidWindow(event.window),
    callIsDueToOpen: ({ context, event }, { slot }: SlotParams) => {
      if (event.type !== "CALL_OPENS" || !isActingCity(context, event, slot)) return false;
      const window = context.callWindows[event.city];
      return window !== undefined && parseInstant(event.at) >= parseInstant(window.opensAt);
    },
    callIsDueToClose: ({ context, event }, { slot }: SlotParams) => {
      if (event.type !== "CALL_CLOSES" || !isActingCity(context, event, slot)) return false;
      const window = context.callWindows[event.city];
      return window !== undefined && parseInstant(event.at) >= parseInstant(graceEnd(window));
    },
    isValidShortlist: ({ context, event }, { slot }: SlotParams) =>
      event.type === "LOCK_SHORTLIST" &&
      isActingCity(context, event, slot) &&
      validateShortlist(event.ids, event.eligibleCount).length === 0,
    partnerHasShortlist: ({ context }, { slot }: SlotParams) =>
      context.shortlists[partnerOf(context, context.cities[slot])] != null,
    isValidPick: ({ context, event }, { slot }: SlotParams) => {
      if (event.type !== "PICK_FINALISTS" || !isActingCity(context, event, slot)) return false;
      const partnerShortlist = context.shortlists[partnerOf(context, event.city)];
      return partnerShortlist != null && validatePicks(event.ids, partnerShortlist).length === 0;
    },
    isValidPromotion: ({ context, event }, { slot }: AnySlotParams) => {
      if (event.type !== "PROMOTE_RESERVE" || !isActingCity(context, event, slot)) return false;
      const picks = context.picks[event.city];
      const partnerShortlist = context.shortlists[partnerOf(context, event.city)];
      if (picks == null || partnerShortlist == null) return false;
      return validatePromotion(event, partnerShortlist, picks, replacedIds(context, event.city)).length === 0;
    },
    hasCancelReason: ({ event }) =>
      event.type === "CANCEL_PROGRAM" && typeof event.reason === "string" && event.reason.trim() !== "",
  },
  actions: {
    startTopicList: assign(({ context, event }) =>
      event.type === "REVISE_TOPICS" ? { topics: { listVersion: event.listVersion, approvedBy: [] } } : context,
    ),
    recordTopicApproval: assign(({ context, event }) =>
      event.type === "APPROVE_TOPICS"
        ? { topics: { ...context.topics, approvedBy: [...context.topics.approvedBy, event.city] } }
        : context,
    ),
    recordCallWindow: assign(({ context, event }) =>
      event.type === "RESCHEDULE_CALL"
        ? { callWindows: { ...context.callWindows, [event.city]: { ...event.window } } }
        : context,
    ),
    recordShortlist: assign(({ context, event }) =>
      event.type === "LOCK_SHORTLIST"
        ? {
            shortlists: { ...context.shortlists, [event.city]: [...event.ids] },
            eligibleCounts: { ...context.eligibleCounts, [event.city]: event.eligibleCount },
          }
        : context,
    ),
    recordPicks: assign(({ context, event }) =>
      event.type === "PICK_FINALISTS" ? { picks: { ...context.picks, [event.city]: [...event.ids] } } : context,
    ),
    recordPromotion: assign(({ context, event }) => {
      if (event.type !== "PROMOTE_RESERVE") return context;
      const picks = (context.picks[event.city] ?? []).map((id) => (id === event.replacingId ? event.reserveId : id));
      const replacement: Replacement = {
        host: event.city,
        replacedId: event.replacingId,
        reserveId: event.reserveId,
        reason: event.reason ?? null,
      };
      return { picks: { ...context.picks, [event.city]: picks }, replacements: [...context.replacements, replacement] };
    }),
    recordCancellation: assign(({ context, event }, { stage }: { stage: string }) =>
      event.type === "CANCEL_PROGRAM" ? { cancellation: { stage, reason: event.reason } } : context,
    ),
    notify: (_, _params: EffectParams<"notify">) => noEffect(),
    closeCall: (_, _params: EffectParams<"closeCall">) => noEffect(),
    fanOutShortlist: (_, _params: EffectParams<"fanOutShortlist">) => noEffect(),
    fanOutPicks: (_, _params: EffectParams<"fanOutPicks">) => noEffect(),
    promoteReserve: (_, _params: EffectParams<"promoteReserve">) => noEffect(),
    publishResults: (_, _params: EffectParams<"publishResults">) => noEffect(),
    releaseReserves: (_, _params: EffectParams<"releaseReserves">) => noEffect(),
  },
});

/** Events always carry the fields their transition's guard checked; `as` only restates that. */
function promotion(slot: CitySlot | null) {
  return {
    guard: { type: "isValidPromotion", params: { slot } },
    actions: [
      {
        type: "promoteReserve",
        params: ({ context, event }: { context: ProgramContext; event: ProgramEvent }) => {
          const e = event as Extract<ProgramEvent, { type: "PROMOTE_RESERVE" }>;
          return {
            host: e.city,
            sendingCity: partnerOf(context, e.city),
            replacingId: e.replacingId,
            reserveId: e.reserveId,
            reason: e.reason ?? null,
          };
        },
      },
      { type: "recordPromotion" },
    ],
  } as const;
}

function cancelFrom(stage: string) {
  return {
    guard: "hasCancelReason",
    target: "cancelled",
    actions: [
      { type: "recordCancellation", params: { stage } },
      {
        type: "notify",
        params: ({ context }: { context: ProgramContext }) => ({
          template: "program-cancelled" as const,
          cities: [...context.cities],
        }),
      },
    ],
  } as const;
}

function rescheduling(slot: CitySlot | null) {
  return { guard: { type: "canRescheduleCall", params: { slot } }, actions: "recordCallWindow" } as const;
}

function topicsRegion(slot: CitySlot) {
  return programSetup.createStateConfig({
    initial: "proposing",
    states: {
      proposing: {
        on: {
          APPROVE_TOPICS: {
            guard: { type: "canApproveTopics", params: { slot } },
            target: "approved",
            actions: "recordTopicApproval",
          },
        },
      },
      approved: { type: "final" },
    },
  });
}

/** One step, `from` → `to`, on an event of the region's own city. */
function twoStepRegion<const From extends string, const To extends string>(
  slot: CitySlot,
  from: From,
  event: "CONFIRM_HOSTING" | "PRE_DEPARTURE_HELD" | "RESULTS_MEETING_HELD",
  to: To,
) {
  return programSetup.createStateConfig({
    initial: from,
    states: {
      [from]: { on: { [event]: { guard: { type: "isRegionCity", params: { slot } }, target: to } } },
      [to]: { type: "final" },
    } as Record<From | To, object>,
  });
}

function selectionRegion(slot: CitySlot) {
  return programSetup.createStateConfig({
    initial: "callScheduled",
    states: {
      callScheduled: {
        on: {
          RESCHEDULE_CALL: rescheduling(slot),
          CALL_OPENS: {
            guard: { type: "callIsDueToOpen", params: { slot } },
            target: "callOpen",
            actions: {
              type: "notify",
              params: ({ context }) => ({ template: "call-opened", cities: [context.cities[slot]] }),
            },
          },
        },
      },
      callOpen: {
        on: {
          RESCHEDULE_CALL: rescheduling(slot),
          CALL_CLOSES: {
            guard: { type: "callIsDueToClose", params: { slot } },
            target: "reviewing",
            actions: { type: "closeCall", params: ({ context }) => ({ city: context.cities[slot] }) },
          },
        },
      },
      reviewing: {
        on: {
          LOCK_SHORTLIST: {
            guard: { type: "isValidShortlist", params: { slot } },
            target: "shortlisted",
            actions: [
              "recordShortlist",
              {
                type: "fanOutShortlist",
                params: ({ event }) => ({ city: event.city, ids: [...event.ids] }),
              },
            ],
          },
        },
      },
      // Picking needs the partner's list; whichever city locks second
      // releases both regions, because eventless transitions are re-checked
      // in every region after each event.
      shortlisted: {
        always: { guard: { type: "partnerHasShortlist", params: { slot } }, target: "picking" },
      },
      picking: {
        entry: {
          type: "notify",
          params: ({ context }) => ({ template: "partner-shortlist-ready", cities: [context.cities[slot]] }),
        },
        on: {
          PICK_FINALISTS: {
            guard: { type: "isValidPick", params: { slot } },
            target: "picked",
            actions: [
              "recordPicks",
              {
                type: "fanOutPicks",
                params: ({ context, event }) => {
                  const sendingCity = partnerOf(context, event.city);
                  return {
                    host: event.city,
                    sendingCity,
                    ids: [...event.ids],
                    reserves: reservesOf(context.shortlists[sendingCity] ?? [], event.ids),
                  };
                },
              },
            ],
          },
        },
      },
      picked: { type: "final" },
    },
  });
}

function itineraryRegion(slot: CitySlot) {
  return programSetup.createStateConfig({
    initial: "planning",
    states: {
      planning: {
        on: {
          PROMOTE_RESERVE: promotion(slot),
          FINALISE_ITINERARIES: {
            guard: { type: "isRegionCity", params: { slot } },
            target: "final",
            actions: {
              type: "releaseReserves",
              params: ({ context }) => {
                const host = context.cities[slot];
                const sendingCity = partnerOf(context, host);
                return {
                  host,
                  sendingCity,
                  ids: reservesOf(
                    context.shortlists[sendingCity] ?? [],
                    context.picks[host] ?? [],
                    replacedIds(context, host),
                  ),
                };
              },
            },
          },
        },
      },
      final: { type: "final" },
    },
  });
}

export const programMachine = programSetup.createMachine({
  id: PROGRAM_MACHINE_ID,
  context: ({ input }) => {
    const errors = programInputErrors(input);
    if (errors.length > 0) throw new Error(`Invalid program input: ${errors.join("; ")}`);
    const cities: [string, string] = [input.cities[0], input.cities[1]];
    return {
      cities,
      callWindows: byCity(cities, (city) => ({ ...(input.callWindows[city] as CallWindow) })),
      topics: { listVersion: input.topicListVersion ?? 1, approvedBy: [] },
      shortlists: byCity(cities, () => null),
      eligibleCounts: byCity(cities, () => null),
      picks: byCity(cities, () => null),
      replacements: [],
      cancellation: null,
    };
  },
  initial: "topics",
  states: {
    topics: {
      type: "parallel",
      states: { cityA: topicsRegion(0), cityB: topicsRegion(1) },
      on: {
        // Both approvals must concern the same list: a revision withdraws them.
        REVISE_TOPICS: { guard: "isNewerTopicList", target: "topics", reenter: true, actions: "startTopicList" },
        RESCHEDULE_CALL: rescheduling(null),
        CANCEL_PROGRAM: cancelFrom("topics"),
      },
      onDone: {
        target: "hosting",
        actions: {
          type: "notify",
          params: ({ context }) => ({ template: "topics-agreed", cities: [...context.cities] }),
        },
      },
    },
    hosting: {
      type: "parallel",
      states: {
        cityA: twoStepRegion(0, "inventorying", "CONFIRM_HOSTING", "confirmed"),
        cityB: twoStepRegion(1, "inventorying", "CONFIRM_HOSTING", "confirmed"),
      },
      on: { RESCHEDULE_CALL: rescheduling(null), CANCEL_PROGRAM: cancelFrom("hosting") },
      onDone: { target: "selection" },
    },
    selection: {
      type: "parallel",
      states: { cityA: selectionRegion(0), cityB: selectionRegion(1) },
      // A host that has picked may already have to replace a decline.
      on: { PROMOTE_RESERVE: promotion(null), CANCEL_PROGRAM: cancelFrom("selection") },
      onDone: { target: "announcement" },
    },
    announcement: {
      on: {
        PUBLISH_RESULTS: {
          target: "itinerary",
          actions: {
            type: "publishResults",
            params: ({ context }) => ({ finalists: byCity(context.cities, (host) => [...(context.picks[host] ?? [])]) }),
          },
        },
        PROMOTE_RESERVE: promotion(null),
        CANCEL_PROGRAM: cancelFrom("announcement"),
      },
    },
    // Per host city; a replacement after its itinerary is final would
    // silently invalidate booked travel, so promotion stops there.
    itinerary: {
      type: "parallel",
      states: { cityA: itineraryRegion(0), cityB: itineraryRegion(1) },
      on: { CANCEL_PROGRAM: cancelFrom("itinerary") },
      onDone: { target: "preDeparture" },
    },
    // Per sending city: each briefs its own outgoing teams.
    preDeparture: {
      type: "parallel",
      states: {
        cityA: twoStepRegion(0, "scheduled", "PRE_DEPARTURE_HELD", "held"),
        cityB: twoStepRegion(1, "scheduled", "PRE_DEPARTURE_HELD", "held"),
      },
      on: { CANCEL_PROGRAM: cancelFrom("preDeparture") },
      onDone: { target: "exchange" },
    },
    exchange: {
      initial: "upcoming",
      states: {
        upcoming: { on: { EXCHANGE_STARTS: { target: "underway" } } },
        underway: { on: { EXCHANGE_ENDS: { target: "#program.reporting" } } },
      },
      on: { CANCEL_PROGRAM: cancelFrom("exchange") },
    },
    reporting: {
      type: "parallel",
      states: {
        cityA: twoStepRegion(0, "collecting", "RESULTS_MEETING_HELD", "held"),
        cityB: twoStepRegion(1, "collecting", "RESULTS_MEETING_HELD", "held"),
      },
      on: { CANCEL_PROGRAM: cancelFrom("reporting") },
      onDone: { target: "closed" },
    },
    closed: { type: "final" },
    // Not a step of the timeline: the way out of any step.
    cancelled: { type: "final", meta: { offTimeline: true } },
  },
});

export type ProgramMachine = typeof programMachine;
