import { sql } from "kysely";
import type { DB } from "../../db/client.ts";

export interface RateRule {
  /** e.g. "signin-account" */
  name: string;
  limit: number;
  windowMs: number;
}

export const RATE_RULES = {
  signInAccount: { name: "signin-account", limit: 10, windowMs: 60_000 },
  signInIp: { name: "signin-ip", limit: 60, windowMs: 60_000 },
  signUpIp: { name: "signup-ip", limit: 20, windowMs: 10 * 60_000 },
  resetAccount: { name: "reset-account", limit: 3, windowMs: 15 * 60_000 },
  resetIp: { name: "reset-ip", limit: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, RateRule>;

/**
 * Fixed-window counters in the database, so several app instances share them.
 * Returns false when this hit goes over the limit. One upsert: atomic on both dialects.
 */
export async function hit(db: DB, rule: RateRule, subject: string, now: Date): Promise<boolean> {
  const key = `${rule.name}:${subject.toLowerCase()}`;
  const windowStart = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  const row = await db
    .insertInto("rate_limits")
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        count: sql<number>`case when rate_limits.window_start = ${windowStart} then rate_limits.count + 1 else 1 end`,
        window_start: windowStart,
      }),
    )
    .returning("count")
    .executeTakeFirstOrThrow();
  return row.count <= rule.limit;
}

/** Whether the subject is already over the limit, without counting a hit. */
export async function isLimited(db: DB, rule: RateRule, subject: string, now: Date): Promise<boolean> {
  const key = `${rule.name}:${subject.toLowerCase()}`;
  const windowStart = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  const row = await db.selectFrom("rate_limits").select(["count", "window_start"]).where("key", "=", key).executeTakeFirst();
  return !!row && row.window_start === windowStart && row.count >= rule.limit;
}
