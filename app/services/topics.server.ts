import type { DB } from "../../db/client.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { currentStage } from "../../workflows/program.describe.ts";
import { refuse, type Outcome, type TopicAnswer } from "../lib/coordinator-console.ts";
import { randomId } from "../lib/ids.ts";
import type { ServiceEnv } from "./env.ts";
import { loadProgramSnapshot } from "./timeline.server.ts";
import { EventNotAllowedError, WorkflowConflictError, type Actor } from "./workflow-engine.server.ts";
import { dispatchProgram } from "./workflows.server.ts";

/**
 * Topic agreement (SPEC §1 step 1). Each city proposes topics; the partner
 * answers each of them (accept / reject, with a comment). Any change to the
 * list makes a new list version; approvals concern one version, so a change
 * after an approval sends REVISE_TOPICS and both approvals start over. When
 * both cities approved the same version the machine moves to hosting and the
 * accepted topics become "agreed", the rejected ones "rejected".
 */

export interface TopicTitles {
  en: string;
  fr: string;
  "zh-TW": string;
}

export interface TopicInput {
  titles: TopicTitles;
  rationale: string;
}

export interface TopicRow {
  id: string;
  city: string;
  titles: TopicTitles;
  rationale: string;
  status: string;
  partnerStatus: TopicAnswer;
  partnerComment: string | null;
  position: number;
}

export interface TopicsView {
  stage: string | null;
  open: boolean;
  listVersion: number;
  /** Cities that approved the current version. */
  approvedBy: string[];
  topics: TopicRow[];
  /** Why `city` cannot approve now, as catalogue keys; empty when it can. */
  approveBlockers: string[];
}

const E = "coordConsole.topics.errors";

type Ctx = { topics: { listVersion: number; approvedBy: string[] } };

async function machineState(db: DB, programId: string) {
  const loaded = await loadProgramSnapshot(db, programId);
  if (!loaded) return null;
  return { stage: currentStage(loaded.snapshot) as string, context: loaded.snapshot.context as Ctx, snapshot: loaded.snapshot };
}

async function rowsOf(db: DB, programId: string) {
  return db.selectFrom("topics").selectAll().where("program_id", "=", programId).orderBy("position").orderBy("created_at").execute();
}

/** The current list version: the machine's, or the rows' when the list changed since nobody approved. */
function versionOf(context: Ctx, rows: { list_version: number }[]): number {
  return Math.max(context.topics.listVersion, ...rows.map((r) => r.list_version));
}

function parseTitles(json: string): TopicTitles {
  try {
    const t = JSON.parse(json) as Partial<TopicTitles>;
    return { en: t.en ?? "", fr: t.fr ?? "", "zh-TW": t["zh-TW"] ?? "" };
  } catch {
    return { en: json, fr: "", "zh-TW": "" };
  }
}

function blockers(rows: { partner_status: string }[], stageOpen: boolean, approvedBy: string[], city: string): string[] {
  const reasons: string[] = [];
  if (!stageOpen) reasons.push(`${E}.notTopicsStage`);
  if (approvedBy.includes(city)) reasons.push(`${E}.alreadyApproved`);
  if (rows.some((r) => r.partner_status === "pending")) reasons.push(`${E}.unanswered`);
  if (!rows.some((r) => r.partner_status === "accepted")) reasons.push(`${E}.noneAccepted`);
  return reasons;
}

export async function topicsView(db: DB, program: ProgramWithCities, city: string): Promise<TopicsView> {
  const state = await machineState(db, program.id);
  const rows = await rowsOf(db, program.id);
  const open = state?.stage === "topics";
  const approvedBy = state ? state.context.topics.approvedBy : [];
  return {
    stage: state?.stage ?? null,
    open,
    listVersion: state ? versionOf(state.context, rows) : 1,
    approvedBy,
    topics: rows.map((r) => ({
      id: r.id,
      city: r.proposed_by_city_id,
      titles: parseTitles(r.titles),
      rationale: r.rationale,
      status: r.status,
      partnerStatus: (r.partner_status as TopicAnswer) ?? "pending",
      partnerComment: r.partner_comment,
      position: r.position,
    })),
    approveBlockers: blockers(rows, open, approvedBy, city),
  };
}

/** Runs a change of the list in one transaction, only while the programme is choosing topics. */
async function change(env: ServiceEnv, program: ProgramWithCities, actor: Actor, work: (trx: DB) => Promise<Outcome<{ changed: boolean }>>): Promise<Outcome> {
  try {
    return await env.db.transaction().execute(async (trx) => {
      const state = await machineState(trx, program.id);
      if (!state) return refuse(`${E}.notTopicsStage`, 409);
      if (state.stage !== "topics") return refuse(`${E}.notTopicsStage`, 409);
      const outcome = await work(trx);
      if (!outcome.ok) return outcome;
      if (outcome.changed) await bumpVersion(trx, env, program, actor, state.context);
      return { ok: true };
    });
  } catch (error) {
    if (error instanceof WorkflowConflictError) return refuse("errors.workflow.conflict", 409);
    throw error;
  }
}

/** A new version of the list; approvals given to the old one are withdrawn. */
async function bumpVersion(trx: DB, env: ServiceEnv, program: ProgramWithCities, actor: Actor, context: Ctx): Promise<void> {
  const rows = await rowsOf(trx, program.id);
  const next = versionOf(context, rows) + 1;
  await trx.updateTable("topics").set({ list_version: next }).where("program_id", "=", program.id).execute();
  if (context.topics.approvedBy.length > 0) {
    await dispatchProgram(trx, env, { programId: program.id, event: { type: "REVISE_TOPICS", listVersion: next, at: env.now.toISOString() }, actor });
  }
}

