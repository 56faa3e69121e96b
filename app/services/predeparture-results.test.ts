import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { findProgramBySlug } from "../../db/repositories/programs.ts";
import type { User } from "../../db/schema.ts";
import { openTestDatabase, type TestDatabase } from "../../db/test-support.ts";
import { seedDemo, seedScenario } from "../../seeds/seed.ts";
import { barChartLayout, niceMax } from "../lib/bar-chart.ts";
import { CHECKLIST_ITEMS, type ChecklistItem, type ChecklistStatus } from "../lib/checklist.ts";
import type { ServiceEnv } from "./env.ts";
import { checklistOf, predepartureOverview, saveChecklist, scheduleMeeting } from "./predeparture.server.ts";
import { aggregate, cityResults, csvCell, editionsCompared, resultsCsv, submitReport, type ReportInput } from "./results.server.ts";

let test: TestDatabase;
let db: DB;
const NOW = new Date();

function env(at = NOW): ServiceEnv {
  return { db, now: at, baseUrl: "http://localhost:3000", delivers: false };
}

async function user(email: string): Promise<User> {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
}

/** The proposal of the team of `email` in edition `slug`. */
async function proposalOf(slug: string, email: string) {
  const u = await user(email);
  return db
    .selectFrom("proposals")
    .innerJoin("programs", "programs.id", "proposals.program_id")
    .innerJoin("team_members", "team_members.team_id", "proposals.team_id")
    .selectAll("proposals")
    .where("programs.slug", "=", slug)
    .where("team_members.user_id", "=", u.id)
    .executeTakeFirstOrThrow();
}

async function eventsOf(proposalId: string, type: string): Promise<number> {
  const rows = await db.selectFrom("workflow_events").innerJoin("workflow_instances", "workflow_instances.id", "workflow_events.instance_id").select("workflow_events.seq").where("workflow_instances.subject_id", "=", proposalId).where("workflow_events.event_type", "=", type).execute();
  return rows.length;
}

function entries(status: ChecklistStatus, overrides: Partial<Record<ChecklistItem, { status: ChecklistStatus; value: string | null }>> = {}) {
  return Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, overrides[item] ?? { status, value: `${item} details` }])) as Record<ChecklistItem, { status: ChecklistStatus; value: string | null }>;
}

const APPLICANT1_TAICHUNG = "applicant1.taichung@demo.passerelle.test";
const APPLICANT2_TAICHUNG = "applicant2.taichung@demo.passerelle.test";
const COORD_TAICHUNG = "coordinator.taichung@demo.passerelle.test";

beforeAll(async () => {
  test = await openTestDatabase("sqlite");
  db = test.db;
  await migrateToLatest(db);
  await seedDemo(db, NOW);
  for (const stage of ["preDeparture", "reporting", "closed"] as const) await seedScenario(db, stage, NOW);
  // The reporting edition follows the 2019 demo edition.
  const demo = (await findProgramBySlug(db, "taichung-toulouse-2019"))!;
  await db.updateTable("programs").set({ previous_program_id: demo.id }).where("slug", "=", "taichung-toulouse-reporting").execute();
});

afterAll(async () => {
  await test?.close();
});

