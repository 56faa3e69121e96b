import type { DB } from "../../db/client.ts";
import { findProgramById, partnerCityId, type ProgramWithCities } from "../../db/repositories/programs.ts";
import { findInstanceBySubject } from "../../db/repositories/workflows.ts";
import { APPLICATION_MACHINE_ID, APPLICATION_MACHINE_VERSION, applicationMachine, type ApplicationEffect, type ApplicationEvent } from "../../workflows/application.machine.ts";
import { PROGRAM_MACHINE_ID, PROGRAM_MACHINE_VERSION, programMachine, type ProgramEffect, type ProgramEvent, type ProgramInput } from "../../workflows/program.machine.ts";
import { localized } from "../lib/locales.ts";
import { enqueueMail, releaseHeld } from "../lib/mail.server.ts";
import { upsertJob } from "../lib/scheduler.server.ts";
import { applyEvent, createInstance, type Actor, type ExecutedAction, type Transitioned } from "./workflow-engine.server.ts";

/** What the effects of a transition need besides the transaction. */
export interface EffectEnv {
  baseUrl: string;
  delivers: boolean;
}

// ---------------------------------------------------------------- program

export async function startProgramWorkflow(trx: DB, programId: string, input: ProgramInput, at: string, actor: Actor): Promise<Transitioned> {
  return createInstance(trx, { machine: programMachine, machineId: PROGRAM_MACHINE_ID, machineVersion: PROGRAM_MACHINE_VERSION, programId, subjectId: programId, input, at, actor });
}

export async function programInstance(db: DB, programId: string) {
  return findInstanceBySubject(db, PROGRAM_MACHINE_ID, programId);
}

/** Sends one event to a programme and applies everything it causes, inside `trx`. */
export async function dispatchProgram(
  trx: DB,
  env: EffectEnv,
  args: { programId: string; event: ProgramEvent; actor: Actor; expectedVersion?: number },
): Promise<Transitioned> {
  const instance = await programInstance(trx, args.programId);
  if (!instance) throw new Error(`Programme ${args.programId} has no workflow`);
  const result = await applyEvent(trx, { machine: programMachine, instanceId: instance.id, event: args.event, actor: args.actor, expectedVersion: args.expectedVersion });
  const program = (await findProgramById(trx, args.programId))!;
  const context = result.after.context as { shortlists: Record<string, string[] | null> };
  for (const effect of result.actions) await runProgramEffect(trx, env, program, effect as ProgramEffect & ExecutedAction, args.event.at, args.actor, context);
  return result;
}

async function runProgramEffect(
  trx: DB,
  env: EffectEnv,
  program: ProgramWithCities,
  effect: ProgramEffect,
  at: string,
  actor: Actor,
  context: { shortlists: Record<string, string[] | null> },
): Promise<void> {
  const send = (proposalId: string, event: ApplicationEvent) => dispatchApplication(trx, env, { proposalId, event, actor });
  switch (effect.type) {
    case "notify":
      for (const city of effect.params.cities) {
        // When a panel starts picking, each of its reviewers gets the partner's 5.
        if (effect.params.template === "partner-shortlist-ready") await assignPartnerShortlist(trx, program, city, context.shortlists[partnerCityId(program, city)] ?? [], at);
        await notifyCoordinators(trx, env, program, city, `program-${effect.params.template}`, at);
      }
      return;
    case "closeCall": {
      const submitted = await proposalsIn(trx, program.id, effect.params.city, ["submitted"]);
      for (const id of submitted) await send(id, { type: "CALL_CLOSED", at });
      return;
    }
    case "fanOutShortlist": {
      const { city, ids } = effect.params;
      for (const [index, id] of ids.entries()) await send(id, { type: "SHORTLIST", rank: index + 1, at });
      const others = (await proposalsIn(trx, program.id, city, ["inReview"])).filter((id) => !ids.includes(id));
      for (const id of others) await send(id, { type: "NOT_SHORTLISTED", at });
      return;
    }
    case "fanOutPicks": {
      const { sendingCity, ids, reserves } = effect.params;
      for (const id of ids) await send(id, { type: "SELECT", at });
      for (const [index, id] of reserves.entries()) await send(id, { type: "RESERVE", rank: index + 1, at });
      const rest = (await proposalsIn(trx, program.id, sendingCity, ["shortlisted"])).filter((id) => !ids.includes(id) && !reserves.includes(id));
      for (const id of rest) await send(id, { type: "NOT_SELECTED", at });
      return;
    }
    case "promoteReserve":
      await send(effect.params.reserveId, { type: "PROMOTE", at });
      return;
    case "releaseReserves":
      for (const id of effect.params.ids) {
        const state = await proposalState(trx, id);
        if (state === "reserve") await send(id, { type: "RELEASE", at });
      }
      return;
    case "publishResults": {
      // The public page reads the finalists from the snapshot; the teams hear now, and their offer clocks start.
      await releaseHeld(trx, program.id, new Date(at), env.delivers);
      const offered = await trx.selectFrom("proposals").selectAll().where("program_id", "=", program.id).where("state", "=", "offered").execute();
      for (const p of offered) {
        const expiresAt = offerDeadlineFrom(at);
        await trx.updateTable("proposals").set({ offer_expires_at: expiresAt }).where("id", "=", p.id).execute();
        await scheduleOfferDeadline(trx, p, expiresAt, at);
      }
      for (const city of [program.city_a_id, program.city_b_id]) await notifyCoordinators(trx, env, program, city, "program-results-published", at);
      return;
    }
  }
}

