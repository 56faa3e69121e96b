import type { DB } from "../../db/client.ts";
import type { Program, Proposal, User } from "../../db/schema.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { randomId } from "../lib/ids.ts";
import type { ServiceEnv } from "./env.ts";
import { EventNotAllowedError, WorkflowConflictError, type Actor } from "./workflow-engine.server.ts";
import { dispatchApplication } from "./workflows.server.ts";

/** What a team reports after its exchange. */
export interface ReportInput {
  meetingsHeld: number;
  leads: number;
  partnerships: number;
  mous: number;
  investmentEur: number;
  followUps: number;
  nextSteps: string;
  satisfaction: number;
  testimonial: string | null;
}

export type ReportFigures = Pick<ReportInput, "meetingsHeld" | "leads" | "partnerships" | "mous" | "investmentEur" | "followUps" | "satisfaction">;

export interface Totals {
  reports: number;
  meetingsHeld: number;
  leads: number;
  partnerships: number;
  mous: number;
  investmentEur: number;
  followUps: number;
  /** null without any report */
  meanSatisfaction: number | null;
}

function actorOf(user: User): Actor {
  return { userId: user.id, label: user.email };
}

/** Sums of the figures and the mean satisfaction (two decimals); investment to the cent. */
export function aggregate(rows: readonly ReportFigures[]): Totals {
  const sum = (pick: (r: ReportFigures) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return {
    reports: rows.length,
    meetingsHeld: sum((r) => r.meetingsHeld),
    leads: sum((r) => r.leads),
    partnerships: sum((r) => r.partnerships),
    mous: sum((r) => r.mous),
    investmentEur: Math.round(sum((r) => r.investmentEur) * 100) / 100,
    followUps: sum((r) => r.followUps),
    meanSatisfaction: rows.length ? Math.round((sum((r) => r.satisfaction) / rows.length) * 100) / 100 : null,
  };
}

// ---------------------------------------------------------------- the team's report

export async function reportOf(db: DB, proposalId: string) {
  return db.selectFrom("team_reports").selectAll().where("proposal_id", "=", proposalId).executeTakeFirst();
}

export type ReportError = "not-allowed" | "conflict";

/**
 * Only while the application awaits its report: the machine moves it to
 * completed (SUBMIT_REPORT) and the figures are stored in the same transaction.
 */
export async function submitReport(env: ServiceEnv, user: User, proposal: Pick<Proposal, "id" | "program_id" | "city_id" | "state">, input: ReportInput, expectedVersion?: number): Promise<{ ok: true } | { ok: false; error: ReportError }> {
  if (proposal.state !== "awaitingReport") return { ok: false, error: "not-allowed" };
  const at = env.now.toISOString();
  try {
    await env.db.transaction().execute(async (trx) => {
      await dispatchApplication(trx, env, { proposalId: proposal.id, event: { type: "SUBMIT_REPORT", at }, actor: actorOf(user), expectedVersion });
      await trx
        .insertInto("team_reports")
        .values({
          proposal_id: proposal.id,
          program_id: proposal.program_id,
          city_id: proposal.city_id,
          meetings_held: input.meetingsHeld,
          leads: input.leads,
          partnerships: input.partnerships,
          mous: input.mous,
          investment_eur: input.investmentEur,
          follow_ups: input.followUps,
          next_steps: input.nextSteps.trim(),
          satisfaction: input.satisfaction,
          testimonial: input.testimonial?.trim() || null,
          submitted_at: at,
        })
        .execute();
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof WorkflowConflictError) return { ok: false, error: "conflict" };
    if (error instanceof EventNotAllowedError) return { ok: false, error: "not-allowed" };
    throw error;
  }
}

// ---------------------------------------------------------------- a city's results

export interface TeamResult extends ReportFigures {
  proposalId: string;
  team: string;
  title: string;
  nextSteps: string;
  testimonial: string | null;
  submittedAt: string;
}

async function reportsOf(db: DB, programId: string, cityId: string): Promise<TeamResult[]> {
  const rows = await db
    .selectFrom("team_reports")
    .innerJoin("proposals", "proposals.id", "team_reports.proposal_id")
    .innerJoin("teams", "teams.id", "proposals.team_id")
    .select([
      "team_reports.proposal_id",
      "teams.name as team",
      "proposals.title",
      "team_reports.meetings_held",
      "team_reports.leads",
      "team_reports.partnerships",
      "team_reports.mous",
      "team_reports.investment_eur",
      "team_reports.follow_ups",
      "team_reports.satisfaction",
      "team_reports.next_steps",
      "team_reports.testimonial",
      "team_reports.submitted_at",
    ])
    .where("team_reports.program_id", "=", programId)
    .where("team_reports.city_id", "=", cityId)
    .orderBy("teams.name")
    .execute();
  return rows.map((r) => ({
    proposalId: r.proposal_id,
    team: r.team,
    title: r.title,
    meetingsHeld: Number(r.meetings_held),
    leads: Number(r.leads),
    partnerships: Number(r.partnerships),
    mous: Number(r.mous),
    investmentEur: Number(r.investment_eur),
    followUps: Number(r.follow_ups),
    satisfaction: Number(r.satisfaction),
    nextSteps: r.next_steps,
    testimonial: r.testimonial,
    submittedAt: r.submitted_at,
  }));
}

/** The outgoing teams of the city and whether each has reported yet. */
async function awaitingOf(db: DB, programId: string, cityId: string) {
  return db
    .selectFrom("proposals")
    .innerJoin("teams", "teams.id", "proposals.team_id")
    .select(["proposals.id", "proposals.state", "teams.name as team"])
    .where("proposals.program_id", "=", programId)
    .where("proposals.city_id", "=", cityId)
    .where("proposals.state", "in", ["onExchange", "awaitingReport"])
    .orderBy("teams.name")
    .execute();
}

export interface EditionTotals {
  programId: string;
  slug: string;
  titles: string;
  year: number;
  current: boolean;
  /** "previous": on the previous_program_id chain; "same-cities": another edition of the same two cities */
  relation: "current" | "previous" | "same-cities";
  totals: Totals;
}

async function totalsOf(db: DB, programId: string, cityId: string): Promise<Totals> {
  return aggregate(await reportsOf(db, programId, cityId));
}

/**
 * This edition against the earlier ones: every edition on the
 * previous_program_id chain, and any other edition of the same two cities
 * (not a later year) that has reports. The same city's teams in each.
 */
export async function editionsCompared(db: DB, program: Program, cityId: string): Promise<EditionTotals[]> {
  const out: EditionTotals[] = [{ programId: program.id, slug: program.slug, titles: program.titles, year: program.edition_year, current: true, relation: "current", totals: await totalsOf(db, program.id, cityId) }];
  const seen = new Set([program.id]);
  let previous = program.previous_program_id;
  while (previous && !seen.has(previous)) {
    seen.add(previous);
    const p = await db.selectFrom("programs").selectAll().where("id", "=", previous).executeTakeFirst();
    if (!p) break;
    out.push({ programId: p.id, slug: p.slug, titles: p.titles, year: p.edition_year, current: false, relation: "previous", totals: await totalsOf(db, p.id, cityId) });
    previous = p.previous_program_id;
  }
  const pair = [program.city_a_id, program.city_b_id];
  const others = await db
    .selectFrom("programs")
    .selectAll()
    .where("city_a_id", "in", pair)
    .where("city_b_id", "in", pair)
    .where("edition_year", "<=", program.edition_year)
    .orderBy("edition_year", "desc")
    .orderBy("created_at", "desc")
    .execute();
  for (const p of others) {
    if (seen.has(p.id) || p.city_a_id === p.city_b_id) continue;
    seen.add(p.id);
    const totals = await totalsOf(db, p.id, cityId);
    if (totals.reports > 0) out.push({ programId: p.id, slug: p.slug, titles: p.titles, year: p.edition_year, current: false, relation: "same-cities", totals });
  }
  return out;
}

export async function resultsMeetingOf(db: DB, programId: string, cityId: string) {
  return db.selectFrom("results_meetings").selectAll().where("program_id", "=", programId).where("city_id", "=", cityId).executeTakeFirst();
}

/** Everything the city's results page shows: its own teams only. */
export async function cityResults(db: DB, program: ProgramWithCities, cityId: string) {
  const teams = await reportsOf(db, program.id, cityId);
  return {
    teams,
    totals: aggregate(teams),
    awaiting: await awaitingOf(db, program.id, cityId),
    editions: await editionsCompared(db, program, cityId),
    meeting: await resultsMeetingOf(db, program.id, cityId),
  };
}

/** The city records its results meeting (when, what was said); a second save replaces it. */
export async function recordResultsMeeting(env: ServiceEnv, user: User, program: Program, cityId: string, input: { heldAt: string; notes: string }): Promise<void> {
  const at = env.now.toISOString();
  const row = { held_at: input.heldAt, notes: input.notes.trim() };
  await env.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("results_meetings")
      .values({ program_id: program.id, city_id: cityId, ...row })
      .onConflict((oc) => oc.columns(["program_id", "city_id"]).doUpdateSet(row))
      .execute();
    await trx.insertInto("audit_log").values({ id: randomId(), program_id: program.id, city_id: cityId, actor_user_id: user.id, action: "results-meeting-recorded", detail: JSON.stringify({ heldAt: row.held_at }), at }).execute();
  });
}

