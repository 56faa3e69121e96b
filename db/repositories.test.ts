import { beforeAll, describe, expect, it } from "vitest";
import { randomId } from "../app/lib/ids.ts";
import { hit, isLimited, RATE_RULES } from "../app/lib/rate-limit.server.ts";
import { createSession, SESSION_TTL_MS, validateSessionToken } from "../app/lib/sessions.server.ts";
import { seedDemo } from "../seeds/seed.ts";
import type { DB } from "./client.ts";
import { findUserByEmail, findUserById, insertUser } from "./repositories/users.ts";
import { compareAndSetInstance, findInstance, insertInstance } from "./repositories/workflows.ts";
import { countRows, forEachDialect, resetDatabase } from "./test-support.ts";

const DAY = 24 * 60 * 60 * 1000;
// A minute boundary, so rate-limit windows start exactly here.
const T0 = new Date(Date.UTC(2026, 0, 15, 9, 0, 0));
const at = (ms: number) => new Date(T0.getTime() + ms);

async function newUser(db: DB, email = `${randomId()}@example.test`): Promise<string> {
  const id = randomId();
  await insertUser(db, {
    id,
    email,
    name: "Test User",
    password_hash: null,
    locale: "en",
    time_zone: "Europe/Paris",
    is_admin: 0,
    created_at: T0.toISOString(),
  });
  return id;
}

/** Replaces one character of the secret by another of the same alphabet. */
function tamper(token: string): string {
  const [id, secret] = token.split(".") as [string, string];
  const last = secret.at(-1)!;
  return `${id}.${secret.slice(0, -1)}${last === "a" ? "b" : "a"}`;
}

