import type { DB } from "../../db/client.ts";
import type { Proposal, User } from "../../db/schema.ts";
import type { ProgramWithCities } from "../../db/repositories/programs.ts";
import { formatInZone } from "../../workflows/deadlines.ts";
import { CHECKLIST_EDITABLE_STATES, CHECKLIST_ITEMS, HOST_VISIBLE_ITEMS, OUTGOING_STATES, VALUE_REQUIRED_WHEN_DONE, type ChecklistItem, type ChecklistStatus } from "../lib/checklist.ts";
import { randomId } from "../lib/ids.ts";
import { localized } from "../lib/locales.ts";
import { enqueueMail } from "../lib/mail.server.ts";
import type { ServiceEnv } from "./env.ts";
import { EventNotAllowedError, WorkflowConflictError, type Actor } from "./workflow-engine.server.ts";
import { dispatchApplication } from "./workflows.server.ts";

export interface ChecklistEntry {
  status: ChecklistStatus;
  value: string | null;
  updatedAt: string | null;
}
export type Checklist = Record<ChecklistItem, ChecklistEntry>;

function actorOf(user: User): Actor {
  return { userId: user.id, label: user.email };
}

// ---------------------------------------------------------------- the meeting

export interface MeetingInput {
  /** ISO UTC */
  startsAt: string;
  place: string | null;
  videoUrl: string | null;
  agenda: string;
}

export type MeetingError = "video-not-https" | "place-or-video" | "agenda-required";

/** The rules a meeting must meet: somewhere to be (a place or an https video link) and an agenda. */
export function meetingError(input: MeetingInput): MeetingError | null {
  if (!input.agenda.trim()) return "agenda-required";
  if (!input.place?.trim() && !input.videoUrl?.trim()) return "place-or-video";
  if (input.videoUrl) {
    let url: URL | null = null;
    try {
      url = new URL(input.videoUrl);
    } catch {
      url = null;
    }
    if (!url || url.protocol !== "https:" || !url.hostname) return "video-not-https";
  }
  return null;
}

export async function meetingOf(db: DB, programId: string, cityId: string) {
  return db.selectFrom("pre_departure_meetings").selectAll().where("program_id", "=", programId).where("city_id", "=", cityId).executeTakeFirst();
}

/**
 * The sending city's coordinator schedules (or moves) the briefing of its
 * outgoing teams; every member of those teams is told by e-mail, in the same
 * transaction. Returns how many people were notified.
 */
export async function scheduleMeeting(env: ServiceEnv, user: User, program: ProgramWithCities, cityId: string, input: MeetingInput): Promise<{ ok: true; notified: number } | { ok: false; error: MeetingError }> {
  const error = meetingError(input);
  if (error) return { ok: false, error };
  const at = env.now.toISOString();
  const city = program.cityA.id === cityId ? program.cityA : program.cityB;
  const row = { starts_at: input.startsAt, place: input.place?.trim() || null, video_url: input.videoUrl?.trim() || null, agenda: input.agenda.trim(), updated_at: at };
  const notified = await env.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("pre_departure_meetings")
      .values({ program_id: program.id, city_id: cityId, ...row })
      .onConflict((oc) => oc.columns(["program_id", "city_id"]).doUpdateSet(row))
      .execute();
    await trx.insertInto("audit_log").values({ id: randomId(), program_id: program.id, city_id: cityId, actor_user_id: user.id, action: "pre-departure-scheduled", detail: JSON.stringify({ startsAt: row.starts_at }), at }).execute();
    const members = await trx
      .selectFrom("proposals")
      .innerJoin("team_members", "team_members.team_id", "proposals.team_id")
      .innerJoin("users", "users.id", "team_members.user_id")
      .innerJoin("teams", "teams.id", "proposals.team_id")
      .select(["proposals.id as proposalId", "users.id", "users.email", "users.name", "users.locale", "teams.name as team"])
      .where("proposals.program_id", "=", program.id)
      .where("proposals.city_id", "=", cityId)
      .where("proposals.state", "in", [...OUTGOING_STATES])
      .execute();
    for (const m of members) {
      const locale = m.locale ?? city.default_locale;
      await enqueueMail(
        trx,
        {
          to: m.email,
          toUserId: m.id,
          locale,
          template: "predeparture-meeting",
          params: {
            name: m.name,
            team: m.team,
            program: localized(program.titles, locale),
            when: formatInZone(row.starts_at, city.time_zone, locale),
            where: [row.place, row.video_url].filter(Boolean).join(" · "),
            agenda: row.agenda,
            url: `${env.baseUrl}/applicant/proposals/${m.proposalId}/checklist`,
          },
          programId: program.id,
          cityId,
        },
        env.now,
        env.delivers,
      );
    }
    return members.length;
  });
  return { ok: true, notified };
}

// ---------------------------------------------------------------- the checklist

