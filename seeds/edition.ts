import type { DB } from "../db/client.ts";
import { randomId } from "../app/lib/ids.ts";
import { syncProgramJobs } from "../app/services/jobs.server.ts";
import { SCHEDULER_ACTOR, type Actor } from "../app/services/workflow-engine.server.ts";
import { dispatchApplication, dispatchProgram, startApplicationWorkflow, startProgramWorkflow, type EffectEnv } from "../app/services/workflows.server.ts";
import { zonedLocalToUtc } from "../workflows/deadlines.ts";
import { DEMO_ACCOUNTS } from "./accounts.ts";
import { seedItineraries } from "./itineraries.ts";
import { seedExchange } from "./exchange.ts";
import { CITIES, DEMO_WINDOWS, HOSTING_RESOURCES, TEAMS, THEMES } from "./demo-data.ts";
import type { BaseIds } from "./seed.ts";

/** Where a seeded edition stands: the stages a coordinator would recognise. */
export const DEMO_STAGES = ["topics", "hosting", "callOpen", "reviewing", "picking", "announcement", "itinerary", "preDeparture", "exchange", "reporting", "closed"] as const;
export type DemoStage = (typeof DEMO_STAGES)[number];

/** The schedule window that is "now" when the programme is at this stage. */
const WINDOW_OF: Record<DemoStage, keyof typeof DEMO_WINDOWS> = {
  topics: "topics",
  hosting: "hosting",
  callOpen: "call",
  reviewing: "shortlist",
  picking: "picks",
  announcement: "announcement",
  itinerary: "itinerary",
  preDeparture: "preDeparture",
  exchange: "exchange",
  reporting: "reporting",
  closed: "reporting",
};

const DAY = 86_400_000;

/** Whole days to add to the 2019 calendar so that `now` falls mid-window of `stage`. */
export function shiftDaysFor(stage: DemoStage, now: Date): number {
  const window = DEMO_WINDOWS[WINDOW_OF[stage]]!;
  const start = Date.parse(`${window.start}:00Z`);
  const end = Date.parse(`${window.end}:00Z`);
  const target = stage === "closed" ? end + 20 * DAY : (start + end) / 2;
  return Math.round((now.getTime() - target) / DAY);
}

function shiftLocal(local: string, days: number): string {
  const shifted = new Date(Date.parse(`${local}:00Z`) + days * DAY).toISOString();
  return shifted.slice(0, 16);
}

interface EditionOptions {
  slug: string;
  titles: Record<string, string>;
  year: number;
  shiftDays: number;
  stage: DemoStage;
  now: Date;
  /** Moves both cities' call deadline to this instant (an edition whose call closes soon, for deadline tests). */
  callClosesAt?: string;
}

type CityId = "taichung" | "toulouse";
const CITY_IDS: CityId[] = ["taichung", "toulouse"];

