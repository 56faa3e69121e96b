import type { DB } from "../../db/client.ts";
import type { ScheduledJobsTable } from "../../db/schema.ts";
import type { Selectable } from "kysely";
import { findProgramById } from "../../db/repositories/programs.ts";
import { readConfig } from "../lib/config.server.ts";
import { formatDateTime } from "../lib/format.ts";
import { localized } from "../lib/locales.ts";
import { enqueueMail } from "../lib/mail.server.ts";
import { upsertJob } from "../lib/scheduler.server.ts";
import { EventNotAllowedError, SCHEDULER_ACTOR } from "./workflow-engine.server.ts";
import { dispatchApplication, dispatchProgram, type EffectEnv } from "./workflows.server.ts";

export interface JobOutcome {
  status: "done" | "skipped";
  detail?: string;
}

const REMINDER_DAYS = [3, 1];

function effectEnv(): EffectEnv {
  const config = readConfig();
  return { baseUrl: config.baseUrl, delivers: !!config.smtpUrl };
}

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Applies one due job. A time event the programme no longer accepts (cancelled, already moved) is skipped, not retried. */
export async function runJob(trx: DB, job: Selectable<ScheduledJobsTable>, now: Date): Promise<JobOutcome> {
  const at = now.toISOString();
  try {
    switch (job.kind) {
      case "call-opens":
        await dispatchProgram(trx, effectEnv(), { programId: job.program_id, event: { type: "CALL_OPENS", city: job.city_id!, at }, actor: SCHEDULER_ACTOR });
        return { status: "done" };
      case "call-closes":
        await dispatchProgram(trx, effectEnv(), { programId: job.program_id, event: { type: "CALL_CLOSES", city: job.city_id!, at }, actor: SCHEDULER_ACTOR });
        return { status: "done" };
      case "offer-expires":
        await dispatchApplication(trx, effectEnv(), { proposalId: job.subject_id!, event: { type: "OFFER_EXPIRES", at }, actor: SCHEDULER_ACTOR });
        return { status: "done" };
      case "offer-reminder":
        return { status: "done", detail: `${await remindOffer(trx, job, now)} reminders` };
      case "review-reminder":
        return { status: "done", detail: `${await remindReviewers(trx, job, now)} reminders` };
      case "call-reminder":
        return { status: "done", detail: `${await remindDrafts(trx, job, now)} reminders` };
      default:
        return { status: "skipped", detail: `unknown job kind ${job.kind}` };
    }
  } catch (error) {
    if (error instanceof EventNotAllowedError) return { status: "skipped", detail: error.message };
    throw error;
  }
}

/** Teams with an unsubmitted draft get a reminder before the call closes, in each member's language. */
async function remindDrafts(trx: DB, job: Selectable<ScheduledJobsTable>, now: Date): Promise<number> {
  const program = await findProgramById(trx, job.program_id);
  if (!program || !job.city_id) return 0;
  const { closesAt } = JSON.parse(job.payload) as { closesAt: string };
  const members = await trx
    .selectFrom("proposals")
    .innerJoin("team_members", "team_members.team_id", "proposals.team_id")
    .innerJoin("users", "users.id", "team_members.user_id")
    .select(["users.id", "users.email", "users.locale", "users.time_zone", "proposals.title", "proposals.id as proposal_id"])
    .where("proposals.program_id", "=", program.id)
    .where("proposals.city_id", "=", job.city_id)
    .where("proposals.state", "=", "draft")
    .execute();
  const city = program.cityA.id === job.city_id ? program.cityA : program.cityB;
  for (const m of members) {
    const locale = m.locale ?? city.default_locale;
    const fmt = (tz: string) => formatDateTime(closesAt, tz, locale);
    await enqueueMail(
      trx,
      { to: m.email, toUserId: m.id, locale, template: "call-reminder", params: { proposal: m.title, program: localized(program.titles, locale), deadline: fmt(m.time_zone ?? city.time_zone), cityDeadline: fmt(city.time_zone) }, programId: program.id, cityId: job.city_id },
      now,
      effectEnv().delivers,
    );
  }
  return members.length;
}

