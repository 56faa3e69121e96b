import type { DB } from "../../db/client.ts";
import { findProgramById, type ProgramWithCities } from "../../db/repositories/programs.ts";
import type { Proposal, User } from "../../db/schema.ts";
import { type IcsEvent, buildIcs } from "../lib/ics.ts";
import { randomId } from "../lib/ids.ts";
import { HOSTED_STATES, type ItineraryInput, ITINERARY_KINDS, itineraryTimes } from "../lib/itinerary.ts";
import { localized } from "../lib/locales.ts";
import { enqueueMail } from "../lib/mail.server.ts";
import { rolesIn } from "../lib/access.server.ts";
import type { ServiceEnv } from "./env.ts";
import { loadProgramSnapshot } from "./timeline.server.ts";

export type ItineraryItem = Awaited<ReturnType<typeof itemsOf>>[number];

/** The ids the host city picked (the partner's teams it hosts), from the programme snapshot. */
export async function pickedBy(db: DB, programId: string, hostCityId: string): Promise<string[]> {
  const loaded = await loadProgramSnapshot(db, programId);
  const picks = (loaded?.snapshot.context as { picks?: Record<string, string[] | null> } | undefined)?.picks ?? {};
  return picks[hostCityId] ?? [];
}

export interface HostedTeam {
  id: string;
  title: string;
  state: string;
  team: string;
  items: number;
}

/** The visiting teams a city hosts, in pick order, with how many itinerary items each has. */
export async function hostedTeams(db: DB, programId: string, hostCityId: string): Promise<HostedTeam[]> {
  const ids = await pickedBy(db, programId, hostCityId);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("proposals")
    .innerJoin("teams", "teams.id", "proposals.team_id")
    .select(["proposals.id", "proposals.title", "proposals.state", "teams.name as team"])
    .where("proposals.program_id", "=", programId)
    .where("proposals.id", "in", ids)
    .where("proposals.state", "in", [...HOSTED_STATES])
    .execute();
  const counts = await db.selectFrom("itinerary_items").select(["proposal_id", (eb) => eb.fn.countAll<number>().as("n")]).where("program_id", "=", programId).where("host_city_id", "=", hostCityId).groupBy("proposal_id").execute();
  const countOf = new Map(counts.map((c) => [c.proposal_id, Number(c.n)]));
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r) => !!r).map((r) => ({ ...r!, items: countOf.get(r!.id) ?? 0 }));
}

export interface ItineraryTarget {
  program: ProgramWithCities;
  proposal: Proposal;
  team: string;
  hostCityId: string;
  hostTimeZone: string;
}

/** The itinerary of a hosted team: the team's city is the sender, the partner city the host. Null when the team is not hosted. */
export async function itineraryTarget(db: DB, program: ProgramWithCities, proposalId: string): Promise<ItineraryTarget | null> {
  const proposal = await db.selectFrom("proposals").selectAll().where("id", "=", proposalId).where("program_id", "=", program.id).executeTakeFirst();
  if (!proposal) return null;
  const host = proposal.city_id === program.cityA.id ? program.cityB : program.cityA;
  if (!(HOSTED_STATES as readonly string[]).includes(proposal.state)) return null;
  if (!(await pickedBy(db, program.id, host.id)).includes(proposal.id)) return null;
  const team = await db.selectFrom("teams").select("name").where("id", "=", proposal.team_id).executeTakeFirstOrThrow();
  return { program, proposal, team: team.name, hostCityId: host.id, hostTimeZone: host.time_zone };
}

/** Who may see / change a team's itinerary: the host city's coordinator edits, the sending city's coordinator reads. */
export async function coordinatorAccess(db: DB, user: User, target: ItineraryTarget): Promise<"edit" | "view" | null> {
  const roles = await rolesIn(db, user, target.program.id);
  if (roles.admin || roles.coordinatorOf.includes(target.hostCityId)) return "edit";
  if (roles.coordinatorOf.includes(target.proposal.city_id)) return "view";
  return null;
}

