import type { DB } from "../../db/client.ts";
import { findProgramBySlug } from "../../db/repositories/programs.ts";
import { utcToZonedLocal, zonedLocalToUtc, type CallWindow } from "../../workflows/deadlines.ts";
import { refuse, SLUG_PATTERN, type Outcome } from "../lib/coordinator-console.ts";
import { randomId } from "../lib/ids.ts";
import type { ServiceEnv } from "./env.ts";
import { syncProgramJobs } from "./jobs.server.ts";
import type { Actor } from "./workflow-engine.server.ts";
import { startProgramWorkflow } from "./workflows.server.ts";

/**
 * The next edition of a programme (SPEC §1): same cities, coordinators,
 * reviewers, rubrics and hosting resources; a new topic list; every planned
 * window one year later at the same local wall-clock time in its city.
 */

export interface EditionInput {
  previousSlug: string;
  slug: string;
  titles: { en: string; fr: string; "zh-TW": string };
}

const E = "coordConsole.edition.errors";

/** "2019-03-31T02:30" → "2020-03-31T02:30"; 29 February becomes 28 February. */
export function shiftLocalYear(local: string, years = 1): string {
  const year = Number(local.slice(0, 4)) + years;
  let rest = local.slice(4);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (rest.startsWith("-02-29") && !leap) rest = `-02-28${rest.slice(6)}`;
  return `${String(year).padStart(4, "0")}${rest}`;
}

/** The same wall-clock time in `timeZone`, one year later. */
export function shiftInstantOneYear(iso: string, timeZone: string): string {
  return zonedLocalToUtc(shiftLocalYear(utcToZonedLocal(iso, timeZone), 1), timeZone);
}

/** A calendar date "YYYY-MM-DD" one year later. */
function shiftDate(date: string | null): string | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return shiftLocalYear(`${date}T00:00`).slice(0, 10);
}

export async function createNextEdition(env: ServiceEnv, actor: Actor, input: EditionInput): Promise<Outcome<{ programId: string; slug: string }>> {
  if (!SLUG_PATTERN.test(input.slug) || input.slug.length > 80) return refuse(`${E}.slug`);
  const previous = await findProgramBySlug(env.db, input.previousSlug);
  if (!previous) return refuse(`${E}.previous`, 404);
  if (await findProgramBySlug(env.db, input.slug)) return refuse(`${E}.slugTaken`, 409);
  const programId = randomId();
  const at = env.now.toISOString();
  const zoneOf = (city: string) => (previous.cityA.id === city ? previous.cityA.time_zone : previous.cityB.time_zone);
  const cities: [string, string] = [previous.city_a_id, previous.city_b_id];

  return env.db.transaction().execute(async (trx) => {
    const windows = await trx.selectFrom("stage_windows").selectAll().where("program_id", "=", previous.id).execute();
    const callWindows: Record<string, CallWindow> = {};
    for (const city of cities) {
      const call = windows.find((w) => w.city_id === city && w.stage === "call");
      if (!call) return refuse(`${E}.noCallWindow`);
      callWindows[city] = { opensAt: shiftInstantOneYear(call.starts_at, zoneOf(city)), closesAt: shiftInstantOneYear(call.ends_at, zoneOf(city)), graceMinutes: call.grace_minutes };
    }
    await trx
      .insertInto("programs")
      .values({ id: programId, slug: input.slug, titles: JSON.stringify(input.titles), edition_year: previous.edition_year + 1, city_a_id: previous.city_a_id, city_b_id: previous.city_b_id, previous_program_id: previous.id, created_at: at })
      .execute();
    for (const w of windows) {
      const tz = zoneOf(w.city_id);
      await trx
        .insertInto("stage_windows")
        .values({ program_id: programId, city_id: w.city_id, stage: w.stage, starts_at: shiftInstantOneYear(w.starts_at, tz), ends_at: shiftInstantOneYear(w.ends_at, tz), grace_minutes: w.grace_minutes })
        .execute();
    }
    const memberships = await trx.selectFrom("memberships").selectAll().where("program_id", "=", previous.id).execute();
    for (const m of memberships) {
      await trx.insertInto("memberships").values({ id: randomId(), user_id: m.user_id, program_id: programId, city_id: m.city_id, role: m.role, created_at: at }).execute();
    }
    const rubrics = await trx.selectFrom("rubrics").selectAll().where("program_id", "=", previous.id).execute();
    for (const r of rubrics) {
      await trx.insertInto("rubrics").values({ ...r, program_id: programId, updated_at: at }).execute();
    }
    const resources = await trx.selectFrom("hosting_resources").selectAll().where("program_id", "=", previous.id).execute();
    for (const r of resources) {
      await trx
        .insertInto("hosting_resources")
        .values({ ...r, id: randomId(), program_id: programId, available_from: shiftDate(r.available_from), available_to: shiftDate(r.available_to), created_at: at, updated_at: at })
        .execute();
    }
    await startProgramWorkflow(trx, programId, { cities, callWindows }, at, actor);
    await syncProgramJobs(trx, programId, env.now);
    return { ok: true, programId, slug: input.slug };
  });
}

/** Editions an admin may start the next one from, newest first, with a suggested slug and titles. */
export async function editionChoices(db: DB): Promise<{ slug: string; titles: Record<string, string>; year: number; suggestedSlug: string }[]> {
  const programs = await db.selectFrom("programs").selectAll().orderBy("edition_year", "desc").orderBy("created_at", "desc").execute();
  const slugs = new Set(programs.map((p) => p.slug));
  return programs.map((p) => {
    const year = p.edition_year + 1;
    const stem = p.slug.replace(/-\d{4}$/, "");
    let suggested = `${stem}-${year}`;
    for (let n = 2; slugs.has(suggested); n++) suggested = `${stem}-${year}-${n}`;
    let titles: Record<string, string> = {};
    try {
      titles = JSON.parse(p.titles) as Record<string, string>;
    } catch {
      titles = {};
    }
    const next = Object.fromEntries(Object.entries(titles).map(([k, v]) => [k, v.includes(String(p.edition_year)) ? v.replace(String(p.edition_year), String(year)) : `${v} ${year}`]));
    return { slug: p.slug, titles: next, year, suggestedSlug: suggested };
  });
}