forEachDialect((ctx) => {
  describe("users", () => {
    it("normalises the e-mail on insert and on lookup", async () => {
      const id = await newUser(ctx.db, "  Ada.Lovelace@Example.COM ");
      const byId = await findUserById(ctx.db, id);
      expect(byId?.email).toBe("ada.lovelace@example.com");
      expect(byId?.password_hash).toBeNull();
      expect(byId?.is_admin).toBe(0);
      expect((await findUserByEmail(ctx.db, "ADA.LOVELACE@example.com "))?.id).toBe(id);
      expect(await findUserByEmail(ctx.db, "nobody@example.com")).toBeUndefined();
    });

    it("refuses a second account for the same e-mail in another case", async () => {
      await newUser(ctx.db, "grace@example.com");
      await expect(newUser(ctx.db, "GRACE@example.com")).rejects.toThrow();
    });
  });

  describe("sessions", () => {
    let userId: string;
    beforeAll(async () => {
      userId = await newUser(ctx.db);
    });

    it("validates a fresh token and returns its user", async () => {
      const { token, expiresAt } = await createSession(ctx.db, userId, T0);
      expect(expiresAt).toBe(T0.getTime() + SESSION_TTL_MS);
      const session = await validateSessionToken(ctx.db, token, at(60_000));
      expect(session).not.toBeNull();
      expect(session!.user.id).toBe(userId);
      expect(session!.renewed).toBe(false);
      expect(session!.expiresAt).toBe(expiresAt);
      expect(session!.user).not.toHaveProperty("secret_hash");
    });

    it("stores no usable token: neither the token nor its secret is in the row", async () => {
      const { token } = await createSession(ctx.db, userId, T0);
      const [id, secret] = token.split(".") as [string, string];
      const row = await ctx.db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const stored = Object.values(row).map(String);
      for (const value of stored) {
        expect(value).not.toContain(secret);
        expect(value).not.toContain(token);
      }
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      // What the row holds cannot be replayed as a token.
      expect(await validateSessionToken(ctx.db, `${id}.${row.secret_hash}`, T0)).toBeNull();
    });

    it("rejects a tampered secret, an unknown id and garbage", async () => {
      const { token } = await createSession(ctx.db, userId, T0);
      expect(await validateSessionToken(ctx.db, tamper(token), T0)).toBeNull();
      const [, secret] = token.split(".") as [string, string];
      expect(await validateSessionToken(ctx.db, `${randomId()}.${secret}`, T0)).toBeNull();
      expect(await validateSessionToken(ctx.db, "not-a-token", T0)).toBeNull();
      expect(await validateSessionToken(ctx.db, "", T0)).toBeNull();
      // The genuine token still works after the failed attempts.
      expect(await validateSessionToken(ctx.db, token, T0)).not.toBeNull();
    });

    it("expires after its lifetime and deletes the row", async () => {
      const { token } = await createSession(ctx.db, userId, T0);
      const id = token.split(".")[0]!;
      expect(await validateSessionToken(ctx.db, token, at(SESSION_TTL_MS - 1))).not.toBeNull();
      // (the call above renewed it, so start a new one for the expiry check)
      const second = await createSession(ctx.db, userId, T0);
      expect(await validateSessionToken(ctx.db, second.token, at(SESSION_TTL_MS))).toBeNull();
      const secondId = second.token.split(".")[0]!;
      expect(await ctx.db.selectFrom("sessions").select("id").where("id", "=", secondId).executeTakeFirst()).toBeUndefined();
      expect(await ctx.db.selectFrom("sessions").select("id").where("id", "=", id).executeTakeFirst()).toBeDefined();
    });

    it("slides the expiry once half the lifetime is used, not before", async () => {
      const { token, expiresAt } = await createSession(ctx.db, userId, T0);
      const id = token.split(".")[0]!;

      const early = await validateSessionToken(ctx.db, token, at(10 * DAY));
      expect(early).toMatchObject({ renewed: false, expiresAt });

      const late = await validateSessionToken(ctx.db, token, at(16 * DAY));
      expect(late).toMatchObject({ renewed: true, expiresAt: T0.getTime() + 16 * DAY + SESSION_TTL_MS });
      const row = await ctx.db.selectFrom("sessions").select("expires_at").where("id", "=", id).executeTakeFirstOrThrow();
      expect(row.expires_at).toBe(T0.getTime() + 16 * DAY + SESSION_TTL_MS);

      // Past the original expiry, still valid thanks to the renewal.
      expect(await validateSessionToken(ctx.db, token, at(SESSION_TTL_MS + DAY))).toMatchObject({ renewed: false });
    });
  });

  describe("rate limits", () => {
    const rule = RATE_RULES.signInAccount;

    it("allows 10 sign-in attempts per account and window, then refuses", async () => {
      const subject = `${randomId()}@example.test`;
      const results: boolean[] = [];
      for (let i = 0; i < 12; i++) results.push(await hit(ctx.db, rule, subject, at(i * 1000)));
      expect(results).toEqual([...Array(10).fill(true), false, false]);
      expect(await isLimited(ctx.db, rule, subject, at(30_000))).toBe(true);
      // The subject is case-insensitive.
      expect(await hit(ctx.db, rule, subject.toUpperCase(), at(40_000))).toBe(false);
    });

    it("starts counting again in the next window", async () => {
      const subject = `${randomId()}@example.test`;
      for (let i = 0; i < 11; i++) await hit(ctx.db, rule, subject, at(i));
      expect(await isLimited(ctx.db, rule, subject, at(59_999))).toBe(true);
      expect(await isLimited(ctx.db, rule, subject, at(rule.windowMs))).toBe(false);
      expect(await hit(ctx.db, rule, subject, at(rule.windowMs))).toBe(true);
      const row = await ctx.db.selectFrom("rate_limits").selectAll().where("key", "=", `${rule.name}:${subject}`).executeTakeFirstOrThrow();
      expect(row).toEqual({ key: `${rule.name}:${subject}`, window_start: T0.getTime() + rule.windowMs, count: 1 });
    });

    it("counts concurrent hits exactly", async () => {
      const subject = `${randomId()}@example.test`;
      const results = await Promise.all(Array.from({ length: 20 }, () => hit(ctx.db, rule, subject, at(5_000))));
      expect(results.filter(Boolean)).toHaveLength(10);
      const row = await ctx.db.selectFrom("rate_limits").select("count").where("key", "=", `${rule.name}:${subject}`).executeTakeFirstOrThrow();
      expect(row.count).toBe(20);
    });
  });

  describe("workflow instances", () => {
    let programId: string;
    beforeAll(async () => {
      const createdAt = T0.toISOString();
      const cityA = `a-${randomId()}`;
      const cityB = `b-${randomId()}`;
      for (const id of [cityA, cityB]) {
        await ctx.db.insertInto("cities").values({ id, names: "{}", country: "XX", time_zone: "UTC", default_locale: "en", created_at: createdAt }).execute();
      }
      programId = randomId();
      await ctx.db
        .insertInto("programs")
        .values({ id: programId, slug: `p-${programId}`, titles: "{}", edition_year: 2026, city_a_id: cityA, city_b_id: cityB, previous_program_id: null, created_at: createdAt })
        .execute();
    });

    async function newInstance(): Promise<string> {
      const id = randomId();
      await insertInstance(ctx.db, {
        id,
        machine_id: "application",
        machine_version: 1,
        program_id: programId,
        subject_id: randomId(),
        snapshot: JSON.stringify({ value: "draft" }),
        state_value: '"draft"',
        version: 1,
        updated_at: T0.toISOString(),
      });
      return id;
    }

    const next = (state: string) => ({ snapshot: JSON.stringify({ value: state }), state_value: JSON.stringify(state), updated_at: at(1000).toISOString() });

    it("compare-and-set succeeds once per version", async () => {
      const id = await newInstance();
      expect(await compareAndSetInstance(ctx.db, id, 1, next("submitted"))).toBe(true);
      expect(await compareAndSetInstance(ctx.db, id, 1, next("withdrawn"))).toBe(false);
      const row = await findInstance(ctx.db, id);
      expect(row).toMatchObject({ version: 2, state_value: '"submitted"' });
      expect(await compareAndSetInstance(ctx.db, id, 2, next("inReview"))).toBe(true);
      expect((await findInstance(ctx.db, id))?.version).toBe(3);
      expect(await compareAndSetInstance(ctx.db, randomId(), 1, next("x"))).toBe(false);
    });

    it("lets exactly one of two concurrent writers win", async () => {
      const id = await newInstance();
      const results = await Promise.all([compareAndSetInstance(ctx.db, id, 1, next("a")), compareAndSetInstance(ctx.db, id, 1, next("b"))]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await findInstance(ctx.db, id))?.version).toBe(2);
    });
  });

  // Last: it empties the database first, so that the demo's unique slugs and e-mails are free.
  describe("demo seed", () => {
    it("loads the demo edition", async () => {
      await resetDatabase(ctx.db);
      await seedDemo(ctx.db, T0);
      expect(await countRows(ctx.db, "cities")).toBe(2);
      expect(await countRows(ctx.db, "programs")).toBe(1);
      expect(await countRows(ctx.db, "teams")).toBeGreaterThanOrEqual(16);
      expect(await countRows(ctx.db, "users")).toBe(25);
    });
  });
});
