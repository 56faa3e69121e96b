import type { DB } from "../../db/client.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { SCHEDULE_KEYS, SELECTION_SCHEDULE, STAGE_SCHEDULE, type ScheduleKey } from "../../workflows/schedule.ts";
import type { ProgramRoles } from "../lib/access.server.ts";
import { programStatus } from "./program-status.server.ts";
import { timelineView, windowsOf, type TimelineView } from "./timeline.server.ts";

/**
 * The coordinator's dashboard: where both cities stand, their own city's
 * deadlines, applications and panel, who the programme waits for, and the
 * mail of their city. The partner's internal figures stay private: only its
 * total of applications shows.
 */

export type WindowState = "done" | "current" | "upcoming" | "cancelled";

export interface DashboardWindow {
  stage: ScheduleKey;
  startsAt: string;
  endsAt: string;
  graceMinutes: number;
  state: WindowState;
  /** ms from `now` to the end plus grace; negative once past */
  remainingMs: number;
  overdue: boolean;
}

export interface DashboardView {
  now: string;
  /** city → "stage" or "stage.subState" */
  current: Record<string, { stage: string; subState: string | null }>;
  windows: DashboardWindow[];
  applications: { own: Record<string, number>; ownTotal: number; partnerTotal: number };
  reviewers: { name: string; email: string; assigned: number; submitted: number; pending: number }[];
  waiting: TimelineView["waiting"];
  outbox: {
    messages: { id: string; to: string; subject: string; preview: string; status: string; createdAt: string; sentAt: string | null }[];
    counts: Record<string, number>;
  };
  cancelled: TimelineView["cancelled"];
}

/** Position of each region state of `selection` along call → shortlist → picks. */
const SELECTION_ORDER: Record<string, number> = { callScheduled: 0, callOpen: 0, reviewing: 1, shortlisted: 2, picking: 2, picked: 3 };
const SELECTION_KEYS: ScheduleKey[] = ["call", "shortlist", "picks"];

function machineStageOf(key: ScheduleKey): string {
  return Object.entries(STAGE_SCHEDULE).find(([, keys]) => keys.includes(key))?.[0] ?? key;
}

function windowState(timeline: TimelineView, city: string, key: ScheduleKey): WindowState {
  const stage = timeline.stages.find((s) => s.key === machineStageOf(key));
  if (!stage) return "upcoming";
  if (stage.status !== "current") return stage.status as WindowState;
  const entry = stage.cities.find((c) => c.city === city);
  if (stage.key === "selection") {
    const at = SELECTION_ORDER[entry?.subState ?? ""] ?? 0;
    const mine = SELECTION_KEYS.indexOf(key);
    const current = SELECTION_SCHEDULE[entry?.subState ?? ""];
    if (at > mine) return "done";
    return current === key || at === mine ? "current" : "upcoming";
  }
  return entry?.finished ? "done" : "current";
}

export async function dashboardView(db: DB, program: ProgramWithCities, roles: ProgramRoles, city: string, now: Date): Promise<DashboardView | null> {
  const timeline = await timelineView(db, program, roles, now, { stage: null, cityId: null, actor: null });
  if (!timeline) return null;
  const status = await programStatus(db, program);
  const partner = program.city_a_id === city ? program.city_b_id : program.city_a_id;

  const current: DashboardView["current"] = {};
  for (const c of [program.city_a_id, program.city_b_id]) {
    const [stage, ...sub] = (status.cities[c] ?? "").split(".");
    current[c] = { stage: stage ?? "", subState: sub.length ? sub.join(".") : null };
  }

  const planned = await windowsOf(db, program.id);
  const windows: DashboardWindow[] = [];
  for (const key of SCHEDULE_KEYS) {
    const w = planned.get(`${city}:${key}`);
    if (!w) continue;
    const state = windowState(timeline, city, key);
    const remainingMs = Date.parse(w.endsAt) + w.graceMinutes * 60_000 - now.getTime();
    windows.push({ stage: key, startsAt: w.startsAt, endsAt: w.endsAt, graceMinutes: w.graceMinutes, state, remainingMs, overdue: remainingMs < 0 && (state === "current" || state === "upcoming") });
  }

  const own = status.applications[city] ?? {};
  const sum = (r: Record<string, number> | undefined) => Object.values(r ?? {}).reduce((a, b) => a + b, 0);

  const panel = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.name", "users.email"])
    .where("memberships.program_id", "=", program.id)
    .where("memberships.city_id", "=", city)
    .where("memberships.role", "in", ["reviewer", "chair"])
    .orderBy("users.email")
    .execute();
  const ids = [...new Set(panel.map((p) => p.id))];
  const assigned = ids.length
    ? await db
        .selectFrom("review_assignments")
        .leftJoin("reviews", (join) =>
          join.onRef("reviews.proposal_id", "=", "review_assignments.proposal_id").onRef("reviews.reviewer_id", "=", "review_assignments.reviewer_id").onRef("reviews.stage", "=", "review_assignments.stage").on("reviews.status", "=", "submitted"),
        )
        .select(["review_assignments.reviewer_id", "reviews.id as review_id"])
        .where("review_assignments.program_id", "=", program.id)
        .where("review_assignments.reviewer_id", "in", ids)
        .execute()
    : [];
  const seen = new Set<string>();
  const reviewers = panel
    .filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)))
    .map((p) => {
      const mine = assigned.filter((a) => a.reviewer_id === p.id);
      const submitted = mine.filter((a) => a.review_id !== null).length;
      return { name: p.name, email: p.email, assigned: mine.length, submitted, pending: mine.length - submitted };
    });

  const messages = await db
    .selectFrom("outbox")
    .select(["id", "to_email", "subject", "body_text", "status", "created_at", "sent_at"])
    .where("program_id", "=", program.id)
    .where("city_id", "=", city)
    .orderBy("created_at", "desc")
    .limit(50)
    .execute();
  const countRows = await db
    .selectFrom("outbox")
    .select("status")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("program_id", "=", program.id)
    .where("city_id", "=", city)
    .groupBy("status")
    .execute();

  return {
    now: now.toISOString(),
    current,
    windows,
    applications: { own, ownTotal: sum(own), partnerTotal: sum(status.applications[partner]) },
    reviewers,
    waiting: timeline.waiting,
    outbox: {
      messages: messages.map((m) => ({ id: m.id, to: m.to_email, subject: m.subject, preview: m.body_text.replace(/\s+/g, " ").trim().slice(0, 160), status: m.status, createdAt: m.created_at, sentAt: m.sent_at })),
      counts: Object.fromEntries(countRows.map((r) => [r.status, Number(r.n)])),
    },
    cancelled: timeline.cancelled,
  };
}
