import type { DB } from "../../db/client.ts";
import type { User } from "../../db/schema.ts";
import { findProgramBySlug, partnerCityId, type ProgramWithCities } from "../../db/repositories/programs.ts";
import { CITY_REGIONS, programMachine } from "../../workflows/program.machine.ts";
import { validatePicks, validateShortlist } from "../../workflows/shortlist.ts";
import { citiesWhere } from "../../db/repositories/memberships.ts";
import { rolesIn } from "../lib/access.server.ts";
import { randomId } from "../lib/ids.ts";
import type { ServiceEnv } from "./env.ts";
import { balancedAssignment, rankProposals, sortRanking, type RankedProposal, type RankingRow, type RankingSort, type ScoredReview } from "./ranking.ts";
import { rubricFor, weightedScore, type ReviewStage, type Rubric } from "./rubrics.server.ts";
import { EventNotAllowedError, restore, WorkflowConflictError } from "./workflow-engine.server.ts";
import { dispatchApplication, dispatchProgram, programInstance } from "./workflows.server.ts";

export const CONFLICT_KINDS = ["investor", "mentor", "employer", "family", "other"] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** Who is asking about which panel, and where that panel's work stands. */
export interface Panel {
  program: ProgramWithCities;
  /** the panel's own city */
  cityId: string;
  partnerId: string;
  isReviewer: boolean;
  isCoordinator: boolean;
  /** may lock the shortlist and the picks: the coordinator, or the reviewer named chair */
  isChair: boolean;
  /** which review is open now for this panel, if any */
  stage: ReviewStage | null;
  /** proposals under review in the open stage (own city's in review, or the partner's shortlist) */
  proposalIds: string[];
  partnerShortlist: string[] | null;
  ownShortlist: string[] | null;
  picks: string[] | null;
  version: number;
}

export async function loadPanel(db: DB, user: User, slug: string, requestedCity?: string | null): Promise<Panel | null | "forbidden"> {
  const program = await findProgramBySlug(db, slug);
  if (!program) return null;
  const roles = await rolesIn(db, user, program.id);
  const cities = [program.city_a_id, program.city_b_id];
  const mine = [...new Set([...roles.coordinatorOf, ...roles.reviewerOf])];
  // Asking for a city one does not sit for is refused, not quietly answered with one's own.
  const allowed = roles.admin ? cities : mine;
  if (requestedCity && !allowed.includes(requestedCity)) return "forbidden";
  const cityId = requestedCity ?? mine[0] ?? (roles.admin ? cities[0] : undefined);
  if (!cityId) return "forbidden";
  const instance = await programInstance(db, program.id);
  if (!instance) return null;
  const snapshot = restore(programMachine, instance);
  const context = snapshot.context as { shortlists: Record<string, string[] | null>; picks: Record<string, string[] | null>; cities: string[] };
  const partnerId = partnerCityId(program, cityId);
  const value = snapshot.value as Record<string, Record<string, string>> | string;
  const region = CITY_REGIONS[context.cities.indexOf(cityId)] ?? "cityA";
  const sub = typeof value === "object" && value.selection ? value.selection[region] : null;
  const stage: ReviewStage | null = sub === "reviewing" ? "shortlist" : sub === "picking" ? "pick" : null;
  const proposalIds =
    stage === "shortlist"
      ? (await db.selectFrom("proposals").select("id").where("program_id", "=", program.id).where("city_id", "=", cityId).where("state", "=", "inReview").orderBy("submitted_at").execute()).map((p) => p.id)
      : stage === "pick"
        ? (context.shortlists[partnerId] ?? [])
        : [];
  return {
    program,
    cityId,
    partnerId,
    isReviewer: roles.reviewerOf.includes(cityId),
    isCoordinator: roles.coordinatorOf.includes(cityId) || roles.admin,
    isChair: roles.coordinatorOf.includes(cityId) || roles.admin || (await citiesWhere(db, user.id, program.id, "chair")).includes(cityId),
    stage,
    proposalIds,
    partnerShortlist: context.shortlists[partnerId] ?? null,
    ownShortlist: context.shortlists[cityId] ?? null,
    picks: context.picks[cityId] ?? null,
    version: instance.version,
  };
}

export type PanelError =
  | "stage-closed"
  | "not-assigned"
  | "conflicted"
  | "undeclared"
  | "invalid-score"
  | "already-submitted"
  | "not-coordinator"
  | "wrong-count"
  | "duplicate"
  | "not-on-partner-shortlist"
  | "not-eligible"
  | "conflict"
  | "not-allowed";
