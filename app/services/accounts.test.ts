import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { findUserByEmail } from "../../db/repositories/users.ts";
import { openTestDatabase, type TestDatabase } from "../../db/test-support.ts";
import { verifyPassword } from "../lib/passwords.server.ts";
import { validateSessionToken } from "../lib/sessions.server.ts";
import { isResetTokenUsable, requestPasswordReset, resetPassword, signIn, signUp } from "./accounts.server.ts";
import type { ServiceEnv } from "./env.ts";

const MINUTE = 60_000;
// On a minute boundary, so every rate-limit window starts exactly here.
const T0 = new Date(Date.UTC(2030, 0, 15, 9, 0, 0));
const BASE_URL = "https://passerelle.test";

let opened: TestDatabase;
let db: DB;

beforeAll(async () => {
  opened = await openTestDatabase("sqlite");
  db = opened.db;
  await migrateToLatest(db);
});

afterAll(async () => {
  await opened?.close();
});

function env(now: Date = T0): ServiceEnv {
  return { db, now, baseUrl: BASE_URL, delivers: false };
}

const at = (ms: number) => new Date(T0.getTime() + ms);

let seq = 0;
/** A fresh address and IP per test, so rate-limit counters never carry over. */
function fresh() {
  seq++;
  return { email: `person${seq}@example.test`, ip: `10.0.0.${seq}` };
}

async function newAccount(options: { locale?: "en" | "fr" | "zh-TW"; password?: string } = {}) {
  const { email, ip } = fresh();
  const password = options.password ?? "correct horse battery";
  const result = await signUp(env(), { name: `Person ${seq}`, email, password, locale: options.locale ?? "en", timeZone: "Europe/Paris", ip });
  if (!result.ok) throw new Error(`sign-up failed: ${result.reason}`);
  return { ...result, email, ip, password };
}

function outboxTo(email: string) {
  return db.selectFrom("outbox").selectAll().where("to_email", "=", email).orderBy("created_at").execute();
}

function sessionsOf(userId: string) {
  return db.selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
}

/** Replaces one character of the token's secret by another of the same alphabet. */
function tamper(token: string): string {
  const [id, secret] = token.split(".") as [string, string];
  const last = secret.at(-1)!;
  return `${id}.${secret.slice(0, -1)}${last === "a" ? "b" : "a"}`;
}

describe("signUp", () => {
  it("creates the user with an argon2id hash, a session and a welcome mail in the user's language", async () => {
    const { email, ip } = fresh();
    const password = "un mot de passe solide";
    const result = await signUp(env(), { name: "Camille", email: email.toUpperCase(), password, locale: "fr", timeZone: "Europe/Paris", ip });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const user = await findUserByEmail(db, email);
    expect(user).toBeDefined();
    expect(user!.id).toBe(result.userId);
    expect(user!.email).toBe(email); // stored normalised
    expect(user!.locale).toBe("fr");
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    expect(user!.password_hash).not.toContain(password);
    expect(await verifyPassword(user!.password_hash!, password)).toBe(true);

    const session = await validateSessionToken(db, result.token, T0);
    expect(session?.user.id).toBe(result.userId);
    expect(result.expiresAt).toBeGreaterThan(T0.getTime());

    const mails = await outboxTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: "welcome", locale: "fr", to_user_id: result.userId, status: "logged" });
    expect(mails[0]!.subject).toBe("Bienvenue sur Passerelle");
    expect(mails[0]!.body_text).toContain("Camille");
    expect(mails[0]!.body_text).toContain(`${BASE_URL}/applicant`);
    expect(mails[0]!.body_text).not.toContain(password);
  });

  it("refuses an address already taken in another case, creates no second user and tells the owner", async () => {
    const owner = await newAccount({ locale: "zh-TW" });
    const again = await signUp(env(), { name: "Intruder", email: `  ${owner.email.toUpperCase()} `, password: "another password", locale: "en", timeZone: "UTC", ip: "192.0.2.1" });
    expect(again).toEqual({ ok: false, reason: "email-taken" });

    const users = await db.selectFrom("users").select("id").where("email", "=", owner.email).execute();
    expect(users.map((u) => u.id)).toEqual([owner.userId]);

    const mails = await outboxTo(owner.email);
    expect(mails.map((m) => m.template).sort()).toEqual(["account-exists", "welcome"]);
    const notice = mails.find((m) => m.template === "account-exists")!;
    expect(notice.to_user_id).toBe(owner.userId);
    expect(notice.locale).toBe("zh-TW"); // the owner's language, not the stranger's
    expect(notice.body_text).toContain(`${BASE_URL}/forgot-password`);
  });
});