/** The team of an open offer is reminded before it lapses, with the deadline in each member's time. */
async function remindOffer(trx: DB, job: Selectable<ScheduledJobsTable>, now: Date): Promise<number> {
  const proposal = await trx.selectFrom("proposals").selectAll().where("id", "=", job.subject_id!).executeTakeFirst();
  if (!proposal || proposal.state !== "offered" || !proposal.offer_expires_at) return 0;
  const program = await findProgramById(trx, proposal.program_id);
  if (!program) return 0;
  const members = await trx
    .selectFrom("team_members")
    .innerJoin("users", "users.id", "team_members.user_id")
    .select(["users.id", "users.email", "users.locale", "users.time_zone"])
    .where("team_members.team_id", "=", proposal.team_id)
    .execute();
  for (const m of members) {
    const locale = m.locale ?? "en";
    const deadline = formatDateTime(proposal.offer_expires_at, m.time_zone ?? "UTC", locale);
    await enqueueMail(trx, { to: m.email, toUserId: m.id, locale, template: "offer-reminder", params: { proposal: proposal.title, program: localized(program.titles, locale), deadline, url: `${effectEnv().baseUrl}/applicant/proposals/${proposal.id}` }, programId: program.id, cityId: proposal.city_id }, now, effectEnv().delivers);
  }
  return members.length;
}

/** Reviewers with assigned reviews not yet submitted hear before their panel's stage ends, in their language. */
async function remindReviewers(trx: DB, job: Selectable<ScheduledJobsTable>, now: Date): Promise<number> {
  const program = await findProgramById(trx, job.program_id);
  if (!program || !job.city_id) return 0;
  const { stage, endsAt } = JSON.parse(job.payload) as { stage: "shortlist" | "pick"; endsAt: string };
  const reviewers = await trx
    .selectFrom("review_assignments")
    .innerJoin("memberships", (join) => join.onRef("memberships.user_id", "=", "review_assignments.reviewer_id").on("memberships.program_id", "=", program.id).on("memberships.city_id", "=", job.city_id!).on("memberships.role", "=", "reviewer"))
    .innerJoin("users", "users.id", "review_assignments.reviewer_id")
    .leftJoin("reviews", (join) => join.onRef("reviews.proposal_id", "=", "review_assignments.proposal_id").onRef("reviews.reviewer_id", "=", "review_assignments.reviewer_id").on("reviews.stage", "=", stage).on("reviews.status", "=", "submitted"))
    .select(["users.id", "users.email", "users.locale", "users.time_zone"])
    .select((eb) => eb.fn.count<number>("review_assignments.proposal_id").as("pending"))
    .where("review_assignments.program_id", "=", program.id)
    .where("review_assignments.stage", "=", stage)
    .where("reviews.id", "is", null)
    .groupBy(["users.id", "users.email", "users.locale", "users.time_zone"])
    .execute();
  for (const r of reviewers) {
    const locale = r.locale ?? "en";
    await enqueueMail(
      trx,
      { to: r.email, toUserId: r.id, locale, template: "review-reminder", params: { count: Number(r.pending), program: localized(program.titles, locale), deadline: formatDateTime(endsAt, r.time_zone ?? "UTC", locale), url: `${effectEnv().baseUrl}/review/${program.slug}` }, programId: program.id, cityId: job.city_id },
      now,
      effectEnv().delivers,
    );
  }
  return reviewers.length;
}

/**
 * Derives the time events of a programme from its stage windows. Safe to run
 * again after a window moves: pending jobs follow, fired ones stay.
 */
export async function syncProgramJobs(trx: DB, programId: string, now: Date): Promise<void> {
  const reviewWindows = await trx.selectFrom("stage_windows").selectAll().where("program_id", "=", programId).where("stage", "in", ["shortlist", "picks"]).execute();
  for (const w of reviewWindows) {
    const stage = w.stage === "picks" ? "pick" : "shortlist";
    const days = stage === "pick" ? 1 : 2;
    await upsertJob(trx, { id: `${programId}:review-reminder-${stage}:${w.city_id}`, kind: "review-reminder", programId, cityId: w.city_id, subjectId: null, dueAt: addMinutes(w.ends_at, -days * 24 * 60), payload: { stage, endsAt: w.ends_at } }, now);
  }
  const windows = await trx.selectFrom("stage_windows").selectAll().where("program_id", "=", programId).where("stage", "=", "call").execute();
  for (const w of windows) {
    const closesAt = addMinutes(w.ends_at, w.grace_minutes);
    const base = { programId, cityId: w.city_id, subjectId: null };
    await upsertJob(trx, { ...base, id: `${programId}:call-opens:${w.city_id}`, kind: "call-opens", dueAt: w.starts_at, payload: {} }, now);
    await upsertJob(trx, { ...base, id: `${programId}:call-closes:${w.city_id}`, kind: "call-closes", dueAt: closesAt, payload: {} }, now);
    for (const days of REMINDER_DAYS) {
      await upsertJob(trx, { ...base, id: `${programId}:call-reminder-${days}d:${w.city_id}`, kind: "call-reminder", dueAt: addMinutes(w.ends_at, -days * 24 * 60), payload: { closesAt: w.ends_at } }, now);
    }
  }
}
