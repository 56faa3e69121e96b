import type { DB } from "../../db/client.ts";
import type { Proposal, User } from "../../db/schema.ts";
import { findProgramBySlug, type ProgramWithCities } from "../../db/repositories/programs.ts";
import { findInstanceBySubject } from "../../db/repositories/workflows.ts";
import { APPLICATION_MACHINE_ID } from "../../workflows/application.machine.ts";
import { graceEnd, type CallWindow } from "../../workflows/deadlines.ts";
import { randomId } from "../lib/ids.ts";
import type { ServiceEnv } from "./env.ts";
import { EventNotAllowedError, WorkflowConflictError, type Actor } from "./workflow-engine.server.ts";
import { dispatchApplication, resultsPublished, startApplicationWorkflow } from "./workflows.server.ts";

import { CONTENT_FIELDS, TEXT_LIMITS, type ContentField } from "../lib/proposal-fields.ts";

export { CONTENT_FIELDS, TEXT_LIMITS };
export type ProposalContent = Record<ContentField, string>;

/** What must be filled before submitting; preferred dates are optional. */
export const REQUIRED_FOR_SUBMIT = ["title", "topicId", "summaryEn", "summaryHome", "problem", "product", "traction", "team", "wants", "deck"] as const;
export type RequiredField = (typeof REQUIRED_FOR_SUBMIT)[number];

export function parseContent(json: string): ProposalContent {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch {
    raw = {};
  }
  return Object.fromEntries(CONTENT_FIELDS.map((f) => [f, typeof raw[f] === "string" ? raw[f] : ""])) as ProposalContent;
}

export function missingFields(proposal: Pick<Proposal, "title" | "topic_id" | "content" | "deck_key">): RequiredField[] {
  const content = parseContent(proposal.content);
  return REQUIRED_FOR_SUBMIT.filter((field) => {
    if (field === "title") return !proposal.title.trim();
    if (field === "topicId") return !proposal.topic_id;
    if (field === "deck") return !proposal.deck_key;
    return !content[field].trim();
  });
}

/** The proposal if `userId` belongs to its team; otherwise nothing, so callers answer 404. */
export async function proposalOfMember(db: DB, proposalId: string, userId: string): Promise<Proposal | undefined> {
  return db
    .selectFrom("proposals")
    .innerJoin("team_members", "team_members.team_id", "proposals.team_id")
    .selectAll("proposals")
    .where("proposals.id", "=", proposalId)
    .where("team_members.user_id", "=", userId)
    .executeTakeFirst();
}

export async function callWindowOf(db: DB, programId: string, cityId: string): Promise<CallWindow | null> {
  const w = await db.selectFrom("stage_windows").selectAll().where("program_id", "=", programId).where("city_id", "=", cityId).where("stage", "=", "call").executeTakeFirst();
  return w ? { opensAt: w.starts_at, closesAt: w.ends_at, graceMinutes: w.grace_minutes } : null;
}

export function isPastDeadline(window: CallWindow | null, now: Date): boolean {
  return !!window && now.getTime() > Date.parse(graceEnd(window));
}

export type ProposalError =
  | { code: "deadline-passed"; closesAt: string }
  | { code: "not-open-yet"; opensAt: string }
  | { code: "missing"; fields: RequiredField[] }
  | { code: "conflict" }
  | { code: "not-allowed" }
  | { code: "wrong-city" }
  | { code: "no-call" };

export type Result<T = void> = ({ ok: true } & (T extends void ? object : { value: T })) | { ok: false; error: ProposalError };

function actorOf(user: User): Actor {
  return { userId: user.id, label: user.email };
}

