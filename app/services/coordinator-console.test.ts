import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { findProgramBySlug, type ProgramWithCities } from "../../db/repositories/programs.ts";
import { openTestDatabase, type TestDatabase } from "../../db/test-support.ts";
import { seedScenario } from "../../seeds/seed.ts";
import { utcToZonedLocal } from "../../workflows/deadlines.ts";
import { rolesIn } from "../lib/access.server.ts";
import { dashboardView } from "./dashboard.server.ts";
import { createNextEdition, shiftInstantOneYear } from "./editions.server.ts";
import type { ServiceEnv } from "./env.ts";
import { addResource, confirmHosting, editResource, listResources, removeResource } from "./hosting.server.ts";
import { scheduleView, updateCityWindows } from "./schedule.server.ts";
import { loadProgramSnapshot } from "./timeline.server.ts";
import { addTopic, answerTopic, approveTopics, editTopic, removeTopic, topicsView } from "./topics.server.ts";

const NOW = new Date("2025-03-10T08:00:00.000Z");
let opened: TestDatabase;
let db: DB;
const actor = { userId: null, label: "test" };
const titles = (en: string) => ({ en, fr: `${en} (fr)`, "zh-TW": `${en} (zh)` });
const env = (now = NOW): ServiceEnv => ({ db, now, baseUrl: "http://localhost", delivers: false });

async function program(slug: string): Promise<ProgramWithCities> {
  return (await findProgramBySlug(db, slug))!;
}
async function machine(p: ProgramWithCities) {
  const loaded = (await loadProgramSnapshot(db, p.id))!;
  return { value: loaded.snapshot.value, topics: loaded.snapshot.context.topics as { listVersion: number; approvedBy: string[] } };
}

beforeAll(async () => {
  opened = await openTestDatabase("sqlite");
  db = opened.db;
  await migrateToLatest(db);
  for (const stage of ["topics", "callOpen", "reviewing"] as const) await seedScenario(db, stage, NOW);
}, 120_000);
afterAll(async () => opened?.close());

