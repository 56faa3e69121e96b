/**
 * Benchmark 3 of issue 7: one edition in the reviewing stage whose home panel
 * (Taichung) has 2,000 submitted proposals, each with 3 submitted reviews.
 *
 * The edition itself comes from the demo seeding (seedScenario "reviewing"):
 * programme workflow, windows, themes, panels, 8 replayed proposals per city
 * and their assignments. The other proposals are copies of one replayed
 * proposal — its workflow instance and event history, with the new team's
 * owner and dates — written in bulk: replaying three events through the
 * workflow engine for each of 2,000 proposals costs tens of thousands of
 * queries, and would also fill the outbox with 6,000 mails nobody reads.
 */
import { sql, type Insertable } from "kysely";
import { dialectOf, type DB } from "../db/client.ts";
import type { Database } from "../db/schema.ts";
import { randomId } from "../app/lib/ids.ts";
import { balancedAssignment } from "../app/services/ranking.ts";
import { rubricFor, weightedScore } from "../app/services/rubrics.server.ts";
import { APPLICATION_MACHINE_ID } from "../workflows/application.machine.ts";
import { DEMO_ACCOUNTS, DEMO_DOMAIN } from "../seeds/accounts.ts";
import { seedScenario } from "../seeds/seed.ts";

export const RANKING_SLUG = "bench-ranking";
const CITY = "taichung";

export interface RankingSeedOptions {
  /** proposals in the home panel, the 8 demo ones included (default 2,000) */
  proposals?: number;
  /** panel reviewers, the 3 demo ones included (default 12: 500 reviews each) */
  reviewers?: number;
  reviewsPerProposal?: number;
  slug?: string;
}