/** One proposal per team and edition: starting again opens the existing one. */
export async function startProposal(env: ServiceEnv, user: User, input: { programSlug: string; teamId: string }): Promise<Result<string>> {
  const program = await findProgramBySlug(env.db, input.programSlug);
  if (!program) return { ok: false, error: { code: "no-call" } };
  const team = await env.db
    .selectFrom("teams")
    .innerJoin("team_members", "team_members.team_id", "teams.id")
    .selectAll("teams")
    .where("teams.id", "=", input.teamId)
    .where("team_members.user_id", "=", user.id)
    .executeTakeFirst();
  if (!team) return { ok: false, error: { code: "not-allowed" } };
  if (team.city_id !== program.city_a_id && team.city_id !== program.city_b_id) return { ok: false, error: { code: "wrong-city" } };
  const window = await callWindowOf(env.db, program.id, team.city_id);
  if (!window) return { ok: false, error: { code: "no-call" } };
  if (isPastDeadline(window, env.now)) return { ok: false, error: { code: "deadline-passed", closesAt: window.closesAt } };
  const existing = await env.db.selectFrom("proposals").select("id").where("program_id", "=", program.id).where("team_id", "=", team.id).where("state", "not in", ["discarded", "withdrawn"]).executeTakeFirst();
  if (existing) return { ok: true, value: existing.id };
  const id = randomId();
  const at = env.now.toISOString();
  await env.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("proposals")
      .values({ id, program_id: program.id, team_id: team.id, city_id: team.city_id, topic_id: null, title: "", content: JSON.stringify({}), deck_key: null, state: "draft", submitted_version: 0, submitted_at: null, created_at: at, updated_at: at })
      .execute();
    await startApplicationWorkflow(trx, { programId: program.id, proposalId: id, cityId: team.city_id, at, actor: actorOf(user) });
  });
  return { ok: true, value: id };
}

const EDITABLE = new Set(["draft", "submitted"]);

/**
 * Saves the working copy (explicitly or by autosave). Allowed while the
 * proposal is a draft or submitted and the call has not closed; a submitted
 * proposal only changes for the panel when it is resubmitted.
 */
export async function saveProposal(
  env: ServiceEnv,
  proposal: Proposal,
  input: { title: string; topicId: string | null; content: ProposalContent },
): Promise<Result> {
  const window = await callWindowOf(env.db, proposal.program_id, proposal.city_id);
  if (isPastDeadline(window, env.now)) return { ok: false, error: { code: "deadline-passed", closesAt: window!.closesAt } };
  if (!EDITABLE.has(proposal.state)) return { ok: false, error: { code: "not-allowed" } };
  if (input.topicId) {
    const topic = await env.db.selectFrom("topics").select("id").where("id", "=", input.topicId).where("program_id", "=", proposal.program_id).executeTakeFirst();
    if (!topic) input = { ...input, topicId: null };
  }
  const result = await env.db
    .updateTable("proposals")
    .set({ title: input.title, topic_id: input.topicId, content: JSON.stringify(input.content), updated_at: env.now.toISOString() })
    .where("id", "=", proposal.id)
    .where("state", "in", [...EDITABLE])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, error: { code: "not-allowed" } };
}

export async function attachDeck(env: ServiceEnv, proposal: Proposal, deck: { key: string; name: string; size: number }): Promise<Result> {
  const window = await callWindowOf(env.db, proposal.program_id, proposal.city_id);
  if (isPastDeadline(window, env.now)) return { ok: false, error: { code: "deadline-passed", closesAt: window!.closesAt } };
  if (!EDITABLE.has(proposal.state)) return { ok: false, error: { code: "not-allowed" } };
  await env.db.updateTable("proposals").set({ deck_key: deck.key, deck_name: deck.name, deck_size: deck.size, updated_at: env.now.toISOString() }).where("id", "=", proposal.id).execute();
  return { ok: true };
}

/**
 * What the form's "submit" does: saves the working copy, attaches the new
 * deck and submits (first time) or resubmits (an edit), in one transaction:
 * the deadline by the server's clock, the required fields, then the machine;
 * each submission keeps a version, and a second click of the same form loses
 * on the version check. One commit per submission (SQLite
 * flushes once, not three times); a refused submission still keeps the
 * saved draft, as a save would.
 */
export async function saveAndSubmit(
  env: ServiceEnv,
  user: User,
  proposal: Proposal,
  input: { title: string; topicId: string | null; content: ProposalContent; deck: { key: string; name: string; size: number } | null },
  expectedVersion: number,
): Promise<Result<number> & { savedDraft: boolean }> {
  return env.db.transaction().execute(async (trx) => {
    const within = { ...env, db: trx };
    const saved = await saveProposal(within, proposal, input);
    if (!saved.ok) return { ...saved, savedDraft: false };
    if (input.deck) {
      const attached = await attachDeck(within, proposal, input.deck);
      if (!attached.ok) return { ...attached, savedDraft: true };
    }
    const fresh = await trx.selectFrom("proposals").selectAll().where("id", "=", proposal.id).executeTakeFirstOrThrow();
    return { ...(await submitWithin(trx, within, user, fresh, expectedVersion)), savedDraft: true };
  });
}