describe("edition set-up", () => {
  it("copies cities, people, rubrics and resources, not topics, and shifts every window by a year in local time", async () => {
    const previous = await program("taichung-toulouse-topics");
    // A window that crosses the spring DST change in Paris one year later.
    await db.updateTable("stage_windows").set({ starts_at: "2024-03-30T08:30:00.000Z" }).where("program_id", "=", previous.id).where("city_id", "=", "toulouse").where("stage", "=", "hosting").execute();
    const created = await createNextEdition(env(), actor, { previousSlug: previous.slug, slug: "taichung-toulouse-next", titles: titles("Next") });
    expect(created.ok).toBe(true);
    const next = await program("taichung-toulouse-next");
    expect(next.previous_program_id).toBe(previous.id);
    expect(next.edition_year).toBe(previous.edition_year + 1);
    expect([next.city_a_id, next.city_b_id]).toEqual([previous.city_a_id, previous.city_b_id]);
    const count = async (table: "memberships" | "rubrics" | "hosting_resources" | "topics" | "stage_windows", id: string) =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).where("program_id", "=", id).executeTakeFirstOrThrow()).n);
    for (const table of ["memberships", "rubrics", "hosting_resources", "stage_windows"] as const) expect(await count(table, next.id)).toBe(await count(table, previous.id));
    expect(await count("topics", previous.id)).toBeGreaterThan(0);
    expect(await count("topics", next.id)).toBe(0);
    const before = await db.selectFrom("stage_windows").selectAll().where("program_id", "=", previous.id).execute();
    const after = await db.selectFrom("stage_windows").selectAll().where("program_id", "=", next.id).execute();
    for (const w of before) {
      const tz = w.city_id === "taichung" ? "Asia/Taipei" : "Europe/Paris";
      const copy = after.find((a) => a.city_id === w.city_id && a.stage === w.stage)!;
      const local = utcToZonedLocal(w.starts_at, tz);
      expect(utcToZonedLocal(copy.starts_at, tz)).toBe(`${Number(local.slice(0, 4)) + 1}${local.slice(4)}`);
      expect(copy.grace_minutes).toBe(w.grace_minutes);
    }
    // 2024-03-30 09:30 CET → 2025-03-30 09:30 CEST: the UTC instant moves by a year minus an hour.
    const hosting = after.find((a) => a.city_id === "toulouse" && a.stage === "hosting")!;
    expect(hosting.starts_at).toBe("2025-03-30T07:30:00.000Z");
    expect(shiftInstantOneYear("2019-10-03T07:30:00.000Z", "Europe/Paris")).toBe("2020-10-03T07:30:00.000Z");
    expect(shiftInstantOneYear("2019-10-28T08:30:00.000Z", "Europe/Paris")).toBe("2020-10-28T08:30:00.000Z");
    // It starts at topics with the shifted call windows, and its call jobs are scheduled.
    const m = await machine(next);
    expect(Object.keys(m.value as object)[0]).toBe("topics");
    const jobs = await db.selectFrom("scheduled_jobs").select(["kind", "due_at", "city_id"]).where("program_id", "=", next.id).where("kind", "=", "call-opens").execute();
    expect(jobs).toHaveLength(2);
    const call = after.find((a) => a.city_id === "taichung" && a.stage === "call")!;
    expect(jobs.find((j) => j.city_id === "taichung")!.due_at).toBe(call.starts_at);
  });

  it("refuses a taken or malformed slug and changes nothing", async () => {
    const before = Number((await db.selectFrom("programs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    expect(await createNextEdition(env(), actor, { previousSlug: "taichung-toulouse-topics", slug: "taichung-toulouse-next", titles: titles("x") })).toMatchObject({ ok: false, status: 409 });
    expect(await createNextEdition(env(), actor, { previousSlug: "taichung-toulouse-topics", slug: "Bad Slug", titles: titles("x") })).toMatchObject({ ok: false, status: 400 });
    expect(Number((await db.selectFrom("programs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)).toBe(before);
  });
});

describe("topic agreement", () => {
  it("needs every topic answered, resets approvals on a revision and settles the list when both approve", async () => {
    const p = await program("taichung-toulouse-next");
    expect((await addTopic(env(), p, "taichung", actor, { titles: titles("IoT"), rationale: "Sensors" })).ok).toBe(true);
    expect((await addTopic(env(), p, "toulouse", actor, { titles: titles("AI"), rationale: "Aero" })).ok).toBe(true);
    expect((await addTopic(env(), p, "toulouse", actor, { titles: titles("Space"), rationale: "Sat" })).ok).toBe(true);
    let view = await topicsView(db, p, "taichung");
    expect(view.topics).toHaveLength(3);
    expect(view.approveBlockers).toContain("coordConsole.topics.errors.unanswered");
    expect(await approveTopics(env(), p, "taichung", actor)).toMatchObject({ ok: false, error: "coordConsole.topics.errors.unanswered" });

    const [iot, ai, space] = view.topics;
    // Only the partner answers, only the proposer edits or removes.
    expect(await answerTopic(env(), p, "taichung", actor, iot!.id, { status: "accepted", comment: null })).toMatchObject({ ok: false, status: 403 });
    expect(await editTopic(env(), p, "taichung", actor, ai!.id, { titles: titles("Hacked"), rationale: "x" })).toMatchObject({ ok: false, status: 403 });
    expect(await removeTopic(env(), p, "taichung", actor, ai!.id)).toMatchObject({ ok: false, status: 403 });
    expect(await removeTopic(env(), p, "taichung", actor, "nope")).toMatchObject({ ok: false, status: 404 });

    expect((await answerTopic(env(), p, "toulouse", actor, iot!.id, { status: "accepted", comment: "Yes" })).ok).toBe(true);
    expect((await answerTopic(env(), p, "taichung", actor, ai!.id, { status: "accepted", comment: null })).ok).toBe(true);
    expect((await answerTopic(env(), p, "taichung", actor, space!.id, { status: "rejected", comment: "Too far" })).ok).toBe(true);
    view = await topicsView(db, p, "taichung");
    expect(view.approveBlockers).toEqual([]);
    const version = view.listVersion;
    expect(version).toBeGreaterThan(1);

    expect(await approveTopics(env(), p, "taichung", actor)).toMatchObject({ ok: true, agreed: false });
    let m = await machine(p);
    expect(m.topics).toEqual({ listVersion: version, approvedBy: ["taichung"] });

    // Toulouse edits its topic: a new version, Taichung's approval is withdrawn, Taichung must answer again.
    expect((await editTopic(env(), p, "toulouse", actor, ai!.id, { titles: titles("Applied AI"), rationale: "Aero" })).ok).toBe(true);
    m = await machine(p);
    expect(m.topics).toEqual({ listVersion: version + 1, approvedBy: [] });
    view = await topicsView(db, p, "toulouse");
    expect(view.topics.find((t) => t.id === ai!.id)!.partnerStatus).toBe("pending");
    expect(view.approveBlockers).toContain("coordConsole.topics.errors.unanswered");
    const events = await db.selectFrom("workflow_events").innerJoin("workflow_instances", "workflow_instances.id", "workflow_events.instance_id").select("event_type").where("workflow_instances.subject_id", "=", p.id).orderBy("seq").execute();
    expect(events.map((e) => e.event_type)).toContain("REVISE_TOPICS");

    expect((await answerTopic(env(), p, "taichung", actor, ai!.id, { status: "accepted", comment: null })).ok).toBe(true);
    expect(await approveTopics(env(), p, "toulouse", actor)).toMatchObject({ ok: true, agreed: false });
    expect(await approveTopics(env(), p, "toulouse", actor)).toMatchObject({ ok: false });
    expect(await approveTopics(env(), p, "taichung", actor)).toMatchObject({ ok: true, agreed: true });
    m = await machine(p);
    expect(Object.keys(m.value as object)[0]).toBe("hosting");
    const rows = await db.selectFrom("topics").select(["id", "status"]).where("program_id", "=", p.id).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [iot!.id]: "agreed", [ai!.id]: "agreed", [space!.id]: "rejected" });
    // Outside the topics stage the list is closed.
    expect(await addTopic(env(), p, "taichung", actor, { titles: titles("Late"), rationale: "x" })).toMatchObject({ ok: false, status: 409 });
  });
});

describe("hosting resources", () => {
  it("edits only the own city's inventory and confirms it", async () => {
    const p = await program("taichung-toulouse-next");
    const input = { name: "Hub", kind: "incubator" as const, address: "1 rue", capacity: 3, services: "Desks", contact: "hub@test", availableFrom: null, availableTo: null };
    const added = await addResource(env(), p, "taichung", input);
    expect(added.ok).toBe(true);
    const toulouseOne = (await listResources(db, p.id)).find((r) => r.city === "toulouse")!;
    expect(await editResource(env(), p, "taichung", toulouseOne.id, { ...input, name: "Mine now" })).toMatchObject({ ok: false, status: 403 });
    expect(await removeResource(env(), p, "taichung", toulouseOne.id)).toMatchObject({ ok: false, status: 403 });
    expect((await listResources(db, p.id)).find((r) => r.id === toulouseOne.id)!.name).toBe(toulouseOne.name);
    expect(await confirmHosting(env(), p, "taichung", actor)).toMatchObject({ ok: true });
    expect(await confirmHosting(env(), p, "taichung", actor)).toMatchObject({ ok: false, status: 409 });
  });
});

describe("schedule", () => {
  it("moves the call while it is scheduled, and refuses once it has closed", async () => {
    const next = await program("taichung-toulouse-next");
    const view = await scheduleView(db, next, "toulouse");
    const call = view.rows.find((r) => r.stage === "call")!;
    const moved = { start: call.start, end: `${call.end.slice(0, 11)}12:00`, graceMinutes: 30 };
    expect(await updateCityWindows(env(), next, "toulouse", actor, { call: moved })).toMatchObject({ ok: true, changed: ["call"] });
    const m = (await loadProgramSnapshot(db, next.id))!.snapshot.context.callWindows as Record<string, { closesAt: string; graceMinutes: number }>;
    expect(utcToZonedLocal(m.toulouse!.closesAt, "Europe/Paris")).toBe(moved.end);
    expect(m.toulouse!.graceMinutes).toBe(30);
    const job = await db.selectFrom("scheduled_jobs").select("due_at").where("id", "=", `${next.id}:call-closes:toulouse`).executeTakeFirstOrThrow();
    expect(job.due_at).toBe(new Date(Date.parse(m.toulouse!.closesAt) + 30 * 60_000).toISOString());

    const closed = await program("taichung-toulouse-reviewing");
    const before = await scheduleView(db, closed, "taichung");
    expect(before.callChangeable).toBe(false);
    const c = before.rows.find((r) => r.stage === "call")!;
    const topics = before.rows.find((r) => r.stage === "topics")!;
    const refused = await updateCityWindows(env(), closed, "taichung", actor, { topics: { ...topics, end: topics.end.replace(/T\d\d/, "T10") }, call: { ...c, end: c.end.replace(/T\d\d/, "T10") } });
    expect(refused).toMatchObject({ ok: false, error: "coordConsole.schedule.errors.callLocked" });
    expect((await scheduleView(db, closed, "taichung")).rows).toEqual(before.rows);
    // Other windows still move.
    expect(await updateCityWindows(env(), closed, "taichung", actor, { reporting: { start: "2030-01-01T09:00", end: "2030-01-02T09:00", graceMinutes: null } })).toMatchObject({ ok: true });
    expect(await updateCityWindows(env(), closed, "taichung", actor, { reporting: { start: "2030-01-03T09:00", end: "2030-01-02T09:00", graceMinutes: null } })).toMatchObject({ ok: false, error: "coordConsole.schedule.errors.endBeforeStart" });
  });
});

describe("dashboard", () => {
  it("counts the own city's applications by state, the partner's in total, and the panel's pending reviews", async () => {
    const p = await program("taichung-toulouse-callopen");
    const roles = await rolesIn(db, { id: "nobody", is_admin: 1 } as never, p.id);
    const view = (await dashboardView(db, p, roles, "taichung", NOW))!;
    expect(view.current.taichung).toEqual({ stage: "selection", subState: "callOpen" });
    expect(view.applications.own).toEqual({ submitted: 5, draft: 3 });
    expect(view.applications.partnerTotal).toBe(8);
    expect(view.windows.find((w) => w.stage === "call")!.state).toBe("current");
    expect(view.windows.find((w) => w.stage === "topics")!.state).toBe("done");
    expect(view.windows.filter((w) => w.overdue)).toEqual([]);

    const r = await program("taichung-toulouse-reviewing");
    const reviewing = (await dashboardView(db, r, roles, "toulouse", NOW))!;
    expect(reviewing.applications.own).toEqual({ inReview: 8 });
    expect(reviewing.reviewers).toHaveLength(3);
    for (const reviewer of reviewing.reviewers) expect(reviewer).toMatchObject({ assigned: 8, pending: 8 - reviewer.submitted });
    expect(reviewing.waiting.map((w) => w.event)).toContain("LOCK_SHORTLIST");
    // A month after the shortlist window ended without a shortlist, it is overdue.
    const late = (await dashboardView(db, r, roles, "toulouse", new Date(Date.parse(reviewing.windows.find((w) => w.stage === "shortlist")!.endsAt) + 30 * 86_400_000)))!;
    expect(late.windows.find((w) => w.stage === "shortlist")).toMatchObject({ state: "current", overdue: true });
  });
});