// ------------------------------------------------------------ application

export async function startApplicationWorkflow(trx: DB, args: { programId: string; proposalId: string; cityId: string; at: string; actor: Actor }) {
  return createInstance(trx, {
    machine: applicationMachine,
    machineId: APPLICATION_MACHINE_ID,
    machineVersion: APPLICATION_MACHINE_VERSION,
    programId: args.programId,
    subjectId: args.proposalId,
    input: { city: args.cityId },
    at: args.at,
    actor: args.actor,
    cityId: args.cityId,
  });
}

export async function dispatchApplication(
  trx: DB,
  env: EffectEnv,
  args: { proposalId: string; event: ApplicationEvent; actor: Actor; expectedVersion?: number },
): Promise<Transitioned> {
  const instance = await findInstanceBySubject(trx, APPLICATION_MACHINE_ID, args.proposalId);
  if (!instance) throw new Error(`Proposal ${args.proposalId} has no workflow`);
  const proposal = await trx.selectFrom("proposals").selectAll().where("id", "=", args.proposalId).executeTakeFirstOrThrow();
  const result = await applyEvent(trx, { machine: applicationMachine, instanceId: instance.id, event: args.event, actor: args.actor, expectedVersion: args.expectedVersion, cityId: proposal.city_id });
  // The proposals table mirrors the machine's state so lists can filter by it.
  const state = String(result.after.value);
  const program = (await findProgramById(trx, proposal.program_id))!;
  const published = await resultsPublished(trx, program.id);
  // An offer's clock starts when the team can see it: at publication, or at once for a later promotion.
  const offerOpened = state === "offered" && String(result.before.value) !== "offered" && published;
  const offerExpiresAt = offerOpened ? offerDeadlineFrom(args.event.at) : state === "offered" ? proposal.offer_expires_at : null;
  await trx.updateTable("proposals").set({ state, offer_expires_at: offerExpiresAt, updated_at: args.event.at }).where("id", "=", args.proposalId).execute();
  if (offerOpened && offerExpiresAt) await scheduleOfferDeadline(trx, proposal, offerExpiresAt, args.event.at);
  for (const effect of result.actions as (ApplicationEffect & ExecutedAction)[]) {
    if (effect.type !== "notify") continue;
    const { template, to } = effect.params;
    const mailTemplate = `application-${template}`;
    if (to === "team") await notifyTeam(trx, env, program, proposal, mailTemplate, args.event.at, !published && RESULT_TEMPLATES.has(template));
    else await notifyCoordinators(trx, env, program, to === "home" ? proposal.city_id : partnerCityId(program, proposal.city_id), mailTemplate, args.event.at, proposal.title);
  }
  return result;
}

// ---------------------------------------------------------------- helpers

async function assignPartnerShortlist(trx: DB, program: ProgramWithCities, cityId: string, proposalIds: string[], at: string): Promise<void> {
  const reviewers = await trx.selectFrom("memberships").select("user_id").where("program_id", "=", program.id).where("city_id", "=", cityId).where("role", "=", "reviewer").execute();
  for (const proposalId of proposalIds) {
    for (const r of reviewers) {
      await trx
        .insertInto("review_assignments")
        .values({ program_id: program.id, proposal_id: proposalId, reviewer_id: r.user_id, stage: "pick", created_by: "picking-started", created_at: at })
        .onConflict((oc) => oc.columns(["proposal_id", "reviewer_id", "stage"]).doNothing())
        .execute();
    }
  }
}

/** How long a selected team has to answer; reminders go out before it lapses. */
export const OFFER_DAYS = 7;

