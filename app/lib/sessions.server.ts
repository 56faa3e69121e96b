import type { DB } from "../../db/client.ts";
import type { User } from "../../db/schema.ts";
import { issueToken, secretMatches, splitToken } from "./tokens.server.ts";

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY;
export const SESSION_COOKIE = "passerelle_session";

export interface ValidSession {
  sessionId: string;
  expiresAt: number;
  /** true when the expiry was just pushed forward: the cookie must be re-sent */
  renewed: boolean;
  user: User;
}

export async function createSession(db: DB, userId: string, now: Date): Promise<{ token: string; expiresAt: number }> {
  const issued = issueToken();
  const expiresAt = now.getTime() + SESSION_TTL_MS;
  await db
    .insertInto("sessions")
    .values({ id: issued.id, user_id: userId, secret_hash: issued.secretHash, created_at: now.getTime(), expires_at: expiresAt })
    .execute();
  return { token: issued.token, expiresAt };
}

export async function validateSessionToken(db: DB, token: string, now: Date): Promise<ValidSession | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select(["sessions.id as session_id", "sessions.secret_hash", "sessions.expires_at as session_expires_at"])
    .where("sessions.id", "=", parts.id)
    .executeTakeFirst();
  if (!row || !secretMatches(parts.secret, row.secret_hash)) return null;
  const { session_id, secret_hash: _hash, session_expires_at, ...user } = row;
  if (now.getTime() >= session_expires_at) {
    await db.deleteFrom("sessions").where("id", "=", session_id).execute();
    return null;
  }
  // Sliding expiry: renew once half the lifetime is used, not on every request.
  if (session_expires_at - now.getTime() < SESSION_TTL_MS / 2) {
    const expiresAt = now.getTime() + SESSION_TTL_MS;
    await db.updateTable("sessions").set({ expires_at: expiresAt }).where("id", "=", session_id).execute();
    return { sessionId: session_id, expiresAt, renewed: true, user };
  }
  return { sessionId: session_id, expiresAt: session_expires_at, renewed: false, user };
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function invalidateUserSessions(db: DB, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
  return [
    `${SESSION_COOKIE}=${token}`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/",
    `Max-Age=${maxAge}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
