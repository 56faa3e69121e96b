/**
 * Benchmark 3 alone: node bench/ranking-standalone.ts
 *
 * A fresh SQLite database (and a fresh PostgreSQL one next to TEST_POSTGRES_URL
 * when it is set, e.g. under scripts/with-postgres.sh), migrated, demo-seeded
 * and given the 2,000-proposal edition; then the production build
 * (PASSERELLE_BUILD_DIR, default build) is started on it and the ranking page
 * measured. RANKING_REQUESTS (default 200), RANKING_PORT (default 3341),
 * RANKING_DIALECTS=sqlite,postgres narrows the run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createDb, type DatabaseTarget } from "../db/client.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { seedIfEmpty } from "../seeds/seed.ts";
import { DEMO_PASSWORD } from "../seeds/accounts.ts";
import { seedRankingEdition } from "./ranking-data.ts";
import { measureRanking, type RankingMeasure } from "./ranking.ts";
import { adminQuery } from "../db/postgres-admin.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const PORT = Number(process.env.RANKING_PORT ?? 3341);
const BASE = `http://127.0.0.1:${PORT}`;
const REQUESTS = Number(process.env.RANKING_REQUESTS ?? 200);

async function waitFor200(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${BASE}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("=") && !/=;|=$/.test(c.split(";")[0]!));
  if (!session) throw new Error(`sign-in as ${email} answered ${res.status} without a session cookie`);
  return session.split(";")[0]!;
}

async function run(dialect: "sqlite" | "postgres"): Promise<RankingMeasure & { dialect: string; seedMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), "passerelle-ranking-"));
  let target: DatabaseTarget;
  let databaseUrl: string;
  let drop = async () => {};
  if (dialect === "postgres") {
    const admin = process.env.TEST_POSTGRES_URL!;
    const name = `passerelle_bench_${randomBytes(4).toString("hex")}`;
    await adminQuery(admin, `create database "${name}"`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    target = { dialect: "postgres", location: databaseUrl };
    drop = () => adminQuery(admin, `drop database if exists "${name}" with (force)`);
  } else {
    target = { dialect: "sqlite", location: join(dir, "bench.db") };
    databaseUrl = `file:${target.location}`;
  }
  let child: ChildProcess | undefined;
  try {
    const db = createDb(target);
    const now = new Date();
    let seeded: Awaited<ReturnType<typeof seedRankingEdition>>;
    let seedMs: number;
    try {
      await migrateToLatest(db);
      await seedIfEmpty(db, now);
      const t0 = performance.now();
      seeded = await seedRankingEdition(db, now);
      seedMs = Math.round(performance.now() - t0);
    } finally {
      await db.destroy();
    }
    console.error(`${dialect}: ranking edition seeded in ${seedMs} ms`);
    child = spawn(process.execPath, ["server/start.ts"], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(PORT), BASE_URL: BASE, DATABASE_URL: databaseUrl, UPLOADS_DIR: join(dir, "uploads"), PASSERELLE_PRINT_ACCOUNTS: "0", PASSERELLE_SKIP_SEED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitFor200(`${BASE}/healthz`, child);
    const cookie = await signIn(seeded.email);
    const measured = await measureRanking(BASE, cookie, seeded.path, { requests: REQUESTS });
    return { dialect, seedMs, ...measured };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const wanted = (process.env.RANKING_DIALECTS ?? "sqlite,postgres").split(",");
const dialects = (["sqlite", "postgres"] as const).filter((d) => wanted.includes(d) && (d === "sqlite" || !!process.env.TEST_POSTGRES_URL));
const results = [];
for (const d of dialects) results.push(await run(d));
console.table(results);
