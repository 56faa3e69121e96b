import type { DB } from "../../db/client.ts";

/** What a use case needs from the outside world, passed in so tests control it. */
export interface ServiceEnv {
  db: DB;
  now: Date;
  baseUrl: string;
  /** whether SMTP is configured: decides if outbox rows wait for delivery */
  delivers: boolean;
}