export type PanelResult = { ok: true } | { ok: false; error: PanelError };

// ---------------------------------------------------------------- assignments and conflicts

export async function assignmentsOf(db: DB, panel: Panel, stage: ReviewStage) {
  return db
    .selectFrom("review_assignments")
    .innerJoin("memberships", (join) => join.onRef("memberships.user_id", "=", "review_assignments.reviewer_id").on("memberships.program_id", "=", panel.program.id).on("memberships.city_id", "=", panel.cityId).on("memberships.role", "=", "reviewer"))
    .select(["review_assignments.proposal_id", "review_assignments.reviewer_id"])
    .where("review_assignments.program_id", "=", panel.program.id)
    .where("review_assignments.stage", "=", stage)
    .execute();
}

export async function declarationOf(db: DB, proposalId: string, reviewerId: string) {
  return db.selectFrom("conflict_declarations").selectAll().where("proposal_id", "=", proposalId).where("reviewer_id", "=", reviewerId).executeTakeFirst();
}

async function isAssigned(db: DB, panel: Panel, stage: ReviewStage, proposalId: string, reviewerId: string): Promise<boolean> {
  return !!(await db.selectFrom("review_assignments").select("reviewer_id").where("program_id", "=", panel.program.id).where("stage", "=", stage).where("proposal_id", "=", proposalId).where("reviewer_id", "=", reviewerId).executeTakeFirst());
}

async function panelReviewers(db: DB, panel: Panel): Promise<string[]> {
  const rows = await db.selectFrom("memberships").select("user_id").where("program_id", "=", panel.program.id).where("city_id", "=", panel.cityId).where("role", "=", "reviewer").execute();
  return rows.map((r) => r.user_id);
}

async function conflictSet(db: DB, proposalIds: string[]): Promise<Set<string>> {
  if (proposalIds.length === 0) return new Set();
  const rows = await db.selectFrom("conflict_declarations").select(["proposal_id", "reviewer_id"]).where("conflicted", "=", 1).where("proposal_id", "in", proposalIds).execute();
  return new Set(rows.map((r) => `${r.proposal_id}:${r.reviewer_id}`));
}

async function audit(db: DB, panel: Panel, actor: User, action: string, detail: unknown, at: string): Promise<void> {
  await db.insertInto("audit_log").values({ id: randomId(), program_id: panel.program.id, city_id: panel.cityId, actor_user_id: actor.id, action, detail: JSON.stringify(detail), at }).execute();
}

/** Balanced automatic assignment for the open stage; existing assignments are kept. */
export async function autoAssign(env: ServiceEnv, user: User, panel: Panel, options: { perProposal: number; cap: number }): Promise<number> {
  if (!panel.isCoordinator || !panel.stage) return 0;
  const stage = panel.stage;
  const reviewers = await panelReviewers(env.db, panel);
  const existing = (await assignmentsOf(env.db, panel, stage)).map((a) => ({ proposalId: a.proposal_id, reviewerId: a.reviewer_id }));
  const added = balancedAssignment(panel.proposalIds, reviewers, { ...options, conflicts: await conflictSet(env.db, panel.proposalIds), existing });
  await env.db.transaction().execute(async (trx) => {
    for (const a of added) {
      await trx.insertInto("review_assignments").values({ program_id: panel.program.id, proposal_id: a.proposalId, reviewer_id: a.reviewerId, stage, created_by: user.id, created_at: env.now.toISOString() }).execute();
    }
    await audit(trx, panel, user, "auto-assign", { stage, added: added.length, ...options }, env.now.toISOString());
  });
  return added.length;
}

/** A coordinator adds or removes one assignment by hand; logged. A conflicted reviewer cannot be assigned. */
export async function setAssignment(env: ServiceEnv, user: User, panel: Panel, proposalId: string, reviewerId: string, assigned: boolean): Promise<PanelResult> {
  if (!panel.isCoordinator) return { ok: false, error: "not-coordinator" };
  if (!panel.stage || !panel.proposalIds.includes(proposalId)) return { ok: false, error: "stage-closed" };
  if (!(await panelReviewers(env.db, panel)).includes(reviewerId)) return { ok: false, error: "not-assigned" };
  const declared = await declarationOf(env.db, proposalId, reviewerId);
  if (assigned && declared?.conflicted) return { ok: false, error: "conflicted" };
  await env.db.transaction().execute(async (trx) => {
    if (assigned) {
      await trx
        .insertInto("review_assignments")
        .values({ program_id: panel.program.id, proposal_id: proposalId, reviewer_id: reviewerId, stage: panel.stage!, created_by: user.id, created_at: env.now.toISOString() })
        .onConflict((oc) => oc.columns(["proposal_id", "reviewer_id", "stage"]).doNothing())
        .execute();
    } else {
      await trx.deleteFrom("review_assignments").where("proposal_id", "=", proposalId).where("reviewer_id", "=", reviewerId).where("stage", "=", panel.stage!).execute();
    }
    await audit(trx, panel, user, assigned ? "assign" : "unassign", { stage: panel.stage, proposalId, reviewerId }, env.now.toISOString());
  });
  return { ok: true };
}

