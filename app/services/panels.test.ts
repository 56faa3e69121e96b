import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { findUserByEmail } from "../../db/repositories/users.ts";
import type { User } from "../../db/schema.ts";
import { openTestDatabase, type TestDatabase } from "../../db/test-support.ts";
import { DEMO_ACCOUNTS } from "../../seeds/accounts.ts";
import { seedScenario } from "../../seeds/seed.ts";
import type { ServiceEnv } from "./env.ts";
import {
  declareConflict,
  hasFinishedReviews,
  loadPanel,
  lockShortlist,
  mayReview,
  panelReviewsOf,
  pickFinalists,
  promoteReserve,
  rankingView,
  saveReview,
  setAssignment,
  type Panel,
  type ReviewInput,
} from "./panels.server.ts";
import { balancedAssignment, rankProposals, sortRanking, type ScoredReview } from "./ranking.ts";
import { programInstance } from "./workflows.server.ts";

type City = "taichung" | "toulouse";

const NOW = new Date("2031-03-15T08:00:00.000Z");
let opened: TestDatabase;
let db: DB;
let slug: string;
let programId: string;
/** Each city's 8 proposals, in applicant order (team order = applicant order). */
const proposals: Record<City, string[]> = { taichung: [], toulouse: [] };

const env = (): ServiceEnv => ({ db, now: NOW, baseUrl: "http://localhost:3000", delivers: false });

function emailOf(role: "coordinator" | "reviewer", city: City, index = 1): string {
  return DEMO_ACCOUNTS.filter((a) => a.role === role && a.city === city)[index - 1]!.email;
}

async function user(role: "coordinator" | "reviewer", city: City, index = 1): Promise<User> {
  return (await findUserByEmail(db, emailOf(role, city, index)))!;
}

async function panelFor(who: User): Promise<Panel> {
  const panel = await loadPanel(db, who, slug);
  if (!panel || panel === "forbidden") throw new Error(`no panel for ${who.email}`);
  return panel;
}

async function version(): Promise<number> {
  return (await programInstance(db, programId))!.version;
}

/** Every criterion of the default shortlist rubric at the same value. */
function flat(value: number, submit = true, confidence = 2): ReviewInput {
  return { scores: { innovation: value, market: value, team: value, fit: value }, confidence, commentPanel: "", commentApplicant: "", submit };
}

async function declareAndScore(who: User, proposalId: string, input: ReviewInput): Promise<void> {
  const panel = await panelFor(who);
  expect(await declareConflict(env(), who, panel, proposalId, { conflicted: false, kind: null, note: null })).toEqual({ ok: true });
  expect(await saveReview(env(), who, panel, proposalId, input)).toEqual({ ok: true });
}

async function reviewRows(proposalId: string) {
  return db.selectFrom("reviews").selectAll().where("proposal_id", "=", proposalId).execute();
}

beforeAll(async () => {
  opened = await openTestDatabase("sqlite");
  db = opened.db;
  await migrateToLatest(db);
  const seeded = await seedScenario(db, "reviewing", NOW);
  slug = seeded.slug;
  programId = seeded.programId;
  for (const city of ["taichung", "toulouse"] as const) {
    const rows = await db.selectFrom("proposals").select(["id", "state"]).where("program_id", "=", programId).where("city_id", "=", city).orderBy("submitted_at").execute();
    if (rows.length !== 8 || rows.some((r) => r.state !== "inReview")) throw new Error(`the seeded ${city} proposals are not 8 in review`);
    proposals[city] = rows.map((r) => r.id);
  }
});

afterAll(async () => {
  await opened?.close();
});