export async function seedRankingEdition(db: DB, now: Date, options: RankingSeedOptions = {}): Promise<{ slug: string; path: string; email: string }> {
  const slug = options.slug ?? RANKING_SLUG;
  const total = options.proposals ?? 2000;
  const reviewerCount = options.reviewers ?? 12;
  const perProposal = options.reviewsPerProposal ?? 3;
  const coordinatorEmail = DEMO_ACCOUNTS.find((a) => a.role === "coordinator" && a.city === CITY)!.email;
  const { programId } = await seedScenario(db, "reviewing", now, { slug });

  await db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const rand = mulberry32(7);
    const window = async (stage: string) => trx.selectFrom("stage_windows").selectAll().where("program_id", "=", programId).where("city_id", "=", CITY).where("stage", "=", stage).executeTakeFirstOrThrow();
    const call = await window("call");
    const shortlist = await window("shortlist");
    const coordinator = await trx.selectFrom("users").select(["id", "password_hash"]).where("email", "=", coordinatorEmail).executeTakeFirstOrThrow();
    const topics = (await trx.selectFrom("topics").select("id").where("program_id", "=", programId).orderBy("position").execute()).map((t) => t.id);

    // The replayed proposal every copy is made from.
    const demo = await trx.selectFrom("proposals").selectAll().where("program_id", "=", programId).where("city_id", "=", CITY).where("state", "=", "inReview").orderBy("submitted_at").execute();
    const template = demo[0]!;
    const templateOwner = await trx.selectFrom("teams").innerJoin("users", "users.id", "teams.created_by").select(["users.id", "users.email"]).where("teams.id", "=", template.team_id).executeTakeFirstOrThrow();
    const instance = await trx.selectFrom("workflow_instances").selectAll().where("machine_id", "=", APPLICATION_MACHINE_ID).where("subject_id", "=", template.id).executeTakeFirstOrThrow();
    const events = await trx.selectFrom("workflow_events").selectAll().where("instance_id", "=", instance.id).orderBy("seq").execute();
    const version = await trx.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", template.id).executeTakeFirstOrThrow();

    // Teams, their owners (who can sign in with the demo password) and their proposals, spread over the call.
    const users: Insertable<Database["users"]>[] = [];
    const teams: Insertable<Database["teams"]>[] = [];
    const members: Insertable<Database["team_members"]>[] = [];
    const proposals: Insertable<Database["proposals"]>[] = [];
    const versions: Insertable<Database["proposal_versions"]>[] = [];
    const instances: Insertable<Database["workflow_instances"]>[] = [];
    const history: Insertable<Database["workflow_events"]>[] = [];
    // Real calls have one title per proposal: the page cannot lean on repeated strings.
    const titles = new Set(demo.map((p) => p.title));
    const opens = Date.parse(call.starts_at);
    const span = Date.parse(call.ends_at) - opens - 3 * 3_600_000;
    for (let n = 1; n <= total - demo.length; n++) {
      const userId = randomId();
      const email = `bench.applicant${n}@${DEMO_DOMAIN}`;
      const teamId = randomId();
      const proposalId = randomId();
      const createdAt = new Date(opens + Math.floor((span * n) / (total - demo.length + 1))).toISOString();
      const submittedAt = new Date(Date.parse(createdAt) + 3 * 3_600_000).toISOString();
      const idea = pick(rand, IDEAS);
      const team = `${pick(rand, NAME_A)} ${pick(rand, NAME_B)} ${String(n).padStart(4, "0")}`;
      const title = uniqueTitle(rand, idea.what, titles);
      const content = JSON.stringify({ summaryEn: `${idea.what} — ${idea.how}.`, summaryHome: `${idea.what}（${team}）`, problem: idea.how, product: idea.product, traction: `${1 + Math.floor(rand() * 40)} paying customers`, team: `${2 + Math.floor(rand() * 20)} people`, wants: "Pilot partners in Toulouse", preferredDates: "" });
      users.push({ id: userId, email, name: `申請人 ${n}`, password_hash: coordinator.password_hash, locale: "zh-TW", time_zone: "Asia/Taipei", is_admin: 0, created_at: at });
      teams.push({ id: teamId, name: team, city_id: CITY, founding_year: 2010 + Math.floor(rand() * 9), website: null, sector: idea.sector, size: 2 + Math.floor(rand() * 20), created_by: userId, created_at: at });
      members.push({ team_id: teamId, user_id: userId, role: "owner", created_at: at });
      proposals.push({ ...template, id: proposalId, team_id: teamId, topic_id: topics[n % topics.length] ?? null, title, content, submitted_at: submittedAt, created_at: createdAt });
      versions.push({ ...version, proposal_id: proposalId, title, content, submitted_by: userId, submitted_at: submittedAt });
      const instanceId = randomId();
      instances.push({ ...instance, id: instanceId, subject_id: proposalId });
      const retime = (s: string) => s.replaceAll(template.created_at, createdAt).replaceAll(template.submitted_at!, submittedAt);
      for (const e of events) {
        const own = e.actor_user_id === templateOwner.id;
        history.push({ ...e, instance_id: instanceId, event: retime(e.event), at: retime(e.at), actor_user_id: own ? userId : e.actor_user_id, actor_label: own ? email : e.actor_label });
      }
    }
    await insertAll(trx, "users", users);
    await insertAll(trx, "teams", teams);
    await insertAll(trx, "team_members", members);
    await insertAll(trx, "proposals", proposals);
    await insertAll(trx, "proposal_versions", versions);
    await insertAll(trx, "workflow_instances", instances);
    await insertAll(trx, "workflow_events", history);

    // More reviewers on the panel, so that no one carries 2,000 reviews.
    const panel = DEMO_ACCOUNTS.filter((a) => a.role === "reviewer" && a.city === CITY).map((a) => a.email);
    const extra: Insertable<Database["users"]>[] = [];
    for (let i = panel.length + 1; i <= reviewerCount; i++) {
      extra.push({ id: randomId(), email: `reviewer${i}.${CITY}@${DEMO_DOMAIN}`, name: `評審 ${i}`, password_hash: coordinator.password_hash, locale: "zh-TW", time_zone: "Asia/Taipei", is_admin: 0, created_at: at });
    }
    await insertAll(trx, "users", extra);
    await insertAll(trx, "memberships", extra.map((u) => ({ id: randomId(), user_id: u.id!, program_id: programId, city_id: CITY, role: "reviewer", created_at: at })));
    const reviewerIds = [...(await trx.selectFrom("users").select("id").where("email", "in", panel).execute()).map((u) => u.id), ...extra.map((u) => u.id!)];

    // The demo seed assigned the 3 demo reviewers to the 8 demo proposals; the rest is balanced as autoAssign would.
    const proposalIds = [...demo.map((p) => p.id), ...proposals.map((p) => p.id!)];
    const existing = (await trx.selectFrom("review_assignments").select(["proposal_id", "reviewer_id"]).where("program_id", "=", programId).where("stage", "=", "shortlist").where("proposal_id", "in", demo.map((p) => p.id)).execute()).map((a) => ({ proposalId: a.proposal_id, reviewerId: a.reviewer_id }));
    const added = balancedAssignment(proposalIds, reviewerIds, { perProposal, cap: Math.ceil((total * perProposal) / reviewerIds.length) + perProposal, conflicts: new Set(), existing });
    const assignedAt = new Date(Date.parse(call.ends_at) + 49 * 3_600_000).toISOString();
    await insertAll(trx, "review_assignments", added.map((a) => ({ program_id: programId, proposal_id: a.proposalId, reviewer_id: a.reviewerId, stage: "shortlist", created_by: coordinator.id, created_at: assignedAt })));

    // Every reviewer declared no conflict, then scored: a proposal's quality, the reviewer's own
    // leniency and some noise per criterion, so that normalising by reviewer changes the order.
    const rubric = await rubricFor(trx, programId, CITY, "shortlist");
    const quality = new Map(proposalIds.map((id) => [id, 3 + 0.9 * gaussian(rand)]));
    const leniency = new Map(reviewerIds.map((id, i) => [id, ((i % 5) - 2) * 0.35 + 0.2 * gaussian(rand)]));
    const reviewFrom = Date.parse(shortlist.starts_at);
    const reviewSpan = Math.max(3_600_000, now.getTime() - reviewFrom - 3_600_000);
    const declarations: Insertable<Database["conflict_declarations"]>[] = [];
    const reviews: Insertable<Database["reviews"]>[] = [];
    for (const a of [...existing, ...added]) {
      const submittedAt = new Date(reviewFrom + Math.floor(rand() * reviewSpan)).toISOString();
      const base = quality.get(a.proposalId)! + leniency.get(a.reviewerId)!;
      const scores = Object.fromEntries(rubric.criteria.map((c) => [c.key, Math.min(rubric.scaleMax, Math.max(1, Math.round(base + 0.7 * gaussian(rand))))]));
      declarations.push({ proposal_id: a.proposalId, reviewer_id: a.reviewerId, conflicted: 0, kind: null, note: null, declared_at: new Date(Date.parse(submittedAt) - 1_800_000).toISOString() });
      reviews.push({
        id: randomId(),
        program_id: programId,
        proposal_id: a.proposalId,
        reviewer_id: a.reviewerId,
        panel_city_id: CITY,
        stage: "shortlist",
        scores: JSON.stringify(scores),
        confidence: 1 + Math.floor(rand() * 3),
        comment_panel: pick(rand, PANEL_COMMENTS),
        comment_applicant: pick(rand, APPLICANT_COMMENTS),
        status: "submitted",
        weighted: weightedScore(rubric, scores),
        updated_at: submittedAt,
        submitted_at: submittedAt,
      });
    }
    await insertAll(trx, "conflict_declarations", declarations);
    await insertAll(trx, "reviews", reviews);
  });
  // PostgreSQL's autovacuum would gather statistics on these tables within a minute, perhaps
  // in the middle of a measurement: gathered now, every run is planned as a settled database is.
  if (dialectOf(db) === "postgres") await sql`analyze`.execute(db);
  return { slug, path: `/review/${slug}/ranking`, email: coordinatorEmail };
}

