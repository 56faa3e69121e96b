/**
 * The planned windows a programme stores per city (the rows of the agreed
 * timeline table, seed-docs/002), and which of them each machine stage spans.
 */
export const SCHEDULE_KEYS = ["topics", "hosting", "call", "shortlist", "picks", "announcement", "itinerary", "preDeparture", "exchange", "reporting"] as const;
export type ScheduleKey = (typeof SCHEDULE_KEYS)[number];

/** Machine stage → the schedule rows it covers, in order. */
export const STAGE_SCHEDULE: Record<string, readonly ScheduleKey[]> = {
  topics: ["topics"],
  hosting: ["hosting"],
  selection: ["call", "shortlist", "picks"],
  announcement: ["announcement"],
  itinerary: ["itinerary"],
  preDeparture: ["preDeparture"],
  exchange: ["exchange"],
  reporting: ["reporting"],
  closed: [],
};

/** A city's region inside `selection` → the schedule row that is due while it sits there. */
export const SELECTION_SCHEDULE: Record<string, ScheduleKey> = {
  callScheduled: "call",
  callOpen: "call",
  reviewing: "shortlist",
  shortlisted: "picks",
  picking: "picks",
  picked: "picks",
};

export interface PlannedWindow {
  startsAt: string;
  endsAt: string;
  graceMinutes: number;
}

/** The span of several rows: first start to last end. */
export function spanOf(windows: (PlannedWindow | undefined)[]): PlannedWindow | null {
  const present = windows.filter((w): w is PlannedWindow => !!w);
  if (present.length === 0) return null;
  const startsAt = present.map((w) => w.startsAt).sort()[0]!;
  const last = present.map((w) => w.endsAt).sort().at(-1)!;
  const graceMinutes = present.find((w) => w.endsAt === last)?.graceMinutes ?? 0;
  return { startsAt, endsAt: last, graceMinutes };
}

/** Past its end (plus grace) and not finished: shown as overdue. */
export function isOverdue(window: PlannedWindow | null, now: Date, finished: boolean): boolean {
  if (!window || finished) return false;
  return now.getTime() > Date.parse(window.endsAt) + window.graceMinutes * 60_000;
}