/** Selection results stay with the coordinators until both cities publish them. */
const RESULT_TEMPLATES = new Set(["offer", "reserve", "not-selected"]);
const PUBLISHED_STAGES = ["itinerary", "preDeparture", "exchange", "reporting", "closed"];

export async function resultsPublished(db: DB, programId: string): Promise<boolean> {
  const instance = await programInstance(db, programId);
  if (!instance) return false;
  return PUBLISHED_STAGES.some((stage) => instance.state_value === `"${stage}"` || instance.state_value.startsWith(`{"${stage}"`) || instance.state_value === stage);
}

function offerDeadlineFrom(at: string): string {
  return new Date(Date.parse(at) + OFFER_DAYS * DAY_MS).toISOString();
}
const DAY_MS = 86_400_000;
const OFFER_REMINDER_DAYS = [2];

async function scheduleOfferDeadline(trx: DB, proposal: { id: string; program_id: string; city_id: string }, expiresAt: string, at: string): Promise<void> {
  const base = { programId: proposal.program_id, cityId: proposal.city_id, subjectId: proposal.id };
  await upsertJob(trx, { ...base, id: `${proposal.id}:offer-expires:${expiresAt}`, kind: "offer-expires", dueAt: expiresAt, payload: { expiresAt } }, new Date(at));
  for (const days of OFFER_REMINDER_DAYS) {
    await upsertJob(trx, { ...base, id: `${proposal.id}:offer-reminder-${days}d:${expiresAt}`, kind: "offer-reminder", dueAt: new Date(Date.parse(expiresAt) - days * DAY_MS).toISOString(), payload: { expiresAt } }, new Date(at));
  }
}

async function proposalsIn(trx: DB, programId: string, cityId: string, states: string[]): Promise<string[]> {
  const rows = await trx.selectFrom("proposals").select("id").where("program_id", "=", programId).where("city_id", "=", cityId).where("state", "in", states).orderBy("submitted_at").execute();
  return rows.map((r) => r.id);
}

async function proposalState(trx: DB, proposalId: string): Promise<string | undefined> {
  return (await trx.selectFrom("proposals").select("state").where("id", "=", proposalId).executeTakeFirst())?.state;
}

async function notifyCoordinators(trx: DB, env: EffectEnv, program: ProgramWithCities, cityId: string, template: string, at: string, subject = ""): Promise<void> {
  const coordinators = await trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.email", "users.locale"])
    .where("memberships.program_id", "=", program.id)
    .where("memberships.city_id", "=", cityId)
    .where("memberships.role", "=", "coordinator")
    .execute();
  for (const c of coordinators) {
    await enqueueMail(
      trx,
      { to: c.email, toUserId: c.id, locale: c.locale, template, params: { program: localized(program.titles, c.locale ?? "en"), proposal: subject, url: `${env.baseUrl}/programs/${program.slug}/timeline` }, programId: program.id, cityId },
      new Date(at),
      env.delivers,
    );
  }
}

/** A plain-text copy of what the team submitted, for the receipt. */
function proposalCopy(proposal: { title: string; content: string }): string {
  let content: Record<string, unknown> = {};
  try {
    content = JSON.parse(proposal.content) as Record<string, unknown>;
  } catch {
    content = {};
  }
  const sections = Object.entries(content).filter(([, v]) => typeof v === "string" && v.trim());
  return [proposal.title, ...sections.map(([k, v]) => `[${k}]\n${String(v)}`)].join("\n\n");
}

async function notifyTeam(trx: DB, env: EffectEnv, program: ProgramWithCities, proposal: { id: string; team_id: string; title: string; city_id: string; content: string }, template: string, at: string, held = false): Promise<void> {
  const members = await trx
    .selectFrom("team_members")
    .innerJoin("users", "users.id", "team_members.user_id")
    .innerJoin("teams", "teams.id", "team_members.team_id")
    .select(["users.id", "users.email", "users.locale", "users.name", "teams.name as team"])
    .where("team_members.team_id", "=", proposal.team_id)
    .execute();
  for (const m of members) {
    await enqueueMail(
      trx,
      {
        to: m.email,
        toUserId: m.id,
        locale: m.locale,
        template,
        params: { name: m.name, team: m.team, proposal: proposal.title, program: localized(program.titles, m.locale ?? "en"), url: `${env.baseUrl}/applicant/proposals/${proposal.id}`, copy: proposalCopy(proposal) },
        programId: program.id,
        cityId: proposal.city_id,
        held,
      },
      new Date(at),
      env.delivers,
    );
  }
}