describe("pre-departure checklist", () => {
  it("completes once: CHECKLIST_COMPLETE moves confirmed → ready on the save that completes it, never again", async () => {
    const applicant = await user(APPLICANT1_TAICHUNG);
    let proposal = await proposalOf("taichung-toulouse-predeparture", APPLICANT1_TAICHUNG);
    expect(proposal.state).toBe("confirmed");

    const partial = await saveChecklist(env(), applicant, proposal, entries("done", { insurance: { status: "todo", value: null } }));
    expect(partial).toEqual({ ok: true, completed: false });
    expect((await proposalOf("taichung-toulouse-predeparture", APPLICANT1_TAICHUNG)).state).toBe("confirmed");
    expect((await checklistOf(db, proposal.id)).passport).toMatchObject({ status: "done", value: "passport details" });

    // "Done" without the passport name is refused and changes nothing.
    const missing = await saveChecklist(env(), applicant, proposal, entries("done", { passport: { status: "done", value: "  " } }));
    expect(missing).toEqual({ ok: false, error: { code: "value-required", item: "passport" } });
    expect((await checklistOf(db, proposal.id)).insurance.status).toBe("todo");

    const complete = await saveChecklist(env(), applicant, proposal, entries("done", { dietary: { status: "na", value: null } }));
    expect(complete).toEqual({ ok: true, completed: true });
    proposal = await proposalOf("taichung-toulouse-predeparture", APPLICANT1_TAICHUNG);
    expect(proposal.state).toBe("ready");
    expect(await eventsOf(proposal.id, "CHECKLIST_COMPLETE")).toBe(1);

    // Saving again while ready sends nothing more.
    const again = await saveChecklist(env(), applicant, proposal, entries("done"));
    expect(again).toEqual({ ok: true, completed: false });
    expect(await eventsOf(proposal.id, "CHECKLIST_COMPLETE")).toBe(1);
    expect((await checklistOf(db, proposal.id)).dietary).toMatchObject({ status: "done", value: "dietary details" });
  });

  it("is refused before the team is confirmed and after it travelled", async () => {
    const applicant = await user(APPLICANT1_TAICHUNG);
    const reporting = await proposalOf("taichung-toulouse-reporting", APPLICANT1_TAICHUNG);
    expect(reporting.state).toBe("awaitingReport");
    expect(await saveChecklist(env(), applicant, reporting, entries("done"))).toEqual({ ok: false, error: { code: "not-allowed" } });
  });

  it("the sending city sees every item; the host city only dietary and accessibility needs", async () => {
    const program = (await findProgramBySlug(db, "taichung-toulouse-predeparture"))!;
    const proposal = await proposalOf("taichung-toulouse-predeparture", APPLICANT1_TAICHUNG);
    const sending = await predepartureOverview(db, program, "taichung", "toulouse");
    const mine = sending.outgoing.find((t) => t.id === proposal.id)!;
    expect(Object.keys(mine.items).sort()).toEqual([...CHECKLIST_ITEMS].sort());
    expect(mine.items.passport?.value).toBe("passport details");
    const host = await predepartureOverview(db, program, "toulouse", "taichung");
    const visiting = host.incoming.find((t) => t.id === proposal.id)!;
    expect(Object.keys(visiting.items).sort()).toEqual(["accessibility", "dietary"]);
    expect(JSON.stringify(host)).not.toContain("passport details");
    expect(host.outgoing.map((t) => t.id)).not.toContain(proposal.id);
  });

  it("scheduling the meeting needs https for a video link, then notifies every outgoing team member", async () => {
    const program = (await findProgramBySlug(db, "taichung-toulouse-predeparture"))!;
    const coordinator = await user(COORD_TAICHUNG);
    const base = { startsAt: "2030-09-10T06:00:00.000Z", place: null, agenda: "Itinerary, practical information" };
    expect(await scheduleMeeting(env(), coordinator, program, "taichung", { ...base, videoUrl: "http://meet.example.org/x" })).toEqual({ ok: false, error: "video-not-https" });
    expect(await scheduleMeeting(env(), coordinator, program, "taichung", { ...base, videoUrl: "javascript:alert(1)" })).toEqual({ ok: false, error: "video-not-https" });
    expect(await scheduleMeeting(env(), coordinator, program, "taichung", { ...base, videoUrl: null })).toEqual({ ok: false, error: "place-or-video" });
    const saved = await scheduleMeeting(env(), coordinator, program, "taichung", { ...base, videoUrl: "https://meet.example.org/briefing" });
    expect(saved).toEqual({ ok: true, notified: 2 });
    const row = await db.selectFrom("pre_departure_meetings").selectAll().where("program_id", "=", program.id).where("city_id", "=", "taichung").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ starts_at: base.startsAt, video_url: "https://meet.example.org/briefing", place: null });
    const mails = await db.selectFrom("outbox").select(["to_email", "body_text"]).where("program_id", "=", program.id).where("template", "=", "predeparture-meeting").execute();
    expect(mails.map((m) => m.to_email).sort()).toEqual([APPLICANT1_TAICHUNG, APPLICANT2_TAICHUNG]);
    expect(mails[0]!.body_text).toContain("https://meet.example.org/briefing");
    expect(mails[0]!.body_text).toMatch(/\/applicant\/proposals\/[^/]+\/checklist/);
  });
});

const REPORT: ReportInput = { meetingsHeld: 10, leads: 4, partnerships: 2, mous: 1, investmentEur: 12500.5, followUps: 3, nextSteps: "Second visit", satisfaction: 4, testimonial: "Great" };

describe("team report", () => {
  it("is accepted only in awaitingReport: SUBMIT_REPORT and the row in one transaction, once", async () => {
    const applicant = await user(APPLICANT2_TAICHUNG);
    const early = await proposalOf("taichung-toulouse-predeparture", APPLICANT2_TAICHUNG);
    expect(await submitReport(env(), applicant, early, REPORT)).toEqual({ ok: false, error: "not-allowed" });
    expect(await db.selectFrom("team_reports").select("proposal_id").where("proposal_id", "=", early.id).executeTakeFirst()).toBeUndefined();

    const due = await proposalOf("taichung-toulouse-reporting", APPLICANT2_TAICHUNG);
    expect(due.state).toBe("awaitingReport");
    expect(await submitReport(env(), applicant, due, REPORT)).toEqual({ ok: true });
    const after = await proposalOf("taichung-toulouse-reporting", APPLICANT2_TAICHUNG);
    expect(after.state).toBe("completed");
    expect(await eventsOf(due.id, "SUBMIT_REPORT")).toBe(1);
    const row = await db.selectFrom("team_reports").selectAll().where("proposal_id", "=", due.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ city_id: "taichung", meetings_held: 10, mous: 1, satisfaction: 4, next_steps: "Second visit" });
    expect(Number(row.investment_eur)).toBe(12500.5);
    // The coordinators of the team's city hear of it.
    expect(await db.selectFrom("outbox").select("id").where("template", "=", "application-report-received").where("to_email", "=", COORD_TAICHUNG).where("program_id", "=", due.program_id).execute()).toHaveLength(1);

    expect(await submitReport(env(), applicant, after, REPORT)).toEqual({ ok: false, error: "not-allowed" });
    // A stale page (state read before the first submit) loses on the machine, not with a second row.
    expect(await submitReport(env(), applicant, due, REPORT)).toEqual({ ok: false, error: "not-allowed" });
    expect(await db.selectFrom("team_reports").select("proposal_id").where("proposal_id", "=", due.id).execute()).toHaveLength(1);
  });
});