/**
 * Declared before the reviewer sees the proposal. A conflict removes the
 * assignment and gives the proposal to the least-loaded other reviewer.
 */
export async function declareConflict(env: ServiceEnv, user: User, panel: Panel, proposalId: string, input: { conflicted: boolean; kind: ConflictKind | null; note: string | null }): Promise<PanelResult> {
  if (!panel.stage || !panel.proposalIds.includes(proposalId)) return { ok: false, error: "stage-closed" };
  if (!(await isAssigned(env.db, panel, panel.stage, proposalId, user.id))) return { ok: false, error: "not-assigned" };
  if (await declarationOf(env.db, proposalId, user.id)) return { ok: true };
  const at = env.now.toISOString();
  await env.db.transaction().execute(async (trx) => {
    await trx.insertInto("conflict_declarations").values({ proposal_id: proposalId, reviewer_id: user.id, conflicted: input.conflicted ? 1 : 0, kind: input.conflicted ? (input.kind ?? "other") : null, note: input.note, declared_at: at }).execute();
    if (!input.conflicted) return;
    await trx.deleteFrom("review_assignments").where("proposal_id", "=", proposalId).where("reviewer_id", "=", user.id).where("stage", "=", panel.stage!).execute();
    const reviewers = await panelReviewers(trx, panel);
    const existing = (await assignmentsOf(trx, panel, panel.stage!)).map((a) => ({ proposalId: a.proposal_id, reviewerId: a.reviewer_id }));
    const perProposal = existing.filter((a) => a.proposalId === proposalId).length + 1;
    const replacement = balancedAssignment([proposalId], reviewers, { perProposal, cap: Number.MAX_SAFE_INTEGER, conflicts: await conflictSet(trx, [proposalId]), existing });
    for (const a of replacement) {
      await trx.insertInto("review_assignments").values({ program_id: panel.program.id, proposal_id: a.proposalId, reviewer_id: a.reviewerId, stage: panel.stage!, created_by: "conflict-reassignment", created_at: at }).execute();
    }
    await audit(trx, panel, user, "conflict-declared", { proposalId, kind: input.kind, reassignedTo: replacement.map((r) => r.reviewerId) }, at);
  });
  return { ok: true };
}

/** Assigned, declared free of conflict, and the stage is open. */
export async function mayReview(db: DB, panel: Panel, proposalId: string, reviewerId: string): Promise<PanelResult> {
  if (!panel.stage) return { ok: false, error: "stage-closed" };
  if (!panel.proposalIds.includes(proposalId)) {
    // This panel's own proposal (or one of the partner's 5) from a stage now over: closed.
    // Anything else (another panel's proposal, another edition's) was never this reviewer's.
    const proposal = await db.selectFrom("proposals").select(["city_id", "program_id"]).where("id", "=", proposalId).executeTakeFirst();
    const ours = !!proposal && proposal.program_id === panel.program.id && (proposal.city_id === panel.cityId || (panel.partnerShortlist ?? []).includes(proposalId));
    return { ok: false, error: ours ? "stage-closed" : "not-assigned" };
  }
  const declared = await declarationOf(db, proposalId, reviewerId);
  if (declared?.conflicted) return { ok: false, error: "conflicted" };
  if (!(await isAssigned(db, panel, panel.stage, proposalId, reviewerId))) return { ok: false, error: "not-assigned" };
  if (!declared) return { ok: false, error: "undeclared" };
  return { ok: true };
}

// ---------------------------------------------------------------- scoring

export interface ReviewInput {
  scores: Record<string, number | null>;
  confidence: number | null;
  commentPanel: string;
  commentApplicant: string;
  submit: boolean;
}