/** One edition: its schedule, themes, hosting resources, panels, proposals — and its workflows replayed up to `stage`. */
export async function seedEdition(db: DB, base: BaseIds, options: EditionOptions): Promise<{ programId: string }> {
  const programId = randomId();
  const createdAt = options.now.toISOString();
  const env: EffectEnv = { baseUrl: (process.env.BASE_URL ?? "http://localhost:3000").replace(/\/$/, ""), delivers: false };
  const reached = (stage: DemoStage) => DEMO_STAGES.indexOf(options.stage) >= DEMO_STAGES.indexOf(stage);
  const window = (city: CityId, key: string) => {
    const w = DEMO_WINDOWS[key]!;
    const tz = CITIES.find((c) => c.id === city)!.timeZone;
    const end = key === "call" && options.callClosesAt ? options.callClosesAt : zonedLocalToUtc(shiftLocal(w.end, options.shiftDays), tz);
    return { start: zonedLocalToUtc(shiftLocal(w.start, options.shiftDays), tz), end, grace: w.graceMinutes ?? 0 };
  };
  const plus = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
  const coordinator = (city: CityId): Actor => {
    const email = DEMO_ACCOUNTS.find((a) => a.role === "coordinator" && a.city === city)!.email;
    return { userId: base.users.get(email)!, label: email };
  };

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("programs")
      .values({ id: programId, slug: options.slug, titles: JSON.stringify(options.titles), edition_year: options.year, city_a_id: "taichung", city_b_id: "toulouse", previous_program_id: null, created_at: createdAt })
      .execute();
    for (const city of CITY_IDS) {
      for (const key of Object.keys(DEMO_WINDOWS)) {
        const w = window(city, key);
        await trx.insertInto("stage_windows").values({ program_id: programId, city_id: city, stage: key, starts_at: w.start, ends_at: w.end, grace_minutes: w.grace }).execute();
      }
    }
    for (const [position, theme] of THEMES.entries()) {
      await trx
        .insertInto("topics")
        .values({ id: randomId(), program_id: programId, proposed_by_city_id: theme.city, titles: JSON.stringify(theme.titles), rationale: theme.rationale, status: reached("hosting") ? "agreed" : "proposed", position, created_at: createdAt, partner_status: "accepted", partner_comment: null, list_version: 1 })
        .execute();
    }
    for (const r of HOSTING_RESOURCES) {
      const exchange = window(r.city, "exchange");
      await trx
        .insertInto("hosting_resources")
        .values({ id: randomId(), program_id: programId, city_id: r.city, name: r.name, kind: r.kind, address: r.address, capacity: r.capacity, services: r.services, contact: r.contact, available_from: exchange.start.slice(0, 10), available_to: exchange.end.slice(0, 10), created_at: createdAt })
        .execute();
    }
    for (const account of DEMO_ACCOUNTS) {
      if (account.role !== "coordinator" && account.role !== "reviewer") continue;
      await trx
        .insertInto("memberships")
        .values({ id: randomId(), user_id: base.users.get(account.email)!, program_id: programId, city_id: account.city!, role: account.role, created_at: createdAt })
        .execute();
    }

    const callWindows = Object.fromEntries(CITY_IDS.map((c) => {
      const w = window(c, "call");
      return [c, { opensAt: w.start, closesAt: w.end, graceMinutes: w.grace }];
    }));
    const topicsStart = window("taichung", "topics").start;
    await startProgramWorkflow(trx, programId, { cities: ["taichung", "toulouse"], callWindows }, topicsStart, coordinator("taichung"));
    const send = (event: Parameters<typeof dispatchProgram>[2]["event"], actor: Actor) => dispatchProgram(trx, env, { programId, event, actor });

    if (reached("hosting")) {
      for (const city of CITY_IDS) await send({ type: "APPROVE_TOPICS", city, listVersion: 1, at: plus(window(city, "topics").end, -48) }, coordinator(city));
    }
    if (reached("callOpen")) {
      for (const city of CITY_IDS) await send({ type: "CONFIRM_HOSTING", city, at: plus(window(city, "hosting").end, -48) }, coordinator(city));
      for (const city of CITY_IDS) await send({ type: "CALL_OPENS", city, at: callWindows[city]!.opensAt }, SCHEDULER_ACTOR);
      // Proposals: all submitted once the call has closed; while it is open, five are in and three are drafts.
      for (const city of CITY_IDS) {
        const topicRows = await trx.selectFrom("topics").select("id").where("program_id", "=", programId).orderBy("position").execute();
        for (const [i, team] of TEAMS[city].entries()) {
          const ids = base.teams[city][i]!;
          const proposalId = randomId();
          const createdAt = plus(callWindows[city]!.opensAt, 24 * (i + 1));
          const content = JSON.stringify({ summaryEn: team.summaryEn, summaryHome: team.summaryHome, problem: team.summaryEn, product: team.product, traction: team.traction, team: `${team.size} people, founded ${team.founded}`, wants: team.wants, preferredDates: "" });
          await trx
            .insertInto("proposals")
            .values({ id: proposalId, program_id: programId, team_id: ids.id, city_id: city, topic_id: topicRows[team.theme]?.id ?? null, title: team.title, content, deck_key: null, state: "draft", submitted_version: 0, submitted_at: null, created_at: createdAt, updated_at: createdAt })
            .execute();
          const applicant: Actor = { userId: ids.owner, label: DEMO_ACCOUNTS.find((a) => base.users.get(a.email) === ids.owner)?.email ?? "applicant" };
          await startApplicationWorkflow(trx, { programId, proposalId, cityId: city, at: createdAt, actor: applicant });
          if (options.stage === "callOpen" && i >= 5) continue;
          const submittedAt = plus(createdAt, 3);
          await dispatchApplication(trx, env, { proposalId, event: { type: "SUBMIT", callWindow: callWindows[city]!, at: submittedAt }, actor: applicant });
          await trx.updateTable("proposals").set({ submitted_version: 1, submitted_at: submittedAt }).where("id", "=", proposalId).execute();
          await trx.insertInto("proposal_versions").values({ proposal_id: proposalId, version: 1, title: team.title, content, deck_key: null, submitted_by: ids.owner, submitted_at: submittedAt }).execute();
        }
      }
    }
    const proposalsOf = async (city: CityId) =>
      (await trx.selectFrom("proposals").select("id").where("program_id", "=", programId).where("city_id", "=", city).orderBy("created_at").execute()).map((p) => p.id);
    if (reached("reviewing")) {
      for (const city of CITY_IDS) {
        const c = callWindows[city]!;
        await send({ type: "CALL_CLOSES", city, at: plus(c.closesAt, c.graceMinutes / 60 + 1) }, SCHEDULER_ACTOR);
        for (const proposalId of await proposalsOf(city)) {
          await dispatchApplication(trx, env, { proposalId, event: { type: "MARK_ELIGIBLE", at: plus(c.closesAt, 48) }, actor: coordinator(city) });
        }
      }
    }
    // Every panel member reviews every proposal of the open stage (8 proposals, 3 reviewers).
    const assign = async (city: CityId, stage: "shortlist" | "pick", proposalIds: string[], at: string) => {
      const reviewers = DEMO_ACCOUNTS.filter((a) => a.role === "reviewer" && a.city === city).map((a) => base.users.get(a.email)!);
      for (const proposalId of proposalIds) {
        for (const reviewerId of reviewers) {
          await trx.insertInto("review_assignments").values({ program_id: programId, proposal_id: proposalId, reviewer_id: reviewerId, stage, created_by: coordinator(city).userId!, created_at: at }).execute();
        }
      }
    };
    if (reached("reviewing")) {
      for (const city of CITY_IDS) await assign(city, "shortlist", await proposalsOf(city), plus(callWindows[city]!.closesAt, 49));
    }
    const shortlist = async (city: CityId) => (await proposalsOf(city)).slice(0, 5);
    if (reached("picking")) {
      for (const city of CITY_IDS) await send({ type: "LOCK_SHORTLIST", city, ids: await shortlist(city), eligibleCount: 8, at: plus(window(city, "shortlist").end, -24) }, coordinator(city));
    }
    if (reached("announcement")) {
      for (const host of CITY_IDS) {
        const partner = host === "taichung" ? "toulouse" : "taichung";
        await send({ type: "PICK_FINALISTS", city: host, ids: (await shortlist(partner)).slice(0, 2), at: plus(window(host, "picks").end, -24) }, coordinator(host));
      }
    }
    const offered = async () => trx.selectFrom("proposals").select(["id", "city_id", "team_id"]).where("program_id", "=", programId).where("state", "=", "offered").execute();
    if (reached("itinerary")) {
      await send({ type: "PUBLISH_RESULTS", at: plus(window("taichung", "announcement").start, 24) }, coordinator("taichung"));
      // While itineraries are being planned, each host still waits for one answer (the second pick).
      const answering = options.stage === "itinerary" ? (await offered()).filter((p) => base.teams[p.city_id as CityId][0]?.id === p.team_id) : await offered();
      for (const p of answering) {
        const owner = base.teams[p.city_id as CityId].find((t) => t.id === p.team_id)!.owner;
        await dispatchApplication(trx, env, { proposalId: p.id, event: { type: "ACCEPT", at: plus(window("taichung", "announcement").end, -24) }, actor: { userId: owner, label: "applicant" } });
      }
      // Partners of each host city, and the itinerary of the first team it hosts.
      await seedItineraries(trx, {
        programId,
        createdAt,
        hosts: await Promise.all(CITY_IDS.map(async (host) => ({ host, proposalId: (await shortlist(host === "taichung" ? "toulouse" : "taichung"))[0], exchangeStart: window(host, "exchange").start }))),
      });
    }
    if (reached("preDeparture")) {
      for (const city of CITY_IDS) await send({ type: "FINALISE_ITINERARIES", city, at: plus(window(city, "itinerary").end, -24) }, coordinator(city));
    }
    if (reached("exchange")) {
      for (const city of CITY_IDS) await send({ type: "PRE_DEPARTURE_HELD", city, at: plus(window(city, "preDeparture").start, 24 * 10) }, coordinator(city));
      await send({ type: "EXCHANGE_STARTS", at: window("taichung", "exchange").start }, coordinator("taichung"));
    }
    if (reached("reporting")) {
      await send({ type: "EXCHANGE_ENDS", at: window("taichung", "exchange").end }, coordinator("taichung"));
    }
    if (reached("closed")) {
      for (const city of CITY_IDS) await send({ type: "RESULTS_MEETING_HELD", city, at: plus(window(city, "reporting").end, -24) }, coordinator(city));
    }
    // Pre-departure meetings, then the confirmed teams through the exchange, their reports and the results meetings.
    await seedExchange(trx, { programId, env, reached, window, plus, coordinator, teams: base.teams });

    await syncProgramJobs(trx, programId, options.now);
    // The replay above already applied every time event up to the stage; only later ones stay pending.
    const replayedCalls = reached("reviewing") ? ["call-opens", "call-closes", "call-reminder"] : reached("callOpen") ? ["call-opens"] : [];
    // Reminders whose moment is already past in the seeded story are history, not news.
    await trx.updateTable("scheduled_jobs").set({ status: "done", fired_at: createdAt, result: "seeded" }).where("program_id", "=", programId).where("kind", "=", "review-reminder").where("due_at", "<", createdAt).execute();
    if (replayedCalls.length > 0) {
      await trx.updateTable("scheduled_jobs").set({ status: "done", fired_at: createdAt, result: "seeded" }).where("program_id", "=", programId).where("kind", "in", replayedCalls).execute();
    }
  });
  return { programId };
}
