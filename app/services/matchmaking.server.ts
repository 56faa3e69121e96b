import type { DB } from "../../db/client.ts";
import { randomId } from "../lib/ids.ts";
import { isTimeZone, overlaps, PARTNER_KINDS } from "../lib/itinerary.ts";
import { zonedLocalToUtc } from "../../workflows/deadlines.ts";
import type { ServiceEnv } from "./env.ts";
import { type ItineraryTarget, notifyTeam } from "./itineraries.server.ts";

export type Result<T = string> = { ok: true; id: T } | { ok: false; error: string };

export async function partnersOf(db: DB, programId: string, cityId: string) {
  return db.selectFrom("matchmaking_partners").selectAll().where("program_id", "=", programId).where("city_id", "=", cityId).orderBy("name").execute();
}

export interface PartnerInput {
  name: string;
  kind: string;
  sector?: string | null;
  contact?: string | null;
  description?: string | null;
}

const clean = (v: string | null | undefined, max: number) => {
  const s = (v ?? "").trim();
  return s ? s.slice(0, max) : null;
};

export async function savePartner(env: ServiceEnv, programId: string, cityId: string, partnerId: string | null, input: PartnerInput): Promise<Result> {
  const name = clean(input.name, 200);
  if (!name) return { ok: false, error: "matchmaking.errors.name" };
  if (!(PARTNER_KINDS as readonly string[]).includes(input.kind)) return { ok: false, error: "matchmaking.errors.kind" };
  const values = { name, kind: input.kind, sector: clean(input.sector, 200), contact: clean(input.contact, 300), description: clean(input.description, 2000) };
  if (partnerId) {
    const result = await env.db.updateTable("matchmaking_partners").set(values).where("id", "=", partnerId).where("program_id", "=", programId).where("city_id", "=", cityId).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return { ok: false, error: "matchmaking.errors.unknownPartner" };
    return { ok: true, id: partnerId };
  }
  const id = randomId();
  await env.db.insertInto("matchmaking_partners").values({ id, program_id: programId, city_id: cityId, ...values, created_at: env.now.toISOString() }).execute();
  return { ok: true, id };
}

/** Removing a partner removes its requests and slots, and the itinerary items the slots made. */
export async function removePartner(env: ServiceEnv, programId: string, cityId: string, partnerId: string, targetOf: (proposalId: string) => Promise<SlotContext["target"] | null>): Promise<Result> {
  const partner = await env.db.selectFrom("matchmaking_partners").select(["id", "name"]).where("id", "=", partnerId).where("program_id", "=", programId).where("city_id", "=", cityId).executeTakeFirst();
  if (!partner) return { ok: false, error: "matchmaking.errors.unknownPartner" };
  const booked = await env.db.selectFrom("matchmaking_slots").select("proposal_id").distinct().where("partner_id", "=", partnerId).execute();
  const targets = (await Promise.all(booked.map((b) => targetOf(b.proposal_id)))).filter((t) => !!t);
  return env.db.transaction().execute(async (trx) => {
    const slots = await trx.selectFrom("matchmaking_slots").select("id").where("partner_id", "=", partnerId).execute();
    if (slots.length) await trx.deleteFrom("itinerary_items").where("matchmaking_slot_id", "in", slots.map((s) => s.id)).execute();
    // The teams whose meetings disappear from their itinerary are told.
    for (const target of targets) await notifyTeam(trx, env, target!, partner.name);
    await trx.deleteFrom("matchmaking_slots").where("partner_id", "=", partnerId).execute();
    await trx.deleteFrom("matchmaking_requests").where("partner_id", "=", partnerId).execute();
    await trx.deleteFrom("matchmaking_partners").where("id", "=", partnerId).execute();
    return { ok: true, id: partnerId } as const;
  });
}