/** For a team member: the itinerary of their own proposal when it is hosted. */
export async function targetForMember(db: DB, proposal: Proposal): Promise<ItineraryTarget | null> {
  const program = await findProgramById(db, proposal.program_id);
  if (!program) return null;
  return itineraryTarget(db, program, proposal.id);
}

export async function itemsOf(db: DB, proposalId: string) {
  return db.selectFrom("itinerary_items").selectAll().where("proposal_id", "=", proposalId).orderBy("starts_at").orderBy("created_at").execute();
}

export async function hostingResourcesOf(db: DB, programId: string, cityId: string) {
  return db.selectFrom("hosting_resources").select(["id", "name", "address", "kind"]).where("program_id", "=", programId).where("city_id", "=", cityId).orderBy("name").execute();
}

export type SaveResult = { ok: true; id: string } | { ok: false; error: string };

const TEXT_MAX = 300;
const clean = (value: string | null | undefined, max = TEXT_MAX) => {
  const v = (value ?? "").trim();
  return v ? v.slice(0, max) : null;
};

/** Checks an item and returns the row values (without ids and stamps), or an error key. */
async function rowFor(db: DB, target: ItineraryTarget, input: ItineraryInput) {
  if (!(ITINERARY_KINDS as readonly string[]).includes(input.kind)) return { ok: false as const, error: "itinerary.errors.kind" };
  const times = itineraryTimes(input);
  if (!times.ok) return times;
  let title = clean(input.title, 200);
  let place = clean(input.place);
  const carrier = clean(input.carrier, 80);
  const flightNumber = clean(input.flightNumber, 20);
  let hostingResourceId: string | null = null;
  if (input.kind === "flight") {
    if (!carrier || !flightNumber) return { ok: false as const, error: "itinerary.errors.flightFields" };
    if (!place) return { ok: false as const, error: "itinerary.errors.place" };
    title ??= `${carrier} ${flightNumber}`;
  } else if (input.kind === "incubator") {
    const resource = input.hostingResourceId
      ? await db.selectFrom("hosting_resources").select(["id", "name", "address"]).where("id", "=", input.hostingResourceId).where("program_id", "=", target.program.id).where("city_id", "=", target.hostCityId).executeTakeFirst()
      : undefined;
    if (!resource) return { ok: false as const, error: "itinerary.errors.resource" };
    hostingResourceId = resource.id;
    title ??= resource.name;
    place ??= `${resource.name}, ${resource.address}`.slice(0, TEXT_MAX);
  } else if (input.kind === "lodging") {
    if (!place) return { ok: false as const, error: "itinerary.errors.place" };
    title ??= place;
  }
  if (!title) return { ok: false as const, error: "itinerary.errors.title" };
  return {
    ok: true as const,
    row: {
      kind: input.kind,
      title,
      starts_at: times.times.startsAt,
      ends_at: times.times.endsAt,
      start_time_zone: input.startZone,
      end_time_zone: input.endZone,
      place,
      host: clean(input.host),
      carrier: input.kind === "flight" ? carrier : null,
      flight_number: input.kind === "flight" ? flightNumber : null,
      hosting_resource_id: hostingResourceId,
      notes: clean(input.notes, 2000),
    },
  };
}

/** Adds (itemId null) or changes one item of a hosted team's itinerary; the team is told by e-mail. */
export async function saveItem(env: ServiceEnv, target: ItineraryTarget, itemId: string | null, input: ItineraryInput): Promise<SaveResult> {
  const checked = await rowFor(env.db, target, input);
  if (!checked.ok) return checked;
  const at = env.now.toISOString();
  return env.db.transaction().execute(async (trx) => {
    if (itemId) {
      const existing = await trx.selectFrom("itinerary_items").select(["id", "matchmaking_slot_id"]).where("id", "=", itemId).where("proposal_id", "=", target.proposal.id).executeTakeFirst();
      if (!existing) return { ok: false, error: "itinerary.errors.unknownItem" } as const;
      // A meeting from the slot grid is changed on the matchmaking page, so both stay in step.
      if (existing.matchmaking_slot_id) return { ok: false, error: "itinerary.errors.fromSlot" } as const;
      await trx.updateTable("itinerary_items").set({ ...checked.row, updated_at: at }).where("id", "=", itemId).execute();
      await notifyTeam(trx, env, target, checked.row.title);
      return { ok: true, id: itemId } as const;
    }
    const id = randomId();
    await trx.insertInto("itinerary_items").values({ id, program_id: target.program.id, proposal_id: target.proposal.id, host_city_id: target.hostCityId, ...checked.row, matchmaking_slot_id: null, created_at: at, updated_at: at }).execute();
    await notifyTeam(trx, env, target, checked.row.title);
    return { ok: true, id } as const;
  });
}