describe("ranking.ts", () => {
  const reviews = (reviewerId: string, values: [string, number][]): ScoredReview[] => values.map(([proposalId, weighted]) => ({ proposalId, reviewerId, weighted }));

  it("a harsh and a lenient reviewer with the same order give the same normalised order", () => {
    const ids = ["a", "b", "c", "d"];
    const harsh = reviews("harsh", [["a", 2.6], ["b", 2], ["c", 1.5], ["d", 1]]);
    const lenient = reviews("lenient", [["a", 5], ["b", 4.9], ["c", 4.7], ["d", 4.6]]);
    const byHarsh = sortRanking(rankProposals(ids, harsh), "normalised").map((r) => r.proposalId);
    const byLenient = sortRanking(rankProposals(ids, lenient), "normalised").map((r) => r.proposalId);
    const together = sortRanking(rankProposals(ids, [...harsh, ...lenient]), "normalised").map((r) => r.proposalId);
    expect(byHarsh).toEqual(["a", "b", "c", "d"]);
    expect(byLenient).toEqual(byHarsh);
    expect(together).toEqual(byHarsh);
    // z-scores are centred and scaled per reviewer: each reviewer's normalised values sum to 0.
    const z = rankProposals(ids, harsh).map((r) => r.normalised!);
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 10);
    expect(Math.sqrt(z.reduce((a, b) => a + b * b, 0) / z.length)).toBeCloseTo(1, 10);
  });

  it("a lenient reviewer's worst does not beat a harsh reviewer's best once normalised", () => {
    // x: only the lenient reviewer, their lowest; y: only the harsh reviewer, their highest.
    const all = [
      ...reviews("lenient", [["p", 5], ["q", 4.8], ["x", 4.2]]),
      ...reviews("harsh", [["y", 3], ["r", 2], ["s", 1.2]]),
    ];
    const ranked = rankProposals(["p", "q", "r", "s", "x", "y"], all);
    const byMean = sortRanking(ranked, "mean").map((r) => r.proposalId);
    const byNormalised = sortRanking(ranked, "normalised").map((r) => r.proposalId);
    expect(byMean.indexOf("x")).toBeLessThan(byMean.indexOf("y"));
    expect(byNormalised.indexOf("y")).toBeLessThan(byNormalised.indexOf("x"));
  });

  it("mean, spread, review count; a reviewer who gives everyone the same score counts as 0; unreviewed last", () => {
    const ranked = rankProposals(["a", "b", "none"], [...reviews("flat", [["a", 3], ["b", 3]]), ...reviews("other", [["a", 4], ["b", 2]])]);
    const a = ranked.find((r) => r.proposalId === "a")!;
    expect(a).toMatchObject({ reviews: 2, mean: 3.5, spread: 1 });
    expect(a.normalised).toBeCloseTo(0.5, 10); // (0 + 1) / 2
    expect(ranked.find((r) => r.proposalId === "none")).toEqual({ proposalId: "none", reviews: 0, mean: null, normalised: null, spread: null });
    for (const by of ["normalised", "mean", "spread", "reviews"] as const) expect(sortRanking(ranked, by).at(-1)!.proposalId).toBe("none");
    expect(sortRanking(ranked, "spread")[0]!.proposalId).toBe("a"); // spread: smallest first (b has 1 too; stable)
  });

  it("balancedAssignment: per proposal, under the cap, least-loaded first, never a conflicted reviewer, existing kept", () => {
    const added = balancedAssignment(["p1", "p2", "p3", "p4"], ["r1", "r2", "r3"], { perProposal: 2, cap: 3, conflicts: new Set(["p1:r1"]), existing: [{ proposalId: "p2", reviewerId: "r3" }] });
    const all = [...added, { proposalId: "p2", reviewerId: "r3" }];
    for (const p of ["p1", "p2", "p3", "p4"]) expect(all.filter((a) => a.proposalId === p)).toHaveLength(2);
    expect(added).not.toContainEqual({ proposalId: "p1", reviewerId: "r1" });
    expect(added.filter((a) => a.proposalId === "p2")).toHaveLength(1);
    const load = (r: string) => all.filter((a) => a.reviewerId === r).length;
    for (const r of ["r1", "r2", "r3"]) expect(load(r)).toBeLessThanOrEqual(3);
    expect(Math.max(...["r1", "r2", "r3"].map(load)) - Math.min(...["r1", "r2", "r3"].map(load))).toBeLessThanOrEqual(1);
    // Deterministic: least loaded, ties by id.
    expect(added[0]).toEqual({ proposalId: "p1", reviewerId: "r2" });
    expect(balancedAssignment(["p1", "p2", "p3", "p4"], ["r1", "r2", "r3"], { perProposal: 2, cap: 3, conflicts: new Set(["p1:r1"]), existing: [{ proposalId: "p2", reviewerId: "r3" }] })).toEqual(added);
  });

  it("balancedAssignment stops at the cap and when only conflicted reviewers remain", () => {
    const capped = balancedAssignment(["p1", "p2", "p3"], ["r1", "r2"], { perProposal: 2, cap: 2, conflicts: new Set(), existing: [] });
    expect(capped).toHaveLength(4);
    expect(capped.filter((a) => a.proposalId === "p3")).toHaveLength(0);
    expect(balancedAssignment(["p1"], ["r1"], { perProposal: 1, cap: 5, conflicts: new Set(["p1:r1"]), existing: [] })).toEqual([]);
  });
});