/** A meeting wish: from the visiting team ("team") or recorded by the coordinator for a partner ("partner"). */
export async function requestMeeting(env: ServiceEnv, input: { programId: string; hostCityId: string; proposalId: string; partnerId: string; requestedBy: "team" | "partner"; note?: string | null }): Promise<Result> {
  const partner = await env.db.selectFrom("matchmaking_partners").select("id").where("id", "=", input.partnerId).where("program_id", "=", input.programId).where("city_id", "=", input.hostCityId).executeTakeFirst();
  if (!partner) return { ok: false, error: "matchmaking.errors.unknownPartner" };
  const open = await env.db.selectFrom("matchmaking_requests").select("id").where("proposal_id", "=", input.proposalId).where("partner_id", "=", input.partnerId).where("requested_by", "=", input.requestedBy).where("status", "=", "requested").executeTakeFirst();
  if (open) return { ok: false, error: "matchmaking.errors.alreadyRequested" };
  const id = randomId();
  await env.db.insertInto("matchmaking_requests").values({ id, program_id: input.programId, proposal_id: input.proposalId, partner_id: input.partnerId, requested_by: input.requestedBy, status: "requested", note: clean(input.note, 1000), created_at: env.now.toISOString() }).execute();
  return { ok: true, id };
}

export async function declineRequest(env: ServiceEnv, programId: string, hostCityId: string, requestId: string): Promise<Result> {
  const partnerIds = (await partnersOf(env.db, programId, hostCityId)).map((p) => p.id);
  if (partnerIds.length === 0) return { ok: false, error: "matchmaking.errors.unknownRequest" };
  const result = await env.db.updateTable("matchmaking_requests").set({ status: "declined" }).where("id", "=", requestId).where("partner_id", "in", partnerIds).where("status", "=", "requested").executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return { ok: false, error: "matchmaking.errors.unknownRequest" };
  return { ok: true, id: requestId };
}

export async function requestsOf(db: DB, programId: string, hostCityId: string) {
  return db
    .selectFrom("matchmaking_requests")
    .innerJoin("matchmaking_partners", "matchmaking_partners.id", "matchmaking_requests.partner_id")
    .innerJoin("proposals", "proposals.id", "matchmaking_requests.proposal_id")
    .innerJoin("teams", "teams.id", "proposals.team_id")
    .select(["matchmaking_requests.id", "matchmaking_requests.proposal_id", "matchmaking_requests.partner_id", "matchmaking_requests.requested_by", "matchmaking_requests.status", "matchmaking_requests.note", "matchmaking_requests.created_at", "matchmaking_partners.name as partner", "teams.name as team"])
    .where("matchmaking_requests.program_id", "=", programId)
    .where("matchmaking_partners.city_id", "=", hostCityId)
    .orderBy("matchmaking_requests.created_at")
    .execute();
}

export async function slotsOf(db: DB, programId: string, hostCityId: string) {
  return db
    .selectFrom("matchmaking_slots")
    .innerJoin("matchmaking_partners", "matchmaking_partners.id", "matchmaking_slots.partner_id")
    .innerJoin("proposals", "proposals.id", "matchmaking_slots.proposal_id")
    .innerJoin("teams", "teams.id", "proposals.team_id")
    .select(["matchmaking_slots.id", "matchmaking_slots.proposal_id", "matchmaking_slots.partner_id", "matchmaking_slots.starts_at", "matchmaking_slots.ends_at", "matchmaking_slots.place", "matchmaking_partners.name as partner", "teams.name as team"])
    .where("matchmaking_slots.program_id", "=", programId)
    .where("matchmaking_slots.host_city_id", "=", hostCityId)
    .orderBy("matchmaking_slots.starts_at")
    .execute();
}

/** A unique-constraint violation, as SQLite (better-sqlite3 / node:sqlite) and PostgreSQL report it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "23505" || e.errcode === "23505") return true;
  if (e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  const message = typeof e.message === "string" ? e.message : "";
  return /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(message);
}

export interface SlotInput {
  proposalId: string;
  partnerId: string;
  startsAt: string;
  endsAt: string;
  place?: string | null;
}

export interface SlotContext {
  env: ServiceEnv;
  target: Pick<ItineraryTarget, "program" | "proposal" | "team" | "hostCityId" | "hostTimeZone">;
}

/** datetime-local values in the host city's zone → UTC, or an error key. */
export function slotTimes(startLocal: string, endLocal: string, timeZone: string): { ok: true; startsAt: string; endsAt: string } | { ok: false; error: string } {
  if (!isTimeZone(timeZone)) return { ok: false, error: "itinerary.errors.timeZone" };
  try {
    const startsAt = zonedLocalToUtc(startLocal, timeZone);
    const endsAt = zonedLocalToUtc(endLocal, timeZone);
    if (Date.parse(endsAt) <= Date.parse(startsAt)) return { ok: false, error: "itinerary.errors.endBeforeStart" };
    return { ok: true, startsAt, endsAt };
  } catch {
    return { ok: false, error: "itinerary.errors.time" };
  }
}

