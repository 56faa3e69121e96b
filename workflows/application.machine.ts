/**
 * One proposal of one team to its home city's call (WORKFLOW.md
 * "Application machine"), persisted like the program machine: no timers, JSON
 * context, effects as no-op named actions the server executes.
 *
 * The program machine's effects drive most of these events (CALL_CLOSED,
 * SHORTLIST, SELECT, RESERVE, PROMOTE, RELEASE…); applicants send SUBMIT,
 * EDIT, WITHDRAW, ACCEPT, DECLINE and SUBMIT_REPORT.
 */
import { assign, setup } from "xstate";
import { type CallWindow, isWithinWindow } from "./deadlines.ts";

export const APPLICATION_MACHINE_ID = "application";
export const APPLICATION_MACHINE_VERSION = 1;

export type ApplicationInput = { city: string };

export type ApplicationContext = {
  /** Home (sending) city code. */
  city: string;
  /** How many versions were submitted on time; the first SUBMIT makes 1. */
  submittedVersions: number;
  shortlistRank: number | null;
  reserveRank: number | null;
  /** Why the application ended early (ineligible, withdrawn, declined, dropped out). */
  reason: string | null;
};

type At = { at: string };
type WithReason = { reason?: string };
export type ApplicationEvent =
  | ({ type: "SUBMIT"; callWindow: CallWindow } & At)
  | ({ type: "EDIT"; callWindow: CallWindow } & At)
  | ({ type: "DISCARD" } & At)
  | ({ type: "WITHDRAW" } & WithReason & At)
  | ({ type: "CALL_CLOSED" } & At)
  | ({ type: "MARK_ELIGIBLE" } & At)
  | ({ type: "MARK_INELIGIBLE"; reason: string } & At)
  | ({ type: "SHORTLIST"; rank: number } & At)
  | ({ type: "NOT_SHORTLISTED" } & At)
  | ({ type: "SELECT" } & At)
  | ({ type: "RESERVE"; rank: number } & At)
  | ({ type: "NOT_SELECTED" } & At)
  | ({ type: "PROMOTE" } & At)
  | ({ type: "RELEASE" } & At)
  | ({ type: "ACCEPT" } & At)
  | ({ type: "DECLINE" } & WithReason & At)
  | ({ type: "OFFER_EXPIRES" } & At)
  | ({ type: "CHECKLIST_COMPLETE" } & At)
  | ({ type: "DROP_OUT"; reason: string } & At)
  | ({ type: "TRAVEL_STARTS" } & At)
  | ({ type: "EXCHANGE_ENDS" } & At)
  | ({ type: "SUBMIT_REPORT" } & At);
export type ApplicationEventType = ApplicationEvent["type"];

export type ApplicationNotifyTemplate =
  | "submission-receipt"
  | "withdrawn"
  | "ineligible"
  | "shortlisted"
  | "not-shortlisted"
  | "offer"
  | "reserve"
  | "not-selected"
  | "offer-accepted"
  | "offer-declined"
  | "offer-expired"
  | "dropped-out"
  | "report-received";

/**
 * The only effect: an e-mail. `to` "team" is the applicant team; "host" the
 * coordinators of the city receiving the team, who must pick a replacement
 * (PROMOTE_RESERVE) after a decline, an expiry or a drop-out; "home" the
 * team's own city coordinators. `version` is set on submission receipts.
 */
export type ApplicationEffect = {
  type: "notify";
  params: { template: ApplicationNotifyTemplate; to: "team" | "host" | "home"; version?: number };
};

function hasText(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function isRank(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

const noEffect = () => {};

export const applicationSetup = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as ApplicationEvent,
    input: {} as ApplicationInput,
  },
  guards: {
    // The server supplies the window in force; the machine only judges the
    // server's clock against it, never the browser's.
    isWithinCallWindow: ({ event }) =>
      (event.type === "SUBMIT" || event.type === "EDIT") && isWithinWindow(event.at, event.callWindow),
    hasReason: ({ event }) => "reason" in event && hasText(event.reason),
    hasRank: ({ event }) => "rank" in event && isRank(event.rank),
  },
  actions: {
    countSubmittedVersion: assign({ submittedVersions: ({ context }) => context.submittedVersions + 1 }),
    recordShortlistRank: assign({
      shortlistRank: ({ context, event }) => (event.type === "SHORTLIST" ? event.rank : context.shortlistRank),
    }),
    recordReserveRank: assign({
      reserveRank: ({ context, event }) => (event.type === "RESERVE" ? event.rank : context.reserveRank),
    }),
    recordReason: assign({
      reason: ({ context, event }) => ("reason" in event && hasText(event.reason) ? event.reason : context.reason),
    }),
    notify: (_, _params: ApplicationEffect["params"]) => noEffect(),
  },
});