describe("panels.server.ts, on the seeded reviewing edition", () => {
  it("every reviewer of a city is on its own panel, assigned to its 8 proposals, nothing submitted yet", async () => {
    const reviewer = await user("reviewer", "taichung");
    const panel = await panelFor(reviewer);
    expect(panel).toMatchObject({ cityId: "taichung", partnerId: "toulouse", isReviewer: true, isCoordinator: false, isChair: false, stage: "shortlist", ownShortlist: null, partnerShortlist: null });
    expect(panel.proposalIds).toEqual(proposals.taichung);
    expect(await hasFinishedReviews(db, panel, reviewer.id, "shortlist")).toBe(false);
    const toulouse = await panelFor(await user("reviewer", "toulouse"));
    expect(toulouse.proposalIds).toEqual(proposals.toulouse);
  });

  it("a score from a reviewer who is not assigned is refused (another city's panel, or unassigned by the coordinator)", async () => {
    const toulouseReviewer = await user("reviewer", "toulouse");
    const taichungProposal = proposals.taichung[6]!;
    const toulousePanel = await panelFor(toulouseReviewer);
    expect(await declareConflict(env(), toulouseReviewer, toulousePanel, taichungProposal, { conflicted: false, kind: null, note: null })).toEqual({ ok: false, error: "stage-closed" });
    expect(await saveReview(env(), toulouseReviewer, toulousePanel, taichungProposal, flat(5))).toEqual({ ok: false, error: "not-assigned" });

    const coordinator = await user("coordinator", "taichung");
    const reviewer2 = await user("reviewer", "taichung", 2);
    expect(await setAssignment(env(), coordinator, await panelFor(coordinator), taichungProposal, reviewer2.id, false)).toEqual({ ok: true });
    const panel2 = await panelFor(reviewer2);
    expect(await declareConflict(env(), reviewer2, panel2, taichungProposal, { conflicted: false, kind: null, note: null })).toEqual({ ok: false, error: "not-assigned" });
    expect(await saveReview(env(), reviewer2, panel2, taichungProposal, flat(5))).toEqual({ ok: false, error: "not-assigned" });
    // A reviewer may not assign.
    expect(await setAssignment(env(), reviewer2, panel2, taichungProposal, reviewer2.id, true)).toEqual({ ok: false, error: "not-coordinator" });
    expect(await reviewRows(taichungProposal)).toEqual([]);
  });

  it("scores only after declaring; invalid scores and resubmissions are refused", async () => {
    const reviewer = await user("reviewer", "taichung");
    const panel = await panelFor(reviewer);
    const p = proposals.taichung[0]!;
    expect(await saveReview(env(), reviewer, panel, p, flat(4))).toEqual({ ok: false, error: "undeclared" });
    expect(await declareConflict(env(), reviewer, panel, p, { conflicted: false, kind: null, note: null })).toEqual({ ok: true });
    expect(await saveReview(env(), reviewer, panel, p, flat(6))).toEqual({ ok: false, error: "invalid-score" });
    expect(await saveReview(env(), reviewer, panel, p, { ...flat(4), confidence: null })).toEqual({ ok: false, error: "invalid-score" });
    expect(await saveReview(env(), reviewer, panel, p, { ...flat(4), scores: { innovation: 4, market: null, team: 4, fit: 4 } })).toEqual({ ok: false, error: "invalid-score" });
    // A partial draft is fine; then the submission.
    expect(await saveReview(env(), reviewer, panel, p, { ...flat(4, false), scores: { innovation: 4, market: null, team: null, fit: null }, confidence: null })).toEqual({ ok: true });
    expect((await reviewRows(p))[0]).toMatchObject({ status: "draft", weighted: null });
    expect(await saveReview(env(), reviewer, panel, p, flat(4))).toEqual({ ok: true });
    expect(await saveReview(env(), reviewer, panel, p, flat(1))).toEqual({ ok: false, error: "already-submitted" });
    const rows = await reviewRows(p);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "submitted", weighted: 4, panel_city_id: "taichung" });
  });

  it("a conflict blocks the reviewer and hands the proposal to another reviewer of the panel", async () => {
    const coordinator = await user("coordinator", "taichung");
    const [r1, r2, r3] = [await user("reviewer", "taichung", 1), await user("reviewer", "taichung", 2), await user("reviewer", "taichung", 3)];
    const p = proposals.taichung[7]!;
    // Make room: reviewer 3 is taken off, so the conflict has somebody to go to.
    expect(await setAssignment(env(), coordinator, await panelFor(coordinator), p, r3.id, false)).toEqual({ ok: true });
    expect(await declareConflict(env(), r1, await panelFor(r1), p, { conflicted: true, kind: "investor", note: "angel investor" })).toEqual({ ok: true });
    const assigned = (await db.selectFrom("review_assignments").select(["reviewer_id", "created_by"]).where("proposal_id", "=", p).where("stage", "=", "shortlist").execute());
    expect(assigned.map((a) => a.reviewer_id).sort()).toEqual([r2.id, r3.id].sort());
    expect(assigned.find((a) => a.reviewer_id === r3.id)!.created_by).toBe("conflict-reassignment");
    const panel1 = await panelFor(r1);
    expect(await mayReview(db, panel1, p, r1.id)).toEqual({ ok: false, error: "conflicted" });
    expect(await saveReview(env(), r1, panel1, p, flat(5))).toEqual({ ok: false, error: "conflicted" });
    // Declaring again is refused (no longer assigned) and changes nothing.
    expect(await declareConflict(env(), r1, panel1, p, { conflicted: false, kind: null, note: null })).toEqual({ ok: false, error: "not-assigned" });
    expect(await mayReview(db, panel1, p, r1.id)).toEqual({ ok: false, error: "conflicted" });
    // …and the coordinator cannot assign them back.
    expect(await setAssignment(env(), coordinator, await panelFor(coordinator), p, r1.id, true)).toEqual({ ok: false, error: "conflicted" });
    expect(await reviewRows(p)).toEqual([]);
    const log = await db.selectFrom("audit_log").select(["action", "detail"]).where("program_id", "=", programId).where("action", "=", "conflict-declared").execute();
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.detail)).toMatchObject({ proposalId: p, kind: "investor", reassignedTo: [r3.id] });
  });

  it("other reviews stay hidden until the viewer submitted their own; other panels' never show", async () => {
    const p = proposals.taichung[1]!;
    const [r1, r2] = [await user("reviewer", "taichung", 1), await user("reviewer", "taichung", 2)];
    await declareAndScore(r2, p, flat(2));
    expect(await panelReviewsOf(db, await panelFor(r1), p, r1, "shortlist")).toBeNull();
    const panel1 = await panelFor(r1);
    expect(await declareConflict(env(), r1, panel1, p, { conflicted: false, kind: null, note: null })).toEqual({ ok: true });
    expect(await saveReview(env(), r1, panel1, p, flat(5, false))).toEqual({ ok: true });
    // A draft is not enough.
    expect(await panelReviewsOf(db, panel1, p, r1, "shortlist")).toBeNull();
    expect(await saveReview(env(), r1, panel1, p, flat(5))).toEqual({ ok: true });
    const seen = await panelReviewsOf(db, panel1, p, r1, "shortlist");
    expect(seen?.map((r) => r.reviewer_id).sort()).toEqual([r1.id, r2.id].sort());
    // The coordinator always sees the panel's; the partner city's coordinator never sees them.
    const coordinator = await user("coordinator", "taichung");
    expect(await panelReviewsOf(db, await panelFor(coordinator), p, coordinator, "shortlist")).toHaveLength(2);
    const partner = await user("coordinator", "toulouse");
    expect(await panelReviewsOf(db, await panelFor(partner), p, partner, "shortlist")).toEqual([]);
  });

  it("the panel ranking normalises per reviewer: a harsh and a lenient reviewer scoring the same order agree", async () => {
    // Toulouse: reviewer 1 is lenient (5…), reviewer 2 harsh (…1), same order; reviewer 3 reviews nothing.
    const [lenient, harsh] = [await user("reviewer", "toulouse", 1), await user("reviewer", "toulouse", 2)];
    const ids = proposals.toulouse;
    const lenientScores = [5, 5, 5, 5, 4, 4, 4, 4];
    const lenientFit = [5, 4, 3, 2, 5, 4, 3, 2];
    const harshScores = [3, 3, 3, 3, 2, 2, 2, 2];
    const harshFit = [4, 3, 2, 1, 4, 3, 2, 1];
    for (const [i, id] of ids.entries()) {
      await declareAndScore(lenient, id, { ...flat(lenientScores[i]!), scores: { innovation: lenientScores[i]!, market: lenientScores[i]!, team: lenientScores[i]!, fit: lenientFit[i]! } });
      await declareAndScore(harsh, id, { ...flat(harshScores[i]!), scores: { innovation: harshScores[i]!, market: harshScores[i]!, team: harshScores[i]!, fit: harshFit[i]! } });
    }
    const coordinator = await user("coordinator", "toulouse");
    const panel = await panelFor(coordinator);
    const ranking = await rankingView(db, panel, "shortlist", panel.proposalIds, "normalised");
    expect(ranking.map((r) => r.id)).toEqual(ids);
    expect(ranking.every((r) => r.reviews === 2)).toBe(true);
    // The harsh and the lenient reviewer alone produce the same normalised order.
    const rows = await db.selectFrom("reviews").select(["proposal_id", "reviewer_id", "weighted"]).where("panel_city_id", "=", "toulouse").execute();
    const alone = (id: string) => sortRanking(rankProposals(ids, rows.filter((r) => r.reviewer_id === id).map((r) => ({ proposalId: r.proposal_id, reviewerId: r.reviewer_id, weighted: r.weighted! }))), "normalised").map((r) => r.proposalId);
    expect(alone(lenient.id)).toEqual(ids);
    expect(alone(harsh.id)).toEqual(alone(lenient.id));
    expect(await hasFinishedReviews(db, await panelFor(lenient), lenient.id, "shortlist")).toBe(true);
    expect(await hasFinishedReviews(db, await panelFor(await user("reviewer", "toulouse", 3)), (await user("reviewer", "toulouse", 3)).id, "shortlist")).toBe(false);
  });

  it("lockShortlist refuses a wrong count, a duplicate, a foreign proposal and a non-chair, leaving the programme untouched", async () => {
    const coordinator = await user("coordinator", "taichung");
    const panel = await panelFor(coordinator);
    const before = await version();
    const lock = (ids: string[], who: User = coordinator, p: Panel = panel) => lockShortlist(env(), who, p, { ids, rationale: "r", shareScores: false, expectedVersion: before });
    const t = proposals.taichung;
    expect(await lock(t.slice(0, 4))).toEqual({ ok: false, error: "wrong-count" });
    expect(await lock(t.slice(0, 6))).toEqual({ ok: false, error: "wrong-count" });
    expect(await lock([t[0]!, t[1]!, t[2]!, t[3]!, t[0]!])).toEqual({ ok: false, error: "duplicate" });
    expect(await lock([...t.slice(0, 4), proposals.toulouse[0]!])).toEqual({ ok: false, error: "not-eligible" });
    const reviewer = await user("reviewer", "taichung");
    expect(await lock(t.slice(0, 5), reviewer, await panelFor(reviewer))).toEqual({ ok: false, error: "not-coordinator" });
    // Another city's coordinator cannot lock this city's list through their own panel either.
    const partner = await user("coordinator", "toulouse");
    expect(await lock(t.slice(0, 5), partner, await panelFor(partner))).toEqual({ ok: false, error: "not-eligible" });
    expect(await version()).toBe(before);
    expect(await db.selectFrom("panel_decisions").selectAll().where("program_id", "=", programId).execute()).toEqual([]);
    expect((await panelFor(coordinator)).ownShortlist).toBeNull();
  });

  it("after the lock: the shortlist is recorded, scoring is closed, picking waits for the partner", async () => {
    const coordinator = await user("coordinator", "taichung");
    const before = await version();
    const ids = proposals.taichung.slice(0, 5);
    // A stale version loses.
    expect(await lockShortlist(env(), coordinator, await panelFor(coordinator), { ids, rationale: "best five", shareScores: false, expectedVersion: before - 1 })).toEqual({ ok: false, error: "conflict" });
    expect(await lockShortlist(env(), coordinator, await panelFor(coordinator), { ids, rationale: "best five", shareScores: false, expectedVersion: before })).toEqual({ ok: true });
    expect(await version()).toBeGreaterThan(before);
    const panel = await panelFor(coordinator);
    expect(panel.ownShortlist).toEqual(ids);
    expect(panel.stage).toBeNull();
    const states = await db.selectFrom("proposals").select(["id", "state"]).where("id", "in", proposals.taichung).execute();
    for (const s of states) expect(s.state).toBe(ids.includes(s.id) ? "shortlisted" : "notShortlisted");
    // A score after the stage closed is refused and changes nothing.
    const r3 = await user("reviewer", "taichung", 3);
    const p = proposals.taichung[2]!;
    const beforeRows = await reviewRows(p);
    expect(await saveReview(env(), r3, await panelFor(r3), p, flat(5))).toEqual({ ok: false, error: "stage-closed" });
    expect(await reviewRows(p)).toEqual(beforeRows);
    // Locking twice, or picking before the partner's list exists, is not possible.
    expect(await lockShortlist(env(), coordinator, panel, { ids, rationale: "again", shareScores: false, expectedVersion: await version() })).toEqual({ ok: false, error: "stage-closed" });
    expect(await pickFinalists(env(), coordinator, panel, { ids: proposals.toulouse.slice(0, 2), rationale: "x", expectedVersion: await version() })).toEqual({ ok: false, error: "stage-closed" });
  });

  it("pickFinalists: only 2 of the partner's 5, never one's own city's", async () => {
    const toulouse = await user("coordinator", "toulouse");
    expect(await lockShortlist(env(), toulouse, await panelFor(toulouse), { ids: proposals.toulouse.slice(0, 5), rationale: "top five", shareScores: true, expectedVersion: await version() })).toEqual({ ok: true });
    const taichung = await user("coordinator", "taichung");
    const panel = await panelFor(taichung);
    expect(panel.stage).toBe("pick");
    expect(panel.partnerShortlist).toEqual(proposals.toulouse.slice(0, 5));
    expect(panel.proposalIds).toEqual(proposals.toulouse.slice(0, 5));
    const before = await version();
    const pick = (ids: string[]) => pickFinalists(env(), taichung, panel, { ids, rationale: "why", expectedVersion: before });
    expect(await pick([proposals.taichung[0]!, proposals.toulouse[0]!])).toEqual({ ok: false, error: "not-on-partner-shortlist" });
    expect(await pick([proposals.taichung[0]!, proposals.taichung[1]!])).toEqual({ ok: false, error: "not-on-partner-shortlist" });
    expect(await pick([proposals.toulouse[5]!, proposals.toulouse[0]!])).toEqual({ ok: false, error: "not-on-partner-shortlist" });
    expect(await pick(proposals.toulouse.slice(0, 3))).toEqual({ ok: false, error: "wrong-count" });
    expect(await pick([proposals.toulouse[0]!, proposals.toulouse[0]!])).toEqual({ ok: false, error: "duplicate" });
    expect(await version()).toBe(before);
    // In the pick stage a reviewer scores the partner's 5 only; the own city's proposals are closed.
    const r1 = await user("reviewer", "taichung");
    const reviewerPanel = await panelFor(r1);
    expect(await saveReview(env(), r1, reviewerPanel, proposals.taichung[0]!, flat(5))).toEqual({ ok: false, error: "stage-closed" });
    expect(await saveReview(env(), r1, reviewerPanel, proposals.toulouse[6]!, flat(5))).toEqual({ ok: false, error: "not-assigned" });
    expect(await mayReview(db, reviewerPanel, proposals.toulouse[0]!, r1.id)).toEqual({ ok: false, error: "undeclared" });

    expect(await pick([proposals.toulouse[1]!, proposals.toulouse[0]!])).toEqual({ ok: true });
    const states = new Map((await db.selectFrom("proposals").select(["id", "state"]).where("id", "in", proposals.toulouse.slice(0, 5)).execute()).map((r) => [r.id, r.state]));
    expect(states.get(proposals.toulouse[0]!)).toBe("offered");
    expect(states.get(proposals.toulouse[1]!)).toBe("offered");
    for (const id of proposals.toulouse.slice(2, 5)) expect(states.get(id)).toBe("reserve");
  });

  it("promoteReserve needs a finalist who declined", async () => {
    const taichung = await user("coordinator", "taichung");
    const panel = await panelFor(taichung);
    const before = await version();
    expect(await promoteReserve(env(), taichung, panel, { replacingId: proposals.toulouse[0]!, reserveId: proposals.toulouse[2]!, reason: null, expectedVersion: before })).toEqual({ ok: false, error: "not-allowed" });
    const reviewer = await user("reviewer", "taichung");
    expect(await promoteReserve(env(), reviewer, await panelFor(reviewer), { replacingId: proposals.toulouse[0]!, reserveId: proposals.toulouse[2]!, reason: null, expectedVersion: before })).toEqual({ ok: false, error: "not-coordinator" });
    expect(await version()).toBe(before);
  });
});