/** The submission inside the caller's transaction; refusals are decided before anything is written. */
async function submitWithin(trx: DB, env: ServiceEnv, user: User, proposal: Proposal, expectedVersion: number): Promise<Result<number>> {
  const window = await callWindowOf(trx, proposal.program_id, proposal.city_id);
  if (!window) return { ok: false, error: { code: "no-call" } };
  if (isPastDeadline(window, env.now)) return { ok: false, error: { code: "deadline-passed", closesAt: window.closesAt } };
  if (env.now.getTime() < Date.parse(window.opensAt)) return { ok: false, error: { code: "not-open-yet", opensAt: window.opensAt } };
  const missing = missingFields(proposal);
  if (missing.length > 0) return { ok: false, error: { code: "missing", fields: missing } };
  const at = env.now.toISOString();
  const type = proposal.state === "draft" ? "SUBMIT" : "EDIT";
  let result;
  try {
    result = await dispatchApplication(trx, env, { proposalId: proposal.id, event: { type, callWindow: window, at }, actor: actorOf(user), expectedVersion });
  } catch (error) {
    // Conflicts and refusals are thrown before the machine writes anything.
    return workflowFailure(error);
  }
  const submitted = (result.after.context as { submittedVersions: number }).submittedVersions;
  await trx
    .insertInto("proposal_versions")
    .values({ proposal_id: proposal.id, version: submitted, title: proposal.title, content: proposal.content, deck_key: proposal.deck_key, deck_name: proposal.deck_name, submitted_by: user.id, submitted_at: at })
    .execute();
  await trx.updateTable("proposals").set({ submitted_version: submitted, submitted_at: at }).where("id", "=", proposal.id).execute();
  return { ok: true, value: submitted };
}

/** Applicant events with no payload beyond a reason. */
export async function sendApplicantEvent(
  env: ServiceEnv,
  user: User,
  proposal: Proposal,
  event: { type: "WITHDRAW" | "ACCEPT" | "DECLINE" | "DISCARD"; reason?: string },
  expectedVersion: number,
): Promise<Result> {
  const at = env.now.toISOString();
  if (event.type === "ACCEPT" || event.type === "DECLINE") {
    // An offer exists for the team only once the results are published, and until it lapses.
    if (!(await resultsPublished(env.db, proposal.program_id))) return { ok: false, error: { code: "not-allowed" } };
    if (proposal.offer_expires_at && Date.parse(proposal.offer_expires_at) < env.now.getTime()) return { ok: false, error: { code: "not-allowed" } };
  }
  try {
    await env.db.transaction().execute((trx) =>
      dispatchApplication(trx, env, { proposalId: proposal.id, event: { ...event, at } as never, actor: actorOf(user), expectedVersion }),
    );
    return { ok: true };
  } catch (error) {
    return workflowFailure(error);
  }
}

function workflowFailure(error: unknown): { ok: false; error: ProposalError } {
  if (error instanceof WorkflowConflictError) return { ok: false, error: { code: "conflict" } };
  if (error instanceof EventNotAllowedError) return { ok: false, error: { code: "not-allowed" } };
  throw error;
}

export async function applicationVersion(db: DB, proposalId: string): Promise<number> {
  return (await findInstanceBySubject(db, APPLICATION_MACHINE_ID, proposalId))?.version ?? 0;
}

export async function proposalHistory(db: DB, proposalId: string) {
  const instance = await findInstanceBySubject(db, APPLICATION_MACHINE_ID, proposalId);
  if (!instance) return [];
  return db.selectFrom("workflow_events").select(["seq", "event_type", "at", "state_after"]).where("instance_id", "=", instance.id).orderBy("seq", "desc").execute();
}

export type { ProgramWithCities };

/** Selection outcomes the team may not see before publication. */
const UNPUBLISHED_OUTCOMES = new Set(["offered", "reserve", "notSelected"]);
const UNPUBLISHED_EVENTS = new Set(["SELECT", "RESERVE", "NOT_SELECTED"]);

/** What the team is shown: before the results are published, a selection outcome still reads as "shortlisted". */
export function visibleState(state: string, published: boolean): string {
  return !published && UNPUBLISHED_OUTCOMES.has(state) ? "shortlisted" : state;
}

export function visibleHistory<T extends { event_type: string }>(history: T[], published: boolean): T[] {
  return published ? history : history.filter((h) => !UNPUBLISHED_EVENTS.has(h.event_type));
}
