import { createDb, resolveDatabaseTarget, type DB } from "../../db/client.ts";
import { AdjustableClock, systemClock, type Clock } from "./clock.ts";
import { readConfig, type Config } from "./config.server.ts";

/** What every request handler needs: built once per process by server/start.ts. */
export interface Runtime {
  db: DB;
  clock: Clock;
  config: Config;
}

const KEY = Symbol.for("passerelle.runtime");
type Holder = { [KEY]?: Runtime };

export function createRuntime(config: Config = readConfig()): Runtime {
  const db = createDb(resolveDatabaseTarget(config.databaseUrl));
  const clock = config.testHooks ? new AdjustableClock() : systemClock;
  return { db, clock, config };
}

/** Shared through globalThis because the server entry and the Vite bundle are separate module graphs. */
export function installRuntime(runtime: Runtime): Runtime {
  (globalThis as Holder)[KEY] = runtime;
  return runtime;
}

export function getRuntime(): Runtime {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createRuntime());
}

/** The service environment of the current request: one clock reading for the whole use case. */
export function serviceEnv(): import("../services/env.ts").ServiceEnv {
  const { db, clock, config } = getRuntime();
  return { db, now: clock.now(), baseUrl: config.baseUrl, delivers: !!config.smtpUrl };
}