describe("signIn", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const account = await newAccount();
    const ok = await signIn(env(), { email: account.email.toUpperCase(), password: account.password, ip: account.ip });
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      expect(ok.userId).toBe(account.userId);
      expect((await validateSessionToken(db, ok.token, T0))?.user.id).toBe(account.userId);
    }
    expect(await signIn(env(), { email: account.email, password: "not the password", ip: account.ip })).toEqual({ ok: false, reason: "invalid" });
  });

  it("answers an unknown address exactly like a wrong password", async () => {
    const account = await newAccount();
    const unknown = await signIn(env(), { email: "nobody-here@example.test", password: account.password, ip: account.ip });
    const wrong = await signIn(env(), { email: account.email, password: "not the password", ip: account.ip });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("rate-limits an account after 10 wrong passwords in a minute, even for the right one, then lets it in the next minute", async () => {
    const account = await newAccount();
    for (let i = 0; i < 10; i++) {
      // Spread over the minute and over IPs: the limit is per account.
      const result = await signIn(env(at(i * 5_000)), { email: account.email, password: `wrong ${i}`, ip: `198.51.100.${i}` });
      expect(result, `attempt ${i + 1}`).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await signIn(env(at(55_000)), { email: account.email, password: account.password, ip: "198.51.100.99" })).toEqual({ ok: false, reason: "rate-limited" });
    expect(await signIn(env(at(59_999)), { email: account.email.toUpperCase(), password: account.password, ip: "198.51.100.98" })).toEqual({ ok: false, reason: "rate-limited" });

    const later = await signIn(env(at(MINUTE)), { email: account.email, password: account.password, ip: "198.51.100.99" });
    expect(later.ok).toBe(true);
  });
});

describe("password reset", () => {
  it("answers ok for an unknown address and sends nothing", async () => {
    const before = await db.selectFrom("outbox").select("id").execute();
    expect(await requestPasswordReset(env(), { email: "ghost@example.test", ip: "203.0.113.1", locale: "en" })).toEqual({ ok: true });
    const after = await db.selectFrom("outbox").select("id").execute();
    expect(after).toHaveLength(before.length);
  });

  it("mails a single-use link in the user's language; using it changes the password and signs out other sessions", async () => {
    const account = await newAccount({ locale: "zh-TW", password: "old password 1" });
    const otherDevice = await signIn(env(), { email: account.email, password: account.password, ip: account.ip });
    expect(otherDevice.ok).toBe(true);
    const oldHash = (await findUserByEmail(db, account.email))!.password_hash;

    // Asked from an English page: the mail still follows the account's language.
    expect(await requestPasswordReset(env(), { email: account.email.toUpperCase(), ip: account.ip, locale: "en" })).toEqual({ ok: true });
    const mails = (await outboxTo(account.email)).filter((m) => m.template === "password-reset");
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ locale: "zh-TW", to_user_id: account.userId });
    expect(mails[0]!.subject).toBe("重設您的 Passerelle 密碼");
    const link = mails[0]!.body_text.match(new RegExp(`${BASE_URL}/reset-password/([a-z2-7]{24}\\.[a-z2-7]{48})`));
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(await isResetTokenUsable(db, token, T0)).toBe(true);

    // A tampered token neither works nor burns the real one.
    expect(await resetPassword(env(), { token: tamper(token), password: "hijacked password" })).toEqual({ ok: false });
    expect(await resetPassword(env(), { token: "not-a-token", password: "hijacked password" })).toEqual({ ok: false });

    const done = await resetPassword(env(at(5 * MINUTE)), { token, password: "new password 2" });
    expect(done.ok).toBe(true);

    const user = (await findUserByEmail(db, account.email))!;
    expect(user.password_hash).not.toBe(oldHash);
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.password_hash!, "new password 2")).toBe(true);

    // Every earlier session is gone; only the one the reset returned remains.
    expect(await validateSessionToken(db, account.token, at(5 * MINUTE))).toBeNull();
    if (otherDevice.ok) expect(await validateSessionToken(db, otherDevice.token, at(5 * MINUTE))).toBeNull();
    const sessions = await sessionsOf(account.userId);
    expect(sessions).toHaveLength(1);
    if (done.ok) expect((await validateSessionToken(db, done.token, at(5 * MINUTE)))?.user.id).toBe(account.userId);

    // Single use.
    expect(await isResetTokenUsable(db, token, at(6 * MINUTE))).toBe(false);
    expect(await resetPassword(env(at(6 * MINUTE)), { token, password: "third password 3" })).toEqual({ ok: false });
    expect(await verifyPassword((await findUserByEmail(db, account.email))!.password_hash!, "new password 2")).toBe(true);

    expect((await signIn(env(at(7 * MINUTE)), { email: account.email, password: "old password 1", ip: account.ip })).ok).toBe(false);
    expect((await signIn(env(at(7 * MINUTE)), { email: account.email, password: "new password 2", ip: account.ip })).ok).toBe(true);
  });

  it("refuses a link after its hour", async () => {
    const account = await newAccount();
    await requestPasswordReset(env(), { email: account.email, ip: account.ip, locale: "en" });
    const mail = (await outboxTo(account.email)).find((m) => m.template === "password-reset")!;
    const token = mail.body_text.match(/\/reset-password\/(\S+)/)![1]!;

    expect(await isResetTokenUsable(db, token, at(59 * MINUTE))).toBe(true);
    expect(await isResetTokenUsable(db, token, at(61 * MINUTE))).toBe(false);
    expect(await resetPassword(env(at(61 * MINUTE)), { token, password: "too late password" })).toEqual({ ok: false });
    const user = (await findUserByEmail(db, account.email))!;
    expect(await verifyPassword(user.password_hash!, account.password)).toBe(true);
    expect(await sessionsOf(account.userId)).toHaveLength(1); // the sign-up session survives
  });
});