export function scoreErrors(rubric: Rubric, input: ReviewInput): boolean {
  for (const c of rubric.criteria) {
    const v = input.scores[c.key];
    if (v === null || v === undefined) {
      if (input.submit) return true;
      continue;
    }
    if (!Number.isInteger(v) || v < 1 || v > rubric.scaleMax) return true;
  }
  if (input.submit && (input.confidence === null || input.confidence < 1 || input.confidence > 3)) return true;
  return false;
}

export async function saveReview(env: ServiceEnv, user: User, panel: Panel, proposalId: string, input: ReviewInput): Promise<PanelResult> {
  const allowed = await mayReview(env.db, panel, proposalId, user.id);
  if (!allowed.ok) return allowed;
  const stage = panel.stage!;
  const rubric = await rubricFor(env.db, panel.program.id, panel.cityId, stage);
  if (scoreErrors(rubric, input)) return { ok: false, error: "invalid-score" };
  const existing = await env.db.selectFrom("reviews").selectAll().where("proposal_id", "=", proposalId).where("reviewer_id", "=", user.id).where("stage", "=", stage).executeTakeFirst();
  if (existing?.status === "submitted") return { ok: false, error: "already-submitted" };
  const at = env.now.toISOString();
  const scores = Object.fromEntries(Object.entries(input.scores).filter(([, v]) => v !== null));
  const row = {
    scores: JSON.stringify(scores),
    confidence: input.confidence,
    comment_panel: input.commentPanel,
    comment_applicant: input.commentApplicant,
    status: input.submit ? "submitted" : "draft",
    weighted: input.submit ? weightedScore(rubric, scores as Record<string, number>) : null,
    updated_at: at,
    submitted_at: input.submit ? at : null,
  };
  if (existing) await env.db.updateTable("reviews").set(row).where("id", "=", existing.id).where("status", "=", "draft").execute();
  else await env.db.insertInto("reviews").values({ id: randomId(), program_id: panel.program.id, proposal_id: proposalId, reviewer_id: user.id, panel_city_id: panel.cityId, stage, ...row }).execute();
  return { ok: true };
}

export async function ownReview(db: DB, panel: Panel, proposalId: string, reviewerId: string, stage: ReviewStage) {
  return db.selectFrom("reviews").selectAll().where("proposal_id", "=", proposalId).where("reviewer_id", "=", reviewerId).where("stage", "=", stage).where("panel_city_id", "=", panel.cityId).executeTakeFirst();
}

/** The panel's other reviews of a proposal: only this panel's, and only once the viewer submitted their own (coordinators always). */
export async function panelReviewsOf(db: DB, panel: Panel, proposalId: string, viewer: User, stage: ReviewStage) {
  if (!panel.isCoordinator) {
    const own = await ownReview(db, panel, proposalId, viewer.id, stage);
    if (own?.status !== "submitted") return null;
  }
  return db
    .selectFrom("reviews")
    .innerJoin("users", "users.id", "reviews.reviewer_id")
    .select(["reviews.reviewer_id", "users.name", "reviews.scores", "reviews.confidence", "reviews.comment_panel", "reviews.weighted"])
    .where("reviews.proposal_id", "=", proposalId)
    .where("reviews.stage", "=", stage)
    .where("reviews.panel_city_id", "=", panel.cityId)
    .where("reviews.status", "=", "submitted")
    .execute();
}

/**
 * Up to this many proposals are looked up by id. A panel's whole list (2,000 in a
 * large call) is read through the panel's own index and filtered here instead:
 * an IN list of that length costs more to prepare and probe than it saves.
 */
const BY_ID_LIMIT = 100;

/** The ranking of the panel's open (or last) stage, from submitted reviews of this panel only. */
export async function panelRanking(db: DB, panel: Panel, stage: ReviewStage, proposalIds: string[]): Promise<RankedProposal[]> {
  if (proposalIds.length === 0) return [];
  let query = db
    .selectFrom("reviews")
    .select(["proposal_id", "reviewer_id", "weighted"])
    .where("program_id", "=", panel.program.id)
    .where("panel_city_id", "=", panel.cityId)
    .where("stage", "=", stage)
    .where("status", "=", "submitted");
  if (proposalIds.length <= BY_ID_LIMIT) query = query.where("proposal_id", "in", proposalIds);
  const wanted = new Set(proposalIds);
  const reviews: ScoredReview[] = [];
  for (const r of await query.execute()) if (wanted.has(r.proposal_id)) reviews.push({ proposalId: r.proposal_id, reviewerId: r.reviewer_id, weighted: r.weighted ?? 0 });
  return rankProposals(proposalIds, reviews);
}