async function findTopic(trx: DB, program: ProgramWithCities, topicId: string) {
  return trx.selectFrom("topics").selectAll().where("id", "=", topicId).where("program_id", "=", program.id).executeTakeFirst();
}

export async function addTopic(env: ServiceEnv, program: ProgramWithCities, city: string, actor: Actor, input: TopicInput): Promise<Outcome> {
  return change(env, program, actor, async (trx) => {
    const last = await trx.selectFrom("topics").select((eb) => eb.fn.max<number>("position").as("max")).where("program_id", "=", program.id).executeTakeFirst();
    const position = last?.max == null ? 0 : Number(last.max) + 1;
    await trx
      .insertInto("topics")
      .values({ id: randomId(), program_id: program.id, proposed_by_city_id: city, titles: JSON.stringify(input.titles), rationale: input.rationale, status: "proposed", position, created_at: env.now.toISOString(), partner_status: "pending", partner_comment: null, list_version: 1 })
      .execute();
    return { ok: true, changed: true };
  });
}

/** The proposing city edits its own topic; the partner's earlier answer no longer applies. */
export async function editTopic(env: ServiceEnv, program: ProgramWithCities, city: string, actor: Actor, topicId: string, input: TopicInput): Promise<Outcome> {
  return change(env, program, actor, async (trx) => {
    const topic = await findTopic(trx, program, topicId);
    if (!topic) return refuse("coordConsole.errors.notFound", 404);
    if (topic.proposed_by_city_id !== city) return refuse(`${E}.notYours`, 403);
    const titles = JSON.stringify(input.titles);
    if (titles === topic.titles && input.rationale === topic.rationale) return { ok: true, changed: false };
    await trx.updateTable("topics").set({ titles, rationale: input.rationale, partner_status: "pending" }).where("id", "=", topic.id).execute();
    return { ok: true, changed: true };
  });
}

export async function removeTopic(env: ServiceEnv, program: ProgramWithCities, city: string, actor: Actor, topicId: string): Promise<Outcome> {
  return change(env, program, actor, async (trx) => {
    const topic = await findTopic(trx, program, topicId);
    if (!topic) return refuse("coordConsole.errors.notFound", 404);
    if (topic.proposed_by_city_id !== city) return refuse(`${E}.notYours`, 403);
    const used = await trx.selectFrom("proposals").select("id").where("topic_id", "=", topic.id).executeTakeFirst();
    if (used) return refuse(`${E}.inUse`, 409);
    await trx.deleteFrom("topics").where("id", "=", topic.id).execute();
    return { ok: true, changed: true };
  });
}

/** The partner city answers a topic of the other city; a new answer changes the list, a comment alone does not. */
export async function answerTopic(env: ServiceEnv, program: ProgramWithCities, city: string, actor: Actor, topicId: string, answer: { status: TopicAnswer; comment: string | null }): Promise<Outcome> {
  return change(env, program, actor, async (trx) => {
    const topic = await findTopic(trx, program, topicId);
    if (!topic) return refuse("coordConsole.errors.notFound", 404);
    if (topic.proposed_by_city_id === city) return refuse(`${E}.ownTopic`, 403);
    const comment = answer.comment?.trim() ? answer.comment.trim() : null;
    await trx.updateTable("topics").set({ partner_status: answer.status, partner_comment: comment }).where("id", "=", topic.id).execute();
    return { ok: true, changed: answer.status !== topic.partner_status };
  });
}

/**
 * `city` approves the list as it stands: every topic answered, at least one
 * accepted. The second approval of the same version ends the stage.
 */
export async function approveTopics(env: ServiceEnv, program: ProgramWithCities, city: string, actor: Actor): Promise<Outcome<{ agreed: boolean }>> {
  try {
    return await env.db.transaction().execute(async (trx) => {
      const state = await machineState(trx, program.id);
      if (!state || state.stage !== "topics") return refuse(`${E}.notTopicsStage`, 409);
      const rows = await rowsOf(trx, program.id);
      const reasons = blockers(rows, true, state.context.topics.approvedBy, city);
      if (reasons.length > 0) return refuse(reasons[0]!, 400);
      const version = versionOf(state.context, rows);
      const at = env.now.toISOString();
      // The list changed while nobody had approved: the machine learns the version now.
      if (version > state.context.topics.listVersion) {
        await dispatchProgram(trx, env, { programId: program.id, event: { type: "REVISE_TOPICS", listVersion: version, at }, actor });
      }
      const result = await dispatchProgram(trx, env, { programId: program.id, event: { type: "APPROVE_TOPICS", city, listVersion: version, at }, actor });
      const after = typeof result.after.value === "string" ? result.after.value : Object.keys(result.after.value as object)[0];
      const agreed = after !== "topics";
      if (agreed) await settleTopics(trx, program.id);
      return { ok: true, agreed };
    });
  } catch (error) {
    if (error instanceof WorkflowConflictError) return refuse("errors.workflow.conflict", 409);
    if (error instanceof EventNotAllowedError) return refuse(`${E}.notAllowed`, 409);
    throw error;
  }
}

/** Once both cities agreed: accepted topics are the programme's, rejected ones stay on record as rejected. */
export async function settleTopics(trx: DB, programId: string): Promise<void> {
  await trx.updateTable("topics").set({ status: "agreed" }).where("program_id", "=", programId).where("partner_status", "=", "accepted").execute();
  await trx.updateTable("topics").set({ status: "rejected" }).where("program_id", "=", programId).where("partner_status", "=", "rejected").execute();
}
