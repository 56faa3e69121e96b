/** Shared by the pre-departure and results services and their pages (no server code). */

/** The pre-departure checklist of an outgoing team, in display order. */
export const CHECKLIST_ITEMS = ["passport", "insurance", "travel", "arrival", "dietary", "accessibility"] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export const CHECKLIST_STATUSES = ["todo", "done", "na"] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];

/** What the host city may see of a visiting team's checklist: the rest stays with the sending city. */
export const HOST_VISIBLE_ITEMS: readonly ChecklistItem[] = ["dietary", "accessibility"];

/** Items whose "done" needs the detail itself (a name, arrival details, the needs). */
export const VALUE_REQUIRED_WHEN_DONE: readonly ChecklistItem[] = ["passport", "arrival", "dietary", "accessibility"];

/** Application states of a team that travels (or travelled): a city's outgoing teams. */
export const OUTGOING_STATES = ["confirmed", "ready", "onExchange", "awaitingReport", "completed"] as const;

/** The states in which the team may still fill in its checklist. */
export const CHECKLIST_EDITABLE_STATES = ["confirmed", "ready"] as const;

/** The outcome figures of a team report that are counts (investment is in EUR, satisfaction 1–5). */
export const REPORT_COUNTS = ["meetingsHeld", "leads", "partnerships", "mous", "followUps"] as const;
export type ReportCount = (typeof REPORT_COUNTS)[number];