/** A reviewer sees the ranking once every review assigned to them in the stage is submitted. */
export async function hasFinishedReviews(db: DB, panel: Panel, reviewerId: string, stage: ReviewStage): Promise<boolean> {
  const assigned = await db.selectFrom("review_assignments").select("proposal_id").where("program_id", "=", panel.program.id).where("stage", "=", stage).where("reviewer_id", "=", reviewerId).execute();
  if (assigned.length === 0) return false;
  const done = await db.selectFrom("reviews").select("proposal_id").where("reviewer_id", "=", reviewerId).where("stage", "=", stage).where("status", "=", "submitted").where("panel_city_id", "=", panel.cityId).execute();
  const doneSet = new Set(done.map((d) => d.proposal_id));
  return assigned.every((a) => doneSet.has(a.proposal_id));
}

// ---------------------------------------------------------------- decisions

function workflowError(error: unknown): PanelResult {
  if (error instanceof WorkflowConflictError) return { ok: false, error: "conflict" };
  if (error instanceof EventNotAllowedError) return { ok: false, error: "not-allowed" };
  throw error;
}

/** Screening by the home city's coordinator: eligible, or not with a reason the team will see. */
export async function screenProposal(env: ServiceEnv, user: User, panel: Panel, proposalId: string, eligible: boolean, reason: string | null): Promise<PanelResult> {
  if (!panel.isCoordinator) return { ok: false, error: "not-coordinator" };
  const proposal = await env.db.selectFrom("proposals").select(["id", "city_id", "state"]).where("id", "=", proposalId).where("program_id", "=", panel.program.id).executeTakeFirst();
  if (!proposal || proposal.city_id !== panel.cityId) return { ok: false, error: "not-eligible" };
  if (!eligible && !reason?.trim()) return { ok: false, error: "not-allowed" };
  try {
    await env.db.transaction().execute(async (trx) => {
      const at = env.now.toISOString();
      const actor = { userId: user.id, label: user.email };
      if (eligible) await dispatchApplication(trx, env, { proposalId, event: { type: "MARK_ELIGIBLE", at }, actor });
      else {
        await dispatchApplication(trx, env, { proposalId, event: { type: "MARK_INELIGIBLE", reason: reason!.trim(), at }, actor });
        await trx.updateTable("proposals").set({ ineligible_reason: reason!.trim() }).where("id", "=", proposalId).execute();
      }
    });
    return { ok: true };
  } catch (error) {
    return workflowError(error);
  }
}

/** The panel chair locks the shortlist: exactly 5 (or every eligible one), all from this city. */
export async function lockShortlist(env: ServiceEnv, user: User, panel: Panel, input: { ids: string[]; rationale: string; shareScores: boolean; expectedVersion: number }): Promise<PanelResult> {
  if (!panel.isChair) return { ok: false, error: "not-coordinator" };
  if (panel.stage !== "shortlist") return { ok: false, error: "stage-closed" };
  if (input.ids.some((id) => !panel.proposalIds.includes(id))) return { ok: false, error: "not-eligible" };
  const errors = validateShortlist(input.ids, panel.proposalIds.length);
  if (errors.includes("duplicate")) return { ok: false, error: "duplicate" };
  if (errors.length > 0) return { ok: false, error: "wrong-count" };
  try {
    await env.db.transaction().execute(async (trx) => {
      const at = env.now.toISOString();
      await dispatchProgram(trx, env, { programId: panel.program.id, event: { type: "LOCK_SHORTLIST", city: panel.cityId, ids: input.ids, eligibleCount: panel.proposalIds.length, at }, actor: { userId: user.id, label: user.email }, expectedVersion: input.expectedVersion });
      await trx.insertInto("panel_decisions").values({ program_id: panel.program.id, city_id: panel.cityId, stage: "shortlist", ids: JSON.stringify(input.ids), rationale: input.rationale, share_scores: input.shareScores ? 1 : 0, decided_by: user.id, decided_at: at }).execute();
    });
    return { ok: true };
  } catch (error) {
    return workflowError(error);
  }
}