export async function checklistOf(db: DB, proposalId: string): Promise<Checklist> {
  const rows = await db.selectFrom("checklist_items").selectAll().where("proposal_id", "=", proposalId).execute();
  const byItem = new Map(rows.map((r) => [r.item, r]));
  return Object.fromEntries(
    CHECKLIST_ITEMS.map((item) => {
      const r = byItem.get(item);
      return [item, { status: (r?.status ?? "todo") as ChecklistStatus, value: r?.value ?? null, updatedAt: r?.updated_at ?? null }];
    }),
  ) as Checklist;
}

export function isComplete(checklist: Record<ChecklistItem, { status: string }>): boolean {
  return CHECKLIST_ITEMS.every((item) => checklist[item].status === "done" || checklist[item].status === "na");
}

export type ChecklistError = { code: "not-allowed" } | { code: "conflict" } | { code: "value-required"; item: ChecklistItem };

/**
 * The team records its checklist. When every item is done or not applicable
 * while the team is confirmed, the application becomes ready (CHECKLIST_COMPLETE),
 * in the same transaction — once: a later save of a ready team sends nothing.
 */
export async function saveChecklist(
  env: ServiceEnv,
  user: User,
  proposal: Pick<Proposal, "id" | "state">,
  entries: Record<ChecklistItem, { status: ChecklistStatus; value: string | null }>,
): Promise<{ ok: true; completed: boolean } | { ok: false; error: ChecklistError }> {
  if (!(CHECKLIST_EDITABLE_STATES as readonly string[]).includes(proposal.state)) return { ok: false, error: { code: "not-allowed" } };
  for (const item of CHECKLIST_ITEMS) {
    const e = entries[item];
    if (e.status === "done" && VALUE_REQUIRED_WHEN_DONE.includes(item) && !e.value?.trim()) return { ok: false, error: { code: "value-required", item } };
  }
  const at = env.now.toISOString();
  try {
    const completed = await env.db.transaction().execute(async (trx) => {
      // Read the state again inside the transaction: two saves at once complete it once.
      const current = await trx.selectFrom("proposals").select("state").where("id", "=", proposal.id).executeTakeFirstOrThrow();
      if (!(CHECKLIST_EDITABLE_STATES as readonly string[]).includes(current.state)) throw new EventNotAllowedError("SAVE_CHECKLIST", current.state);
      for (const item of CHECKLIST_ITEMS) {
        const e = entries[item];
        const row = { status: e.status, value: e.value?.trim() || null, updated_at: at };
        await trx
          .insertInto("checklist_items")
          .values({ proposal_id: proposal.id, item, ...row })
          .onConflict((oc) => oc.columns(["proposal_id", "item"]).doUpdateSet(row))
          .execute();
      }
      if (current.state === "confirmed" && isComplete(entries)) {
        await dispatchApplication(trx, env, { proposalId: proposal.id, event: { type: "CHECKLIST_COMPLETE", at }, actor: actorOf(user) });
        return true;
      }
      return false;
    });
    return { ok: true, completed };
  } catch (error) {
    if (error instanceof WorkflowConflictError) return { ok: false, error: { code: "conflict" } };
    if (error instanceof EventNotAllowedError) return { ok: false, error: { code: "not-allowed" } };
    throw error;
  }
}

// ---------------------------------------------------------------- the coordinator's page

export interface TeamChecklist {
  id: string;
  title: string;
  team: string;
  state: string;
  /** the sending city sees every item; the host only dietary and accessibility needs */
  items: Partial<Checklist>;
}

async function teamsWithChecklists(db: DB, programId: string, cityId: string, visible: readonly ChecklistItem[]): Promise<TeamChecklist[]> {
  const proposals = await db
    .selectFrom("proposals")
    .innerJoin("teams", "teams.id", "proposals.team_id")
    .select(["proposals.id", "proposals.title", "proposals.state", "teams.name as team"])
    .where("proposals.program_id", "=", programId)
    .where("proposals.city_id", "=", cityId)
    .where("proposals.state", "in", [...OUTGOING_STATES])
    .orderBy("teams.name")
    .execute();
  const out: TeamChecklist[] = [];
  for (const p of proposals) {
    const full = await checklistOf(db, p.id);
    out.push({ ...p, items: Object.fromEntries(visible.map((item) => [item, full[item]])) as Partial<Checklist> });
  }
  return out;
}

/** The sending city's view: its meeting, its outgoing teams' full checklists, and the needs of the teams it hosts. */
export async function predepartureOverview(db: DB, program: ProgramWithCities, cityId: string, partnerId: string) {
  return {
    meeting: await meetingOf(db, program.id, cityId),
    outgoing: await teamsWithChecklists(db, program.id, cityId, CHECKLIST_ITEMS),
    incoming: await teamsWithChecklists(db, program.id, partnerId, HOST_VISIBLE_ITEMS),
  };
}
