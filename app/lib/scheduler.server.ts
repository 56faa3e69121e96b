import type { DB } from "../../db/client.ts";
import type { Clock } from "./clock.ts";
export async function runSchedulerOnce(_db: DB, _clock: Clock): Promise<number> {
  return 0;
}
