import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { findProgramById } from "../../db/repositories/programs.ts";
import { openTestDatabase, testDialects, type TestDatabase } from "../../db/test-support.ts";
import { randomId } from "../lib/ids.ts";
import type { ServiceEnv } from "./env.ts";
import type { ItineraryTarget } from "./itineraries.server.ts";
import { isUniqueViolation, removePartner, removeSlot, savePartner, scheduleSlot, slotTimes } from "./matchmaking.server.ts";
import { createTestProgram } from "./test-fixtures.ts";

const NOW = new Date("2031-01-01T00:00:00.000Z");
const CALL = { opensAt: "2030-01-01T00:00:00.000Z", closesAt: "2030-02-01T00:00:00.000Z", graceMinutes: 0 };

describe.each(testDialects())("matchmaking slots on %s", (dialect) => {
  let opened: TestDatabase;
  let db: DB;
  let env: ServiceEnv;
  let teamA: ItineraryTarget;
  let teamB: ItineraryTarget;
  let airbus: string;
  let angels: string;

  async function hostedTeam(programId: string, name: string, email: string): Promise<ItineraryTarget> {
    const userId = randomId();
    const teamId = randomId();
    const proposalId = randomId();
    const at = NOW.toISOString();
    await db.insertInto("users").values({ id: userId, email, name, password_hash: null, locale: "fr", time_zone: "Asia/Taipei", is_admin: 0, created_at: at }).execute();
    await db.insertInto("teams").values({ id: teamId, name, city_id: "taichung", founding_year: 2018, website: null, sector: null, size: 3, created_by: userId, created_at: at }).execute();
    await db.insertInto("team_members").values({ team_id: teamId, user_id: userId, role: "owner", created_at: at }).execute();
    await db
      .insertInto("proposals")
      .values({ id: proposalId, program_id: programId, team_id: teamId, city_id: "taichung", topic_id: null, title: `${name} project`, content: "{}", deck_key: null, state: "confirmed", submitted_version: 1, submitted_at: at, created_at: at, updated_at: at, offer_expires_at: null, deck_name: null, deck_size: null, ineligible_reason: null })
      .execute();
    const program = (await findProgramById(db, programId))!;
    const proposal = (await db.selectFrom("proposals").selectAll().where("id", "=", proposalId).executeTakeFirst())!;
    return { program, proposal, team: name, hostCityId: "toulouse", hostTimeZone: "Europe/Paris" };
  }

  const times = (start: string, end: string) => {
    const t = slotTimes(`2031-01-20T${start}`, `2031-01-20T${end}`, "Europe/Paris");
    if (!t.ok) throw new Error(t.error);
    return { startsAt: t.startsAt, endsAt: t.endsAt };
  };
  const book = (target: ItineraryTarget, partnerId: string, start: string, end: string) => scheduleSlot({ env, target }, { proposalId: target.proposal.id, partnerId, ...times(start, end), place: "Blagnac" });
  const slotCount = async () => Number((await db.selectFrom("matchmaking_slots").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    opened = await openTestDatabase(dialect);
    db = opened.db;
    await migrateToLatest(db);
    env = { db, now: NOW, baseUrl: "https://passerelle.test", delivers: false };
    const programId = await createTestProgram(db, { taichung: CALL, toulouse: CALL });
    teamA = await hostedTeam(programId, "AeroComposite", "a@example.test");
    teamB = await hostedTeam(programId, "SmartRail", "b@example.test");
    const a = await savePartner(env, programId, "toulouse", null, { name: "Airbus", kind: "company", sector: "Aerospace" });
    const b = await savePartner(env, programId, "toulouse", null, { name: "Occitanie Angels", kind: "investor" });
    if (!a.ok || !b.ok) throw new Error("partners");
    airbus = a.id;
    angels = b.id;
  });
  afterAll(async () => {
    await opened.close();
  });

  it("books a slot in the host city's zone and adds the matching itinerary item, e-mailing the team", async () => {
    const r = await book(teamA, airbus, "10:00", "11:00");
    expect(r.ok).toBe(true);
    const slot = await db.selectFrom("matchmaking_slots").selectAll().where("id", "=", r.ok ? r.id : "").executeTakeFirstOrThrow();
    expect(slot.starts_at).toBe("2031-01-20T09:00:00.000Z");
    const item = await db.selectFrom("itinerary_items").selectAll().where("matchmaking_slot_id", "=", slot.id).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ kind: "matchmaking", proposal_id: teamA.proposal.id, title: "Airbus", starts_at: slot.starts_at, ends_at: slot.ends_at, start_time_zone: "Europe/Paris" });
    const mail = await db.selectFrom("outbox").selectAll().where("to_email", "=", "a@example.test").executeTakeFirstOrThrow();
    expect(mail.template).toBe("itinerary-changed");
    expect(mail.locale).toBe("fr");
  });

  it("refuses an overlapping slot for the same team, even with another partner", async () => {
    const before = await slotCount();
    expect(await book(teamA, angels, "10:30", "11:30")).toEqual({ ok: false, error: "matchmaking.errors.teamBusy" });
    expect(await book(teamA, angels, "10:00", "10:15")).toEqual({ ok: false, error: "matchmaking.errors.teamBusy" });
    expect(await slotCount()).toBe(before);
  });

  it("refuses an overlapping slot for the same partner, even with another team", async () => {
    const before = await slotCount();
    expect(await book(teamB, airbus, "09:30", "10:30")).toEqual({ ok: false, error: "matchmaking.errors.partnerBusy" });
    expect(await slotCount()).toBe(before);
    expect(await db.selectFrom("itinerary_items").select("id").where("proposal_id", "=", teamB.proposal.id).execute()).toHaveLength(0);
  });

  it("allows adjacent slots for the same team and the same partner, and parallel slots of different teams and partners", async () => {
    expect((await book(teamA, airbus, "11:00", "12:00")).ok).toBe(true);
    expect((await book(teamB, airbus, "09:00", "10:00")).ok).toBe(true);
    expect((await book(teamB, angels, "10:00", "11:00")).ok).toBe(true);
  });

  it("recognises the database's own unique-violation error", async () => {
    const existing = await db.selectFrom("matchmaking_slots").selectAll().where("proposal_id", "=", teamA.proposal.id).orderBy("starts_at").executeTakeFirstOrThrow();
    let caught: unknown = null;
    try {
      await db.insertInto("matchmaking_slots").values({ ...existing, id: randomId(), partner_id: angels }).execute();
    } catch (error) {
      caught = error;
    }
    expect(caught).not.toBeNull();
    expect(isUniqueViolation(caught)).toBe(true);
    expect(isUniqueViolation(new Error("no such table"))).toBe(false);
  });

  it("removing a slot removes its itinerary item", async () => {
    const slot = await db.selectFrom("matchmaking_slots").selectAll().where("proposal_id", "=", teamA.proposal.id).orderBy("starts_at").executeTakeFirstOrThrow();
    const r = await removeSlot(env, teamA.program.id, "toulouse", slot.id, async () => teamA);
    expect(r.ok).toBe(true);
    expect(await db.selectFrom("itinerary_items").select("id").where("matchmaking_slot_id", "=", slot.id).execute()).toHaveLength(0);
    expect(await db.selectFrom("matchmaking_slots").select("id").where("id", "=", slot.id).execute()).toHaveLength(0);
    // the freed time can be booked again
    expect((await book(teamA, airbus, "10:00", "11:00")).ok).toBe(true);
  });

  it("removing a partner removes its slots and their itinerary items, and tells the teams", async () => {
    const p = await savePartner(env, teamA.program.id, "toulouse", null, { name: "Short-lived SA", kind: "adviser" });
    if (!p.ok) throw new Error("partner");
    expect((await book(teamB, p.id, "16:00", "17:00")).ok).toBe(true);
    const mailsBefore = (await db.selectFrom("outbox").select("id").where("to_email", "=", "b@example.test").execute()).length;
    const r = await removePartner(env, teamA.program.id, "toulouse", p.id, async (id) => (id === teamB.proposal.id ? teamB : null));
    expect(r.ok).toBe(true);
    expect(await db.selectFrom("itinerary_items").select("id").where("title", "=", "Short-lived SA").execute()).toHaveLength(0);
    expect(await db.selectFrom("matchmaking_slots").select("id").where("partner_id", "=", p.id).execute()).toHaveLength(0);
    expect((await db.selectFrom("outbox").select("id").where("to_email", "=", "b@example.test").execute()).length).toBe(mailsBefore + 1);
    expect(await removePartner(env, teamA.program.id, "toulouse", p.id, async () => null)).toEqual({ ok: false, error: "matchmaking.errors.unknownPartner" });
  });

  it("refuses a partner of another city", async () => {
    const other = await savePartner(env, teamA.program.id, "taichung", null, { name: "Dadu Machine Tools", kind: "company" });
    expect(other.ok).toBe(true);
    expect(await book(teamA, other.ok ? other.id : "", "15:00", "16:00")).toEqual({ ok: false, error: "matchmaking.errors.unknownPartner" });
  });
});
