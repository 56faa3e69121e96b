import { describe, expect, it, vi } from "vitest";
import { forEachDialect } from "../../db/test-support.ts";
import { createDb } from "../../db/client.ts";
import { FixedClock } from "../lib/clock.ts";
import { runSchedulerOnce, upsertJob } from "../lib/scheduler.server.ts";
import { zonedLocalToUtc } from "../../workflows/deadlines.ts";
import { syncProgramJobs } from "./jobs.server.ts";
import { createTestProgram, TEST_ENV } from "./test-fixtures.ts";
import { EventNotAllowedError, WorkflowConflictError, type Actor } from "./workflow-engine.server.ts";
import { dispatchProgram, programInstance } from "./workflows.server.ts";

const coordinator = (city: string): Actor => ({ userId: null, label: `coordinator.${city}` });
const window = (opensAt: string, closesAt: string) => ({ opensAt, closesAt, graceMinutes: 0 });
const CALLS = {
  taichung: window("2019-04-01T01:00:00.000Z", "2019-05-31T15:59:00.000Z"),
  toulouse: window("2019-04-01T07:00:00.000Z", "2019-05-31T21:59:00.000Z"),
};

async function eventLog(db: Parameters<typeof programInstance>[0], programId: string) {
  const instance = (await programInstance(db, programId))!;
  const rows = await db.selectFrom("workflow_events").select(["seq", "event_type", "city_id"]).where("instance_id", "=", instance.id).orderBy("seq").execute();
  return { instance, rows };
}