/** The host city's chair picks 2 from the partner's 5; the other 3 become the ranked reserve list. */
export async function pickFinalists(env: ServiceEnv, user: User, panel: Panel, input: { ids: string[]; rationale: string; expectedVersion: number }): Promise<PanelResult> {
  if (!panel.isChair) return { ok: false, error: "not-coordinator" };
  if (panel.stage !== "pick" || !panel.partnerShortlist) return { ok: false, error: "stage-closed" };
  const errors = validatePicks(input.ids, panel.partnerShortlist);
  if (errors.includes("not-on-partner-shortlist")) return { ok: false, error: "not-on-partner-shortlist" };
  if (errors.includes("duplicate")) return { ok: false, error: "duplicate" };
  if (errors.length > 0) return { ok: false, error: "wrong-count" };
  try {
    await env.db.transaction().execute(async (trx) => {
      const at = env.now.toISOString();
      await dispatchProgram(trx, env, { programId: panel.program.id, event: { type: "PICK_FINALISTS", city: panel.cityId, ids: input.ids, at }, actor: { userId: user.id, label: user.email }, expectedVersion: input.expectedVersion });
      await trx.insertInto("panel_decisions").values({ program_id: panel.program.id, city_id: panel.cityId, stage: "pick", ids: JSON.stringify(input.ids), rationale: input.rationale, share_scores: 0, decided_by: user.id, decided_at: at }).execute();
    });
    return { ok: true };
  } catch (error) {
    return workflowError(error);
  }
}

/** The host coordinator replaces a finalist who declined, let the offer lapse or dropped out. */
export async function promoteReserve(env: ServiceEnv, user: User, panel: Panel, input: { replacingId: string; reserveId: string; reason: string | null; expectedVersion: number }): Promise<PanelResult> {
  if (!panel.isCoordinator) return { ok: false, error: "not-coordinator" };
  const replaced = await env.db.selectFrom("proposals").select("state").where("id", "=", input.replacingId).executeTakeFirst();
  if (!replaced || !["declined", "expired", "droppedOut"].includes(replaced.state)) return { ok: false, error: "not-allowed" };
  try {
    await env.db.transaction().execute((trx) =>
      dispatchProgram(trx, env, {
        programId: panel.program.id,
        event: { type: "PROMOTE_RESERVE", city: panel.cityId, replacingId: input.replacingId, reserveId: input.reserveId, reason: input.reason ?? undefined, at: env.now.toISOString() },
        actor: { userId: user.id, label: user.email },
        expectedVersion: input.expectedVersion,
      }),
    );
    return { ok: true };
  } catch (error) {
    return workflowError(error);
  }
}

export async function decisionOf(db: DB, programId: string, cityId: string, stage: ReviewStage) {
  return db.selectFrom("panel_decisions").selectAll().where("program_id", "=", programId).where("city_id", "=", cityId).where("stage", "=", stage).executeTakeFirst();
}

/** The ranking with the proposals' titles, sorted as asked. */
export async function rankingView(db: DB, panel: Panel, stage: ReviewStage, proposalIds: string[], sort: RankingSort): Promise<RankingRow[]> {
  const ranked = sortRanking(await panelRanking(db, panel, stage, proposalIds), sort);
  if (ranked.length === 0) return [];
  let query = db.selectFrom("proposals").innerJoin("teams", "teams.id", "proposals.team_id").select(["proposals.id", "proposals.title", "proposals.state", "teams.name"]);
  // Every id is one of this edition's proposals (the panel's own, or the partner's shortlist).
  query = proposalIds.length <= BY_ID_LIMIT ? query.where("proposals.id", "in", proposalIds) : query.where("proposals.program_id", "=", panel.program.id);
  const byId = new Map((await query.execute()).map((r) => [r.id, r]));
  return ranked.map((r) => {
    const p = byId.get(r.proposalId);
    return { id: r.proposalId, title: p?.title ?? "", team: p?.name ?? "", state: p?.state ?? "", reviews: r.reviews, mean: r.mean, normalised: r.normalised, spread: r.spread };
  });
}

/** The coordinator names one reviewer of the panel as its chair (or none); logged. */
export async function nameChair(env: ServiceEnv, user: User, panel: Panel, reviewerId: string | null): Promise<PanelResult> {
  if (!panel.isCoordinator) return { ok: false, error: "not-coordinator" };
  if (reviewerId && !(await panelReviewers(env.db, panel)).includes(reviewerId)) return { ok: false, error: "not-assigned" };
  await env.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("memberships").where("program_id", "=", panel.program.id).where("city_id", "=", panel.cityId).where("role", "=", "chair").execute();
    if (reviewerId) {
      await trx.insertInto("memberships").values({ id: randomId(), user_id: reviewerId, program_id: panel.program.id, city_id: panel.cityId, role: "chair", created_at: env.now.toISOString() }).execute();
    }
    await audit(trx, panel, user, "name-chair", { reviewerId }, env.now.toISOString());
  });
  return { ok: true };
}