function notify(template: ApplicationNotifyTemplate, to: ApplicationEffect["params"]["to"] = "team") {
  return { type: "notify", params: { template, to } } as const;
}

const receipt = {
  type: "notify",
  params: ({ context }: { context: ApplicationContext }) => ({
    template: "submission-receipt" as const,
    to: "team" as const,
    version: context.submittedVersions,
  }),
} as const;

const withdrawal = {
  target: "withdrawn",
  actions: ["recordReason", notify("withdrawn"), notify("withdrawn", "home")],
} as const;

export const applicationMachine = applicationSetup.createMachine({
  id: APPLICATION_MACHINE_ID,
  context: ({ input }) => {
    if (!hasText(input?.city)) throw new Error("Invalid application input: city is required");
    return { city: input.city, submittedVersions: 0, shortlistRank: null, reserveRank: null, reason: null };
  },
  initial: "draft",
  states: {
    draft: {
      on: {
        SUBMIT: { guard: "isWithinCallWindow", target: "submitted", actions: ["countSubmittedVersion", receipt] },
        DISCARD: { target: "discarded" },
      },
    },
    submitted: {
      on: {
        EDIT: { guard: "isWithinCallWindow", actions: ["countSubmittedVersion", receipt] },
        WITHDRAW: withdrawal,
        CALL_CLOSED: { target: "screening" },
      },
    },
    withdrawn: { type: "final" },
    discarded: { type: "final" },
    screening: {
      on: {
        WITHDRAW: withdrawal,
        MARK_ELIGIBLE: { target: "inReview" },
        MARK_INELIGIBLE: {
          guard: "hasReason",
          target: "ineligible",
          actions: ["recordReason", notify("ineligible")],
        },
      },
    },
    ineligible: { type: "final" },
    // Withdrawing stops here: once the shortlist is locked the partner city
    // has been promised these teams.
    inReview: {
      on: {
        WITHDRAW: withdrawal,
        SHORTLIST: {
          guard: "hasRank",
          target: "shortlisted",
          actions: ["recordShortlistRank", notify("shortlisted")],
        },
        NOT_SHORTLISTED: { target: "notShortlisted", actions: notify("not-shortlisted") },
      },
    },
    shortlisted: {
      on: {
        SELECT: { target: "offered", actions: notify("offer") },
        RESERVE: { guard: "hasRank", target: "reserve", actions: ["recordReserveRank", notify("reserve")] },
        NOT_SELECTED: { target: "notSelected", actions: notify("not-selected") },
      },
    },
    notShortlisted: { type: "final" },
    reserve: {
      on: {
        PROMOTE: { target: "offered", actions: notify("offer") },
        RELEASE: { target: "notSelected", actions: notify("not-selected") },
      },
    },
    notSelected: { type: "final" },
    offered: {
      on: {
        ACCEPT: { target: "confirmed", actions: notify("offer-accepted", "host") },
        DECLINE: {
          target: "declined",
          actions: ["recordReason", notify("offer-declined"), notify("offer-declined", "host")],
        },
        OFFER_EXPIRES: { target: "expired", actions: [notify("offer-expired"), notify("offer-expired", "host")] },
      },
    },
    confirmed: {
      on: {
        CHECKLIST_COMPLETE: { target: "ready" },
        DROP_OUT: { guard: "hasReason", target: "droppedOut", actions: ["recordReason", notify("dropped-out", "host")] },
      },
    },
    declined: { type: "final" },
    expired: { type: "final" },
    ready: {
      on: {
        TRAVEL_STARTS: { target: "onExchange" },
        DROP_OUT: { guard: "hasReason", target: "droppedOut", actions: ["recordReason", notify("dropped-out", "host")] },
      },
    },
    droppedOut: { type: "final" },
    onExchange: { on: { EXCHANGE_ENDS: { target: "awaitingReport" } } },
    awaitingReport: {
      on: { SUBMIT_REPORT: { target: "completed", actions: notify("report-received", "home") } },
    },
    completed: { type: "final" },
  },
});

export type ApplicationMachine = typeof applicationMachine;
