import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from "kysely";
import SQLite from "better-sqlite3";
import pg from "pg";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Database } from "./schema.ts";

export type DB = Kysely<Database>;
export type DialectName = "sqlite" | "postgres";

export interface DatabaseTarget {
  dialect: DialectName;
  /** SQLite file path, or the PostgreSQL connection string */
  location: string;
}

/** `DATABASE_URL` unset → ./data/passerelle.db; `file:/x.db` → that file; `postgres://…` → PostgreSQL. */
export function resolveDatabaseTarget(url: string | undefined, cwd = process.cwd()): DatabaseTarget {
  if (!url) return { dialect: "sqlite", location: resolve(cwd, "data/passerelle.db") };
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: "postgres", location: url };
  if (url.startsWith("file:")) return { dialect: "sqlite", location: resolve(cwd, url.slice("file:".length)) };
  if (url === ":memory:") return { dialect: "sqlite", location: ":memory:" };
  throw new Error(`DATABASE_URL must be a postgres:// URL or file:<path>, got "${url.split(":")[0]}:…"`);
}

export function sqliteDialect(location: string): Dialect {
  if (location !== ":memory:") mkdirSync(dirname(location), { recursive: true });
  const database = new SQLite(location);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  // WAL with synchronous=NORMAL can lose the last commits on power loss; an
  // acknowledged submission must survive, so keep FULL.
  database.pragma("synchronous = FULL");
  return new SqliteDialect({ database });
}

export function postgresDialect(connectionString: string, max = 10): Dialect {
  // Keep bigint/numeric counts as JS numbers: our counts are small.
  pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection the server closes (restart, failover, admin command) emits an error:
  // without a listener it would crash the process. The pool replaces the connection.
  pool.on("error", (error) => console.error("PostgreSQL idle connection lost:", error.message));
  return new PostgresDialect({ pool });
}

export function createDb(target: DatabaseTarget): DB {
  const dialect = target.dialect === "postgres" ? postgresDialect(target.location) : sqliteDialect(target.location);
  return new Kysely<Database>({ dialect });
}

export function dialectOf(db: DB): DialectName {
  const adapter = db.getExecutor().adapter.constructor.name;
  return adapter.startsWith("Postgres") || adapter.startsWith("PGlite") ? "postgres" : "sqlite";
}