export async function removeItem(env: ServiceEnv, target: ItineraryTarget, itemId: string): Promise<SaveResult> {
  return env.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("itinerary_items").select(["id", "title", "matchmaking_slot_id"]).where("id", "=", itemId).where("proposal_id", "=", target.proposal.id).executeTakeFirst();
    if (!existing) return { ok: false, error: "itinerary.errors.unknownItem" } as const;
    if (existing.matchmaking_slot_id) return { ok: false, error: "itinerary.errors.fromSlot" } as const;
    await trx.deleteFrom("itinerary_items").where("id", "=", itemId).execute();
    await notifyTeam(trx, env, target, existing.title);
    return { ok: true, id: itemId } as const;
  });
}

/** "Itinerary changed", to every member of the team, each in their own language. */
export async function notifyTeam(trx: DB, env: Pick<ServiceEnv, "now" | "baseUrl" | "delivers">, target: Pick<ItineraryTarget, "program" | "proposal" | "team" | "hostCityId">, item: string): Promise<void> {
  const members = await trx.selectFrom("team_members").innerJoin("users", "users.id", "team_members.user_id").select(["users.id", "users.email", "users.name", "users.locale"]).where("team_members.team_id", "=", target.proposal.team_id).execute();
  for (const m of members) {
    await enqueueMail(
      trx,
      {
        to: m.email,
        toUserId: m.id,
        locale: m.locale,
        template: "itinerary-changed",
        params: { name: m.name, team: target.team, program: localized(target.program.titles, m.locale ?? "en"), item, url: `${env.baseUrl}/applicant/proposals/${target.proposal.id}/itinerary` },
        programId: target.program.id,
        cityId: target.hostCityId,
      },
      env.now,
      env.delivers,
    );
  }
}

function describe(item: ItineraryItem): string {
  const lines = [item.kind === "flight" && item.carrier ? `${item.carrier} ${item.flight_number ?? ""}`.trim() : null, item.host, item.notes, `${item.start_time_zone}${item.end_time_zone !== item.start_time_zone ? ` → ${item.end_time_zone}` : ""}`];
  return lines.filter((l) => !!l).join("\n");
}

export function icsEventOf(item: ItineraryItem, team?: string): IcsEvent {
  return { uid: `${item.id}@passerelle`, start: item.starts_at, end: item.ends_at, summary: team ? `${team}: ${item.title}` : item.title, location: item.place, description: describe(item) };
}

export function itineraryIcs(items: ItineraryItem[], name: string, stamp: Date, teamOf?: Map<string, string>): string {
  return buildIcs({ name, stamp: stamp.toISOString(), events: items.map((i) => icsEventOf(i, teamOf?.get(i.proposal_id))) });
}

/** Every item of every team a city hosts (the whole exchange), for the host city's calendar. */
export async function exchangeItems(db: DB, programId: string, hostCityId: string) {
  const teams = await hostedTeams(db, programId, hostCityId);
  const ids = teams.map((t) => t.id);
  const items = ids.length ? await db.selectFrom("itinerary_items").selectAll().where("proposal_id", "in", ids).where("host_city_id", "=", hostCityId).orderBy("starts_at").execute() : [];
  return { items, teamOf: new Map(teams.map((t) => [t.id, t.team])) };
}

export function icsResponse(body: string, filename: string): Response {
  return new Response(body, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" } });
}