/**
 * Books team × partner × [start, end): never a team or a partner twice.
 * Overlaps are refused inside the transaction; two identical starts racing
 * past that check are refused by the unique constraints, reported the same way.
 * The slot becomes a "matchmaking" item of the team's itinerary.
 */
export async function scheduleSlot({ env, target }: SlotContext, input: SlotInput): Promise<Result> {
  const partner = await env.db.selectFrom("matchmaking_partners").select(["id", "name"]).where("id", "=", input.partnerId).where("program_id", "=", target.program.id).where("city_id", "=", target.hostCityId).executeTakeFirst();
  if (!partner) return { ok: false, error: "matchmaking.errors.unknownPartner" };
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) return { ok: false, error: "itinerary.errors.endBeforeStart" };
  const place = clean(input.place, 300);
  const at = env.now.toISOString();
  const wanted = { startsAt: input.startsAt, endsAt: input.endsAt };
  try {
    return await env.db.transaction().execute(async (trx) => {
      const busy = await trx
        .selectFrom("matchmaking_slots")
        .select(["proposal_id", "partner_id", "starts_at", "ends_at"])
        .where("program_id", "=", target.program.id)
        .where((eb) => eb.or([eb("proposal_id", "=", target.proposal.id), eb("partner_id", "=", partner.id)]))
        .where("starts_at", "<", input.endsAt)
        .where("ends_at", ">", input.startsAt)
        .execute();
      const clash = busy.filter((s) => overlaps(wanted, { startsAt: s.starts_at, endsAt: s.ends_at }));
      if (clash.some((s) => s.proposal_id === target.proposal.id)) return { ok: false, error: "matchmaking.errors.teamBusy" } as const;
      if (clash.length > 0) return { ok: false, error: "matchmaking.errors.partnerBusy" } as const;
      const id = randomId();
      await trx.insertInto("matchmaking_slots").values({ id, program_id: target.program.id, host_city_id: target.hostCityId, proposal_id: target.proposal.id, partner_id: partner.id, starts_at: input.startsAt, ends_at: input.endsAt, place, created_at: at }).execute();
      await trx
        .insertInto("itinerary_items")
        .values({ id: randomId(), program_id: target.program.id, proposal_id: target.proposal.id, host_city_id: target.hostCityId, kind: "matchmaking", title: partner.name, starts_at: input.startsAt, ends_at: input.endsAt, start_time_zone: target.hostTimeZone, end_time_zone: target.hostTimeZone, place, host: partner.name, carrier: null, flight_number: null, hosting_resource_id: null, matchmaking_slot_id: id, notes: null, created_at: at, updated_at: at })
        .execute();
      await trx.updateTable("matchmaking_requests").set({ status: "scheduled" }).where("proposal_id", "=", target.proposal.id).where("partner_id", "=", partner.id).where("status", "=", "requested").execute();
      await notifyTeam(trx, env, target, partner.name);
      return { ok: true, id } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "matchmaking.errors.taken" };
    throw error;
  }
}

/** Removes a slot and the itinerary item it made. */
export async function removeSlot(env: ServiceEnv, programId: string, hostCityId: string, slotId: string, targetOf: (proposalId: string) => Promise<SlotContext["target"] | null>): Promise<Result> {
  const slot = await env.db.selectFrom("matchmaking_slots").selectAll().where("id", "=", slotId).where("program_id", "=", programId).where("host_city_id", "=", hostCityId).executeTakeFirst();
  if (!slot) return { ok: false, error: "matchmaking.errors.unknownSlot" };
  const target = await targetOf(slot.proposal_id);
  const partner = await env.db.selectFrom("matchmaking_partners").select("name").where("id", "=", slot.partner_id).executeTakeFirst();
  return env.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("itinerary_items").where("matchmaking_slot_id", "=", slotId).execute();
    await trx.deleteFrom("matchmaking_slots").where("id", "=", slotId).execute();
    if (target) await notifyTeam(trx, env, target, partner?.name ?? "");
    return { ok: true, id: slotId } as const;
  });
}