/**
 * Multi-row inserts, chunked under both dialects' bound-parameter limits
 * (SQLite 32,766, PostgreSQL 65,535 per statement).
 */
async function insertAll<T extends keyof Database & string>(db: DB, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.min(1000, Math.floor(30_000 / perRow)));
  for (let i = 0; i < rows.length; i += size) {
    await db.insertInto(table).values(rows.slice(i, i + size) as never).execute();
  }
}

// A fixed seed: two runs rank the same proposals the same way.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function uniqueTitle(rand: () => number, what: string, taken: Set<string>): string {
  for (;;) {
    const title = `${pick(rand, QUALITIES)} ${what.charAt(0).toLowerCase()}${what.slice(1)} for ${pick(rand, MARKETS)} in ${pick(rand, REGIONS)}`;
    if (!taken.has(title)) {
      taken.add(title);
      return title.charAt(0).toUpperCase() + title.slice(1);
    }
  }
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

const NAME_A = ["Nimbus", "Jade", "Formosa", "Dadu", "Harbor", "Lumen", "Orchid", "Summit", "Taroko", "Vector", "Willow", "Zenith"] as const;
const NAME_B = ["Robotics", "Labs", "Analytics", "Sense", "Works", "Mobility", "Health", "Data", "Energy", "Systems"] as const;
const MARKETS = ["machinery SMEs", "city halls", "hospitals", "airports", "logistics hubs", "universities", "night markets", "water utilities", "farms", "schools"] as const;
const QUALITIES = ["low-cost", "open", "AI-assisted", "modular", "privacy-first", "solar-powered", "real-time", "plug-and-play", "cloud-native", "community-run", "portable", "multilingual"] as const;
const REGIONS = ["central Taiwan", "Occitanie", "Southeast Asia", "southern Europe", "rural areas", "port cities", "mountain towns", "industrial parks"] as const;
const IDEAS = [
  { what: "Predictive maintenance", how: "sensors and a model that warn of failures weeks ahead", product: "Sensor kit + dashboard", sector: "Smart manufacturing" },
  { what: "Air-quality sensing", how: "low-power sensors on street furniture reporting over LPWAN", product: "Sensor network + open data API", sector: "IoT" },
  { what: "Multilingual AI guide", how: "a chat and audio guide answering visitors in their language", product: "Conversational SDK", sector: "AI" },
  { what: "Supply-chain data exchange", how: "a shared data space for capacity and parts data", product: "Data-space platform", sector: "Big data" },
  { what: "Automated visual inspection", how: "machine vision that cuts inspection time by two thirds", product: "Inspection cell", sector: "Aerospace" },
  { what: "Curb-side parking", how: "magnetic sensors and mobile payment for on-street spaces", product: "Sensors + app", sector: "Smart city" },
  { what: "Fall detection", how: "radar-based detection that needs no camera", product: "Radar unit + alerts", sector: "Health" },
  { what: "Leak detection", how: "acoustic loggers that locate leaks in water mains", product: "Loggers + analytics", sector: "Environment" },
] as const;
const PANEL_COMMENTS = ["Strong team, market still unproven.", "Clear fit with the partner city.", "Traction is thin for the stage they claim.", "Good product, weak exchange plan.", "Would benefit most from the exchange."] as const;
const APPLICANT_COMMENTS = ["Thank you for a clear proposal.", "Please detail your traction.", "Your exchange goals are well defined.", "Consider a narrower first market."] as const;