// ---------------------------------------------------------------- CSV

/** Every cell quoted; a leading = + - @ (or tab, CR) is neutralised so a spreadsheet never runs it. */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export const CSV_HEADER = ["row", "edition", "team", "proposal", "reports", "meetings_held", "leads", "partnerships", "mous", "investment_eur", "follow_ups", "satisfaction", "next_steps", "testimonial", "submitted_at"] as const;

/** One row per team, then this edition's totals, then each compared edition's totals. */
export function resultsCsv(slug: string, teams: readonly TeamResult[], editions: readonly EditionTotals[]): string {
  const figures = (t: Totals) => [t.reports, t.meetingsHeld, t.leads, t.partnerships, t.mous, t.investmentEur.toFixed(2), t.followUps, t.meanSatisfaction === null ? "" : t.meanSatisfaction.toFixed(2)];
  const lines = [
    CSV_HEADER.map(csvCell).join(","),
    ...teams.map((r) => ["team", slug, r.team, r.title, 1, r.meetingsHeld, r.leads, r.partnerships, r.mous, r.investmentEur.toFixed(2), r.followUps, r.satisfaction, r.nextSteps, r.testimonial, r.submittedAt].map(csvCell).join(",")),
    ...editions.map((e) => [e.current ? "total" : "edition", e.slug, "", "", ...figures(e.totals), "", "", ""].map(csvCell).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