forEachDialect((ctx) => {
  describe("dispatch", () => {
    it("applies an allowed event, persists the snapshot and appends the event", async () => {
      const programId = await createTestProgram(ctx.db, CALLS);
      await ctx.db.transaction().execute((trx) =>
        dispatchProgram(trx, TEST_ENV, { programId, event: { type: "APPROVE_TOPICS", city: "taichung", listVersion: 1, at: "2018-12-01T00:00:00.000Z" }, actor: coordinator("taichung") }),
      );
      const { instance, rows } = await eventLog(ctx.db, programId);
      expect(instance.version).toBe(2);
      expect(JSON.parse(instance.state_value)).toEqual({ topics: { cityA: "approved", cityB: "proposing" } });
      expect(rows.map((r) => [r.seq, r.event_type, r.city_id])).toEqual([
        [1, "START", null],
        [2, "APPROVE_TOPICS", "taichung"],
      ]);
    });

    it("refuses an event the machine does not allow and changes nothing", async () => {
      const programId = await createTestProgram(ctx.db, CALLS);
      await expect(
        ctx.db.transaction().execute((trx) => dispatchProgram(trx, TEST_ENV, { programId, event: { type: "PUBLISH_RESULTS", at: "2018-12-01T00:00:00.000Z" }, actor: coordinator("taichung") })),
      ).rejects.toBeInstanceOf(EventNotAllowedError);
      const { instance, rows } = await eventLog(ctx.db, programId);
      expect(instance.version).toBe(1);
      expect(rows).toHaveLength(1);
    });

    it("lets exactly one of two racing dispatches win; the log has no gap or duplicate", async () => {
      const programId = await createTestProgram(ctx.db, CALLS);
      const send = (city: string) =>
        ctx.db.transaction().execute((trx) =>
          dispatchProgram(trx, TEST_ENV, { programId, event: { type: "APPROVE_TOPICS", city, listVersion: 1, at: "2018-12-01T00:00:00.000Z" }, actor: coordinator(city), expectedVersion: 1 }),
        );
      const results = await Promise.allSettled([send("taichung"), send("toulouse")]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r) => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(WorkflowConflictError);
      const { instance, rows } = await eventLog(ctx.db, programId);
      expect(instance.version).toBe(2);
      expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    });

    it("rolls back the whole transaction when a later step fails", async () => {
      const programId = await createTestProgram(ctx.db, CALLS);
      await expect(
        ctx.db.transaction().execute(async (trx) => {
          await dispatchProgram(trx, TEST_ENV, { programId, event: { type: "APPROVE_TOPICS", city: "taichung", listVersion: 1, at: "2018-12-01T00:00:00.000Z" }, actor: coordinator("taichung") });
          throw new Error("crash after the transition");
        }),
      ).rejects.toThrow("crash after the transition");
      const { instance, rows } = await eventLog(ctx.db, programId);
      expect(instance.version).toBe(1);
      expect(rows).toHaveLength(1);
    });
  });

  describe("scheduler", () => {
    async function programAtCallScheduled(calls: typeof CALLS) {
      const programId = await createTestProgram(ctx.db, calls);
      await ctx.db.transaction().execute(async (trx) => {
        for (const city of ["taichung", "toulouse"]) await dispatchProgram(trx, TEST_ENV, { programId, event: { type: "APPROVE_TOPICS", city, listVersion: 1, at: "2018-12-01T00:00:00.000Z" }, actor: coordinator(city) });
        for (const city of ["taichung", "toulouse"]) await dispatchProgram(trx, TEST_ENV, { programId, event: { type: "CONFIRM_HOSTING", city, at: "2019-03-01T00:00:00.000Z" }, actor: coordinator(city) });
        await syncProgramJobs(trx, programId, new Date("2019-03-01T00:00:00.000Z"));
      });
      return programId;
    }
    const stateOf = async (programId: string) => JSON.parse((await programInstance(ctx.db, programId))!.state_value);
    const clearOtherJobs = async (programId: string) => {
      // Each test owns its programme; jobs of other tests' programmes must not fire here.
      await ctx.db.updateTable("scheduled_jobs").set({ status: "skipped" }).where("program_id", "!=", programId).where("status", "=", "pending").execute();
    };

    it("opens and closes each city's call on the exact instant in Asia/Taipei", async () => {
      const closesAt = zonedLocalToUtc("2019-05-31T23:59", "Asia/Taipei");
      const programId = await programAtCallScheduled({ ...CALLS, taichung: window(zonedLocalToUtc("2019-04-01T09:00", "Asia/Taipei"), closesAt) });
      await clearOtherJobs(programId);
      const clock = new FixedClock(new Date(Date.parse(zonedLocalToUtc("2019-04-01T09:00", "Asia/Taipei")) - 1));
      await runSchedulerOnce(ctx.db, clock, "t");
      expect((await stateOf(programId)).selection.cityA).toBe("callScheduled");
      clock.set(zonedLocalToUtc("2019-04-01T09:00", "Asia/Taipei"));
      await runSchedulerOnce(ctx.db, clock, "t");
      expect((await stateOf(programId)).selection.cityA).toBe("callOpen");
      clock.set(new Date(Date.parse(closesAt) - 1));
      await runSchedulerOnce(ctx.db, clock, "t");
      expect((await stateOf(programId)).selection.cityA).toBe("callOpen");
      clock.set(closesAt);
      await runSchedulerOnce(ctx.db, clock, "t");
      expect((await stateOf(programId)).selection.cityA).toBe("reviewing");
      expect(closesAt).toBe("2019-05-31T15:59:00.000Z");
    });

    it("closes the Paris call on the exact instant across the end of daylight saving time", async () => {
      // 27 Oct 2019: clocks in Paris go back from 03:00 CEST to 02:00 CET.
      const closesAt = zonedLocalToUtc("2019-10-27T03:30", "Europe/Paris");
      expect(closesAt).toBe("2019-10-27T02:30:00.000Z");
      const opensAt = zonedLocalToUtc("2019-10-26T09:00", "Europe/Paris");
      expect(opensAt).toBe("2019-10-26T07:00:00.000Z");
      const programId = await programAtCallScheduled({ taichung: CALLS.taichung, toulouse: { opensAt, closesAt, graceMinutes: 15 } });
      await clearOtherJobs(programId);
      const clock = new FixedClock(new Date(opensAt));
      await runSchedulerOnce(ctx.db, clock, "t");
      expect((await stateOf(programId)).selection.cityB).toBe("callOpen");
      // The grace period ends 15 minutes after the deadline, in real time.
      clock.set(new Date(Date.parse(closesAt) + 15 * 60_000 - 1));
      await runSchedulerOnce(ctx.db, clock, "t");
      expect((await stateOf(programId)).selection.cityB).toBe("callOpen");
      clock.set(new Date(Date.parse(closesAt) + 15 * 60_000));
      await runSchedulerOnce(ctx.db, clock, "t");
      expect((await stateOf(programId)).selection.cityB).toBe("reviewing");
    });

    it("catches up once on start with deadlines that passed while the server was down", async () => {
      const programId = await programAtCallScheduled(CALLS);
      await clearOtherJobs(programId);
      const clock = new FixedClock(new Date("2019-07-01T00:00:00.000Z"));
      const first = await runSchedulerOnce(ctx.db, clock, "restarted");
      expect(first.fired.filter((f) => f.kind === "call-closes" && f.outcome === "done")).toHaveLength(2);
      expect(await stateOf(programId)).toEqual({ selection: { cityA: "reviewing", cityB: "reviewing" } });
      const second = await runSchedulerOnce(ctx.db, clock, "restarted");
      expect(second.fired).toHaveLength(0);
      const { rows } = await eventLog(ctx.db, programId);
      expect(rows.filter((r) => r.event_type === "CALL_CLOSES")).toHaveLength(2);
      expect(rows.filter((r) => r.event_type === "CALL_OPENS")).toHaveLength(2);
    });

    it("records a failing job and goes on with the others; it is parked after five attempts", async () => {
      const programId = await programAtCallScheduled(CALLS);
      await clearOtherJobs(programId);
      // A job whose programme has no workflow instance cannot run.
      const broken = await createTestProgram(ctx.db, CALLS);
      await ctx.db.deleteFrom("workflow_instances").where("subject_id", "=", broken).execute();
      await upsertJob(ctx.db, { id: `${broken}:broken`, kind: "call-opens", programId: broken, cityId: "taichung", subjectId: null, dueAt: "2019-01-01T00:00:00.000Z", payload: {} }, new Date("2019-01-01T00:00:00.000Z"));
      const clock = new FixedClock(new Date("2019-07-01T00:00:00.000Z"));
      const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        await runSchedulerOnce(ctx.db, clock, "t");
        expect(await stateOf(programId)).toEqual({ selection: { cityA: "reviewing", cityB: "reviewing" } });
        for (let i = 0; i < 5; i++) await runSchedulerOnce(ctx.db, clock, "t");
      } finally {
        quiet.mockRestore();
      }
      const job = await ctx.db.selectFrom("scheduled_jobs").select(["status", "result"]).where("id", "=", `${broken}:broken`).executeTakeFirstOrThrow();
      expect(job.status).toBe("failed");
      expect(job.result).toMatch(/^attempts:5 /);
    });

    it("fires each event once when two app instances run the scheduler at the same moment", async () => {
      if (!ctx.target) return; // PGlite lives in one process: there is no second instance to start.
      const programId = await programAtCallScheduled(CALLS);
      await clearOtherJobs(programId);
      const other = createDb(ctx.target);
      try {
        const clock = new FixedClock(new Date("2019-07-01T00:00:00.000Z"));
        // Distinct holders, and the lease is cleared between rounds, so both really try.
        for (let round = 0; round < 3; round++) {
          await Promise.all([runSchedulerOnce(ctx.db, clock, "instance-a"), runSchedulerOnce(other, clock, "instance-b")]);
        }
        const { rows } = await eventLog(ctx.db, programId);
        expect(rows.filter((r) => r.event_type === "CALL_CLOSES")).toHaveLength(2);
        expect(rows.filter((r) => r.event_type === "CALL_OPENS")).toHaveLength(2);
        const jobs = await ctx.db.selectFrom("scheduled_jobs").select(["kind", "status"]).where("program_id", "=", programId).where("kind", "in", ["call-opens", "call-closes"]).execute();
        expect(jobs.every((j) => j.status === "done")).toBe(true);
      } finally {
        await other.destroy();
      }
    });
  });
});
