import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Kysely, PGliteDialect, sql } from "kysely";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, type DatabaseTarget, type DB } from "./client.ts";
import { migrateDownAll, migrateToLatest } from "./migrate.ts";
import type { Database } from "./schema.ts";
import { adminQuery } from "./postgres-admin.ts";

/**
 * Runs one test body against every database dialect, as Kysely's own test
 * suite does:
 *
 *   forEachDialect((ctx) => {
 *     it("finds a user", async () => { await insertUser(ctx.db, …); });
 *   });
 *
 * - sqlite:   better-sqlite3 on a file in a fresh temp folder (createDb).
 * - pglite:   in-process PostgreSQL through Kysely's core PGliteDialect.
 * - postgres: real PostgreSQL, only when TEST_POSTGRES_URL is set (see
 *             scripts/with-postgres.sh); each opened database is a fresh
 *             database created next to the one in the URL, dropped at the end,
 *             so parallel test files never see each other's tables.
 *
 * Call forEachDialect once per test file: each call starts one PGlite
 * instance (~3 s) and creates one PostgreSQL database.
 * TEST_DIALECTS=sqlite,pglite narrows the list (e.g. for a quick local run).
 */

export type TestDialectName = "sqlite" | "pglite" | "postgres";

export function testDialects(env: NodeJS.ProcessEnv = process.env): TestDialectName[] {
  const all: TestDialectName[] = ["sqlite", "pglite", ...(env.TEST_POSTGRES_URL ? (["postgres"] as const) : [])];
  const only = env.TEST_DIALECTS?.split(",").map((s) => s.trim()).filter(Boolean);
  return only && only.length > 0 ? all.filter((d) => only.includes(d)) : all;
}

export interface TestDatabase {
  name: TestDialectName;
  db: DB;
  /** Where a second connection to the same database can be opened (not for PGlite, which is in-process). */
  target: DatabaseTarget | null;
  /** Destroys the Kysely instance and removes the file / drops the database. */
  close(): Promise<void>;
}

export async function openTestDatabase(name: TestDialectName): Promise<TestDatabase> {
  switch (name) {
    case "sqlite":
      return openSqlite();
    case "pglite":
      return openPglite();
    case "postgres":
      return openPostgres();
  }
}

function openSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), "passerelle-test-"));
  const target: DatabaseTarget = { dialect: "sqlite", location: join(dir, "test.db") };
  const db = createDb(target);
  return {
    name: "sqlite",
    db,
    target,
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function openPglite(): TestDatabase {
  // PGlite already returns int8 values in the safe-integer range as numbers,
  // like postgresDialect's type parser does for pg.
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: new PGlite() }) });
  return {
    name: "pglite",
    db,
    target: null,
    async close() {
      await db.destroy(); // closes the PGlite instance
    },
  };
}

async function openPostgres(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error("TEST_POSTGRES_URL is not set");
  const dbName = `passerelle_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `create database "${dbName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const target: DatabaseTarget = { dialect: "postgres", location: url.toString() };
  const db = createDb(target);
  return {
    name: "postgres",
    db,
    target,
    async close() {
      await db.destroy();
      await adminQuery(adminUrl, `drop database if exists "${dbName}" with (force)`);
    },
  };
}

/** What a test body sees; `db` is available once the suite's beforeAll ran. */
export interface DialectContext {
  readonly name: TestDialectName;
  readonly db: DB;
  /** For a second, independent connection (e.g. two app instances); null on PGlite. */
  readonly target: DatabaseTarget | null;
}

export interface ForEachDialectOptions {
  /** Run all migrations before the tests (default true). */
  migrate?: boolean;
}

export function forEachDialect(body: (ctx: DialectContext) => void, options: ForEachDialectOptions = {}): void {
  const { migrate = true } = options;
  for (const name of testDialects()) {
    describe(`${name}`, () => {
      let opened: TestDatabase | undefined;
      const ctx: DialectContext = {
        name,
        get db(): DB {
          if (!opened) throw new Error(`${name} test database is not open (use ctx.db inside hooks or tests)`);
          return opened.db;
        },
        get target(): DatabaseTarget | null {
          return opened?.target ?? null;
        },
      };
      beforeAll(async () => {
        opened = await openTestDatabase(name);
        if (migrate) await migrateToLatest(opened.db);
      });
      afterAll(async () => {
        await opened?.close();
        opened = undefined;
      });
      body(ctx);
    });
  }
}

/** Empties the database: every migration down, then up again. */
export async function resetDatabase(db: DB): Promise<void> {
  await migrateDownAll(db);
  await migrateToLatest(db);
}

/** Row count of a table, as a number on every dialect. */
export async function countRows(db: DB, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(sql<string | number>`count(*)`.as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
