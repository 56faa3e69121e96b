import { sql } from "kysely";
import type { DB } from "../../db/client.ts";
import type { Clock } from "./clock.ts";
import { randomId } from "./ids.ts";
import type { Selectable } from "kysely";
import type { ScheduledJobsTable } from "../../db/schema.ts";
import { runJob, type JobOutcome } from "../services/jobs.server.ts";

const LEASE_MS = 30_000;
const processHolder = `${process.pid}-${randomId().slice(0, 8)}`;

/**
 * One scheduler pass may run at a time across all app instances (a lease row
 * in the database). The lease only saves work: each job is also claimed in
 * the transaction that applies it, so a job fires once even if two passes
 * overlap after a lease expiry. Other background work takes a lease of its
 * own name ("mailer" for the outbox).
 */
export async function acquireLease(db: DB, holder: string, now: Date, name = "scheduler"): Promise<boolean> {
  const nowMs = now.getTime();
  const row = await db
    .insertInto("scheduler_leases")
    .values({ name, holder, expires_at: nowMs + LEASE_MS })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ holder, expires_at: nowMs + LEASE_MS })
        .where((eb) => eb.or([eb("scheduler_leases.expires_at", "<", nowMs), eb("scheduler_leases.holder", "=", holder)])),
    )
    .returning("holder")
    .executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(db: DB, holder: string, name = "scheduler"): Promise<void> {
  await db.deleteFrom("scheduler_leases").where("name", "=", name).where("holder", "=", holder).execute();
}

/**
 * Runs `work` only while this process holds the lease `name`, for work that
 * has no per-item claim of its own. `work` must call `renew` before each
 * step and stop when it answers false: this process stalled past the lease
 * and another instance may have taken over. Returns null when the lease was
 * held elsewhere.
 */
export async function withLease<T>(db: DB, clock: Clock, name: string, work: (renew: () => Promise<boolean>) => Promise<T>, holder = processHolder): Promise<T | null> {
  if (!(await acquireLease(db, holder, clock.now(), name))) return null;
  try {
    return await work(() => acquireLease(db, holder, clock.now(), name));
  } finally {
    await releaseLease(db, holder, name);
  }
}

export interface SchedulerReport {
  fired: { id: string; kind: string; outcome: JobOutcome["status"] }[];
  leased: boolean;
}

/** Fires every job whose instant has passed — including those missed while the server was down. */
export async function runSchedulerOnce(db: DB, clock: Clock, holder = processHolder): Promise<SchedulerReport> {
  const now = clock.now();
  if (!(await acquireLease(db, holder, now))) return { fired: [], leased: false };
  const fired: SchedulerReport["fired"] = [];
  try {
    const due = await db
      .selectFrom("scheduled_jobs")
      .selectAll()
      .where("status", "=", "pending")
      .where("due_at", "<=", now.toISOString())
      .orderBy("due_at")
      .limit(200)
      .execute();
    for (const job of due) {
      // One job's failure is recorded and retried later; it never stops the others.
      const outcome = await runClaimed(db, job, now).catch(async (error: unknown) => {
        console.error(`scheduled job ${job.id} (${job.kind}) failed:`, error);
        await recordFailure(db, job.id, error);
        return null;
      });
      if (outcome) fired.push({ id: job.id, kind: job.kind, outcome: outcome.status });
    }
  } finally {
    await releaseLease(db, holder);
  }
  return { fired, leased: true };
}

const MAX_ATTEMPTS = 5;

async function runClaimed(db: DB, job: Selectable<ScheduledJobsTable>, now: Date): Promise<JobOutcome | null> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable("scheduled_jobs")
      .set({ status: "running", fired_at: now.toISOString() })
      .where("id", "=", job.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    const result = await runJob(trx, job, now);
    await trx.updateTable("scheduled_jobs").set({ status: result.status, result: result.detail ?? null }).where("id", "=", job.id).execute();
    return result;
  });
}

/** Counts failed attempts in `result`; after MAX_ATTEMPTS the job is parked as failed for a person to look at. */
async function recordFailure(db: DB, jobId: string, error: unknown): Promise<void> {
  const row = await db.selectFrom("scheduled_jobs").select("result").where("id", "=", jobId).executeTakeFirst();
  const attempts = Number(/^attempts:(\d+)/.exec(row?.result ?? "")?.[1] ?? 0) + 1;
  await db
    .updateTable("scheduled_jobs")
    .set({ status: attempts >= MAX_ATTEMPTS ? "failed" : "pending", result: `attempts:${attempts} ${String(error).slice(0, 300)}` })
    .where("id", "=", jobId)
    .execute();
}

/** Creates or moves a pending job; a job that already fired is left alone. */
export async function upsertJob(
  db: DB,
  job: { id: string; kind: string; programId: string; cityId: string | null; subjectId: string | null; dueAt: string; payload: unknown },
  now: Date,
): Promise<void> {
  await db
    .insertInto("scheduled_jobs")
    .values({
      id: job.id,
      kind: job.kind,
      program_id: job.programId,
      city_id: job.cityId,
      subject_id: job.subjectId,
      due_at: job.dueAt,
      payload: JSON.stringify(job.payload),
      status: "pending",
      fired_at: null,
      result: null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet({ due_at: job.dueAt, payload: JSON.stringify(job.payload) })
        .where("scheduled_jobs.status", "=", "pending"),
    )
    .execute();
}

export function countPending(db: DB) {
  return db.selectFrom("scheduled_jobs").select(sql<number>`count(*)`.as("n")).where("status", "=", "pending").executeTakeFirstOrThrow();
}