describe("results", () => {
  it("aggregates sums and the mean satisfaction", () => {
    const totals = aggregate([
      { meetingsHeld: 3, leads: 1, partnerships: 0, mous: 0, investmentEur: 0.1, followUps: 1, satisfaction: 5 },
      { meetingsHeld: 4, leads: 2, partnerships: 1, mous: 1, investmentEur: 0.2, followUps: 0, satisfaction: 4 },
      { meetingsHeld: 5, leads: 0, partnerships: 2, mous: 0, investmentEur: 1000, followUps: 2, satisfaction: 4 },
    ]);
    expect(totals).toEqual({ reports: 3, meetingsHeld: 12, leads: 3, partnerships: 3, mous: 1, investmentEur: 1000.3, followUps: 3, meanSatisfaction: 4.33 });
    expect(aggregate([])).toEqual({ reports: 0, meetingsHeld: 0, leads: 0, partnerships: 0, mous: 0, investmentEur: 0, followUps: 0, meanSatisfaction: null });
  });

  it("compares the edition with the previous one (chain) and other editions of the same cities with reports", async () => {
    const program = (await findProgramBySlug(db, "taichung-toulouse-reporting"))!;
    const editions = await editionsCompared(db, program, "taichung");
    const current = editions[0]!;
    expect(current).toMatchObject({ slug: "taichung-toulouse-reporting", relation: "current" });
    // The report submitted above is the only one of Taichung's teams in this edition.
    expect(current.totals).toEqual({ reports: 1, meetingsHeld: 10, leads: 4, partnerships: 2, mous: 1, investmentEur: 12500.5, followUps: 3, meanSatisfaction: 4 });
    const previous = editions.find((e) => e.slug === "taichung-toulouse-2019")!;
    expect(previous).toMatchObject({ relation: "previous" });
    expect(previous.totals.reports).toBe(0);
    // The closed edition's seeded reports of the two Taichung teams: 14+9 meetings, 6+4 leads, 150 000 EUR, satisfaction (5+4)/2.
    const closed = editions.find((e) => e.slug === "taichung-toulouse-closed")!;
    expect(closed).toMatchObject({ relation: "same-cities" });
    expect(closed.totals).toEqual({ reports: 2, meetingsHeld: 23, leads: 10, partnerships: 3, mous: 1, investmentEur: 150000, followUps: 8, meanSatisfaction: 4.5 });
    // Editions without any report, other than the previous one, are left out.
    expect(editions.find((e) => e.slug === "taichung-toulouse-predeparture")).toBeUndefined();
    // Toulouse's view of the closed edition counts only Toulouse's teams.
    const toulouse = await cityResults(db, (await findProgramBySlug(db, "taichung-toulouse-closed"))!, "toulouse");
    expect(toulouse.totals).toMatchObject({ reports: 2, meetingsHeld: 20, investmentEur: 105000, meanSatisfaction: 4 });
    expect(toulouse.meeting?.notes).toBeTruthy();
  });

  it("exports CSV with every cell quoted and formulas neutralised", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    for (const lead of ["+", "-", "@"]) expect(csvCell(`${lead}1`)).toBe(`"'${lead}1"`);
    expect(csvCell(null)).toBe('""');
    expect(csvCell(12)).toBe('"12"');
    const team = { proposalId: "p", team: "=cmd|' /C calc'!A0", title: "T, with comma", nextSteps: "line1\nline2", testimonial: null, submittedAt: "2030-01-01T00:00:00.000Z", meetingsHeld: 1, leads: 2, partnerships: 3, mous: 4, investmentEur: 5.5, followUps: 6, satisfaction: 5 };
    const csv = resultsCsv("ed", [team], [{ programId: "x", slug: "ed", titles: "{}", year: 2030, current: true, relation: "current", totals: aggregate([team]) }]);
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]!.startsWith('"row","edition","team"')).toBe(true);
    expect(lines[1]).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(lines[1]).toContain('"T, with comma"');
    expect(lines[1]).toContain('"5.50"');
    expect(csv).toContain('"total","ed","","","1","1","2","3","4","5.50","6","5.00"');
  });

  it("lays out the chart bars in proportion", () => {
    expect(niceMax(23)).toBe(50);
    expect(niceMax(10)).toBe(10);
    expect(niceMax(0)).toBe(1);
    const layout = barChartLayout(2, [{ key: "a", label: "A", values: [10, 5] }]);
    expect(layout.max).toBe(10);
    const [first, second] = layout.bars;
    expect(first!.height).toBeCloseTo(2 * second!.height, 0);
    expect(first!.y + first!.height).toBeCloseTo(layout.bottom, 5);
  });
});
