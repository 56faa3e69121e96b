import type { DB } from "../../db/client.ts";
import { findUserByEmail, findUserById, insertUser, normaliseEmail, updateUser } from "../../db/repositories/users.ts";
import { randomId } from "../lib/ids.ts";
import type { ServiceEnv } from "./env.ts";
import type { Locale } from "../lib/locales.ts";
import { enqueueMail } from "../lib/mail.server.ts";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../lib/passwords.server.ts";
import { hit, isLimited, RATE_RULES } from "../lib/rate-limit.server.ts";
import { createSession, invalidateUserSessions } from "../lib/sessions.server.ts";
import { issueToken, secretMatches, splitToken } from "../lib/tokens.server.ts";


export type SignUpResult =
  | { ok: true; token: string; expiresAt: number; userId: string }
  | { ok: false; reason: "rate-limited" | "email-taken" };

export async function signUp(
  env: ServiceEnv,
  input: { name: string; email: string; password: string; locale: Locale; timeZone: string; ip: string },
): Promise<SignUpResult> {
  if (!(await hit(env.db, RATE_RULES.signUpIp, input.ip, env.now))) return { ok: false, reason: "rate-limited" };
  const existing = await findUserByEmail(env.db, input.email);
  if (existing) {
    // The form says the address cannot be used, but the owner also gets a
    // mail: a stranger learns nothing that the sign-in page would not tell.
    await enqueueMail(env.db, { to: existing.email, toUserId: existing.id, locale: existing.locale, template: "account-exists", params: { url: `${env.baseUrl}/forgot-password` } }, env.now, env.delivers);
    return { ok: false, reason: "email-taken" };
  }
  const userId = randomId();
  const passwordHash = await hashPassword(input.password);
  await env.db.transaction().execute(async (trx) => {
    await insertUser(trx, {
      id: userId,
      email: input.email,
      name: input.name,
      password_hash: passwordHash,
      locale: input.locale,
      time_zone: input.timeZone,
      is_admin: 0,
      created_at: env.now.toISOString(),
    });
    await enqueueMail(trx, { to: normaliseEmail(input.email), toUserId: userId, locale: input.locale, template: "welcome", params: { name: input.name, url: `${env.baseUrl}/applicant` } }, env.now, env.delivers);
  });
  const session = await createSession(env.db, userId, env.now);
  return { ok: true, userId, ...session };
}

export type SignInResult = { ok: true; token: string; expiresAt: number; userId: string } | { ok: false; reason: "rate-limited" | "invalid" };

export async function signIn(env: ServiceEnv, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  if (!(await hit(env.db, RATE_RULES.signInIp, input.ip, env.now))) return { ok: false, reason: "rate-limited" };
  if (await isLimited(env.db, RATE_RULES.signInAccount, email, env.now)) return { ok: false, reason: "rate-limited" };
  const user = await findUserByEmail(env.db, email);
  const valid = user?.password_hash ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !valid) {
    await hit(env.db, RATE_RULES.signInAccount, email, env.now);
    return { ok: false, reason: "invalid" };
  }
  const session = await createSession(env.db, user.id, env.now);
  return { ok: true, userId: user.id, ...session };
}

const RESET_TTL_MS = 60 * 60 * 1000;

/** Always answers the same way, whether or not the address has an account. */
export async function requestPasswordReset(env: ServiceEnv, input: { email: string; ip: string; locale: Locale }): Promise<{ ok: boolean }> {
  const email = normaliseEmail(input.email);
  if (!(await hit(env.db, RATE_RULES.resetIp, input.ip, env.now))) return { ok: false };
  if (!(await hit(env.db, RATE_RULES.resetAccount, email, env.now))) return { ok: false };
  const user = await findUserByEmail(env.db, email);
  if (!user) return { ok: true };
  const issued = issueToken();
  await env.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("password_resets")
      .values({ id: issued.id, user_id: user.id, token_hash: issued.secretHash, created_at: env.now.getTime(), expires_at: env.now.getTime() + RESET_TTL_MS, used_at: null })
      .execute();
    await enqueueMail(trx, { to: user.email, toUserId: user.id, locale: user.locale ?? input.locale, template: "password-reset", params: { name: user.name, url: `${env.baseUrl}/reset-password/${issued.token}` } }, env.now, env.delivers);
  });
  return { ok: true };
}

async function findReset(db: DB, token: string, now: Date) {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db.selectFrom("password_resets").selectAll().where("id", "=", parts.id).executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= now.getTime() || !secretMatches(parts.secret, row.token_hash)) return null;
  return row;
}

export async function isResetTokenUsable(db: DB, token: string, now: Date): Promise<boolean> {
  return (await findReset(db, token, now)) !== null;
}

export async function resetPassword(env: ServiceEnv, input: { token: string; password: string }): Promise<{ ok: true; token: string; expiresAt: number } | { ok: false }> {
  const reset = await findReset(env.db, input.token, env.now);
  if (!reset) return { ok: false };
  const passwordHash = await hashPassword(input.password);
  const used = await env.db.transaction().execute(async (trx) => {
    // Single use even if two tabs submit at once: only one update matches.
    const result = await trx.updateTable("password_resets").set({ used_at: env.now.getTime() }).where("id", "=", reset.id).where("used_at", "is", null).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await updateUser(trx, reset.user_id, { password_hash: passwordHash });
    await invalidateUserSessions(trx, reset.user_id);
    return true;
  });
  if (!used) return { ok: false };
  const session = await createSession(env.db, reset.user_id, env.now);
  return { ok: true, ...session };
}

export async function changeSettings(db: DB, userId: string, input: { name: string; locale: Locale; timeZone: string }): Promise<void> {
  await updateUser(db, userId, { name: input.name, locale: input.locale, time_zone: input.timeZone });
}

export async function userExists(db: DB, userId: string): Promise<boolean> {
  return !!(await findUserById(db, userId));
}
