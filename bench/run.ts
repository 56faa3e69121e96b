/**
 * npm run bench — measures the production build on this machine, on SQLite
 * and on PostgreSQL, and writes bench/results/latest.json (printed as a table).
 *
 *   startup       process start → first 200 from /healthz (fresh database: migrate + seed)
 *   public page   requests/s on /programs/<slug> for visitors without a session (and signed in),
 *                 next to a bare node:http server answering a fixed string in the same run
 *   ranking       the ranking page of a panel with 2,000 proposals × 3 reviews, sequential GETs
 *   client JS     gzipped JavaScript each page loads (the proposal form's budget is 150 KB)
 *   deadline rush signed-in applicants submitting with a 2 MB deck, open loop at 50/s for 60 s;
 *                 then short steps at higher rates for the highest one with p99 < 500 ms
 *
 * PostgreSQL: uses TEST_POSTGRES_URL's server when set (a fresh database on it);
 * otherwise starts a throwaway durable server with scripts/with-postgres.sh.
 * BENCH_DIALECTS=sqlite (or postgres) runs one; BENCH_RUSH_SECONDS shortens the rush.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import http from "node:http";
import { createDb, resolveDatabaseTarget, type DB } from "../db/client.ts";
import { createDeckStore } from "../app/lib/uploads.server.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { adminQuery } from "../db/postgres-admin.ts";
import { seedIfEmpty } from "../seeds/seed.ts";
import { DECK_BYTES, rush, type RushRun } from "./rush.ts";
import { seedRushApplicants, type RushApplicant } from "./rush-data.ts";
import { seedRankingEdition } from "./ranking-data.ts";
import { measureRanking } from "./ranking.ts";

type Dialect = "sqlite" | "postgres";

const ROOT = new URL("..", import.meta.url).pathname;
const PORT = 3411;
const BARE_PORT = 3412;
const BASE = `http://127.0.0.1:${PORT}`;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 6);
const RUSH_RATE = 50;
const RUSH_SECONDS = Number(process.env.BENCH_RUSH_SECONDS ?? 60);
const RAMP_RATES = [60, 75, 100, 125, 150, 200];
const RAMP_SECONDS = 4;
const RUSH_APPLICANTS = RUSH_RATE * RUSH_SECONDS + RAMP_RATES.reduce((sum, r) => sum + r * RAMP_SECONDS, 0);
/** A browser's headers: the public page is asked for as Chromium would. */
const BROWSER = ["-H", "accept-encoding=gzip, deflate, br", "-H", "accept-language=zh-TW,zh;q=0.9,en;q=0.8"];

function log(message: string) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function startServer(databaseUrl: string, uploadsDir: string): { child: ChildProcess; startedAt: number } {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["server/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(PORT), DATABASE_URL: databaseUrl, UPLOADS_DIR: uploadsDir, PASSERELLE_PRINT_ACCOUNTS: "0", BASE_URL: BASE, SMTP_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { child, startedAt };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

async function waitFor200(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

async function waitForSchedulerIdle(db: DB, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const due = await db
      .selectFrom("scheduled_jobs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "in", ["pending", "running"])
      .where("due_at", "<=", new Date().toISOString())
      .executeTakeFirstOrThrow();
    if (Number(due.n) === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the scheduler did not catch up within a minute");
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Closed-loop load from autocannon in a process of its own, so it never shares the server's event loop. */
function autocannon(url: string, extra: string[] = []): LoadResult {
  const bin = join(ROOT, "node_modules/autocannon/autocannon.js");
  const out = spawnSync(process.execPath, [bin, "-c", "32", "-d", String(LOAD_SECONDS), "-j", ...BROWSER, ...extra, url], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`autocannon failed: ${out.stderr}`);
  const r = JSON.parse(out.stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; "2xx": number; duration: number };
  return { rps: Math.round(r["2xx"] / r.duration), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

/**
 * One request on a connection of its own. fetch would reuse a kept-alive
 * connection that the server closes after 5 idle seconds, and fail on it
 * while the load phases run in other processes.
 */
function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

async function clientJs(path: string, cookie = ""): Promise<number> {
  const res = await request(BASE + path, { headers: cookie ? { cookie } : {} });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  const html = res.body.toString("utf8");
  const urls = new Set<string>();
  for (const m of html.matchAll(/(?:href|src)="(\/assets\/[^"]+\.js)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/import\(?\s*"(\/assets\/[^"]+\.js)"/g)) urls.add(m[1]!);
  let total = 0;
  for (const u of urls) total += gzipSync((await request(BASE + u)).body).length;
  return total;
}

async function signIn(email: string): Promise<string> {
  const res = await request(`${BASE}/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
    body: new URLSearchParams({ email, password: "passerelle-demo" }).toString(),
  });
  const setCookie = res.headers["set-cookie"]?.[0] ?? "";
  const cookie = setCookie.split(";")[0]!;
  if (!cookie.startsWith("passerelle_session=")) throw new Error(`sign-in as ${email} failed (${res.status})`);
  return cookie;
}

/** Every acknowledged submission must be in the database with its deck on disk, whole. */
async function countLost(db: DB, uploadsDir: string, run: RushRun): Promise<number> {
  const storage = createDeckStore(uploadsDir);
  const ids = [...run.acknowledgements.keys()];
  const found = new Map<string, { version: number; deck: string | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom("proposal_versions")
      .select(["proposal_id", "version", "deck_key"])
      .where("proposal_id", "in", ids.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(`${r.proposal_id}#${r.version}`, { version: r.version, deck: r.deck_key });
  }
  let lost = 0;
  for (const [id, version] of run.acknowledgements) {
    const row = found.get(`${id}#${version}`);
    const file = row?.deck ? await storage.get(row.deck) : null;
    if (!file || file.size !== DECK_BYTES) lost++;
  }
  return lost;
}

async function freshDatabase(dialect: Dialect, dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === "sqlite") return { url: `file:${join(dir, "bench.db")}`, drop: async () => {} };
  const serverUrl = process.env.TEST_POSTGRES_URL!;
  const name = `bench_${Date.now().toString(36)}`;
  await adminQuery(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(serverUrl, `drop database if exists "${name}" with (force)`) };
}

async function startupOnFreshDatabase(dialect: Dialect, dir: string): Promise<number> {
  const { url, drop } = await freshDatabase(dialect, join(dir, "startup"));
  const { child, startedAt } = startServer(url, join(dir, "startup-uploads"));
  try {
    await waitFor200(`${BASE}/healthz`);
    return Math.round(performance.now() - startedAt);
  } finally {
    await stopServer(child);
    await drop();
  }
}

async function benchDialect(dialect: Dialect, bare: LoadResult) {
  const dir = mkdtempSync(join(tmpdir(), `passerelle-bench-${dialect}-`));
  const uploadsDir = join(dir, "uploads");
  try {
    log(`${dialect}: startup on a fresh database`);
    const startupMs = await startupOnFreshDatabase(dialect, dir);

    log(`${dialect}: preparing ${RUSH_APPLICANTS} signed-in applicants and a panel of 2,000 proposals × 3 reviews`);
    const { url, drop } = await freshDatabase(dialect, dir);
    const db: DB = createDb(resolveDatabaseTarget(url));
    const prepareStarted = performance.now();
    let applicants: RushApplicant[];
    let ranking: Awaited<ReturnType<typeof seedRankingEdition>>;
    try {
      await migrateToLatest(db);
      await seedIfEmpty(db, new Date());
      ({ applicants } = await seedRushApplicants(db, new Date(), RUSH_APPLICANTS));
      ranking = await seedRankingEdition(db, new Date());
    } catch (error) {
      await db.destroy();
      throw error;
    }
    const prepareMs = Math.round(performance.now() - prepareStarted);

    const { child, startedAt } = startServer(url, uploadsDir);
    try {
      await waitFor200(`${BASE}/healthz`);
      const restartMs = Math.round(performance.now() - startedAt);
      // The first scheduler pass sends the reminders due for thousands of drafts: measured apart from it.
      await waitForSchedulerIdle(db);
      const slug = "taichung-toulouse-2019";

      log(`${dialect}: public page, ${LOAD_SECONDS} s each`);
      const publicPage = autocannon(`${BASE}/programs/${slug}`);
      const publicSignedIn = autocannon(`${BASE}/programs/${slug}`, ["-H", `cookie=${applicants.at(-1)!.cookie}`]);

      log(`${dialect}: ranking page`);
      const coordinator = await signIn(ranking.email);
      const rankingPage = await measureRanking(BASE, coordinator, ranking.path);

      log(`${dialect}: client JavaScript per page`);
      const sample = applicants.at(-1)!;
      const js = {
        home: await clientJs("/"),
        publicProgram: await clientJs(`/programs/${slug}`),
        proposalForm: await clientJs(`/applicant/proposals/${sample.proposalId}/edit`, sample.cookie),
        rankingPage: await clientJs(ranking.path, coordinator),
      };

      log(`${dialect}: deadline rush, ${RUSH_RATE}/s for ${RUSH_SECONDS} s with a 2 MB deck each`);
      let pool = applicants;
      const take = (n: number) => {
        const batch = pool.slice(0, n);
        pool = pool.slice(n);
        return batch;
      };
      const main = await rush(BASE, take(RUSH_RATE * RUSH_SECONDS), { rate: RUSH_RATE, seconds: RUSH_SECONDS });
      const lost = await countLost(db, uploadsDir, main);
      log(`${dialect}: rush p50 ${main.p50} p95 ${main.p95} p99 ${main.p99} ms, errors ${main.errors}, lost ${lost}`);

      const ramp: { rate: number; p50: number; p99: number; errors: number; lost: number }[] = [];
      for (const rate of RAMP_RATES) {
        log(`${dialect}: rush step ${rate}/s for ${RAMP_SECONDS} s`);
        const step = await rush(BASE, take(rate * RAMP_SECONDS), { rate, seconds: RAMP_SECONDS });
        ramp.push({ rate, p50: step.p50, p99: step.p99, errors: step.errors, lost: await countLost(db, uploadsDir, step) });
        if (step.p99 >= 500 || step.errors > 0) break;
      }
      const passing = [RUSH_RATE, ...ramp.filter((s) => s.p99 < 500 && s.errors === 0).map((s) => s.rate)];
      const deadlineRush = {
        rate: RUSH_RATE,
        seconds: RUSH_SECONDS,
        deckBytes: DECK_BYTES,
        sent: main.sent,
        acknowledged: main.acknowledged,
        errors: main.errors,
        failures: main.failures,
        lost,
        p50: main.p50,
        p95: main.p95,
        p99: main.p99,
        max: main.max,
        ramp,
        highestRateWithP99Under500ms: main.p99 < 500 && main.errors === 0 ? Math.max(...passing) : null,
      };
      return {
        startupToHealthzMs: { freshDatabase: startupMs, preparedDatabase: restartMs },
        prepareMs,
        publicPage: { anonymous: publicPage, signedIn: publicSignedIn, anonymousVsBareNodeHttp: round3(publicPage.rps / bare.rps), signedInVsBareNodeHttp: round3(publicSignedIn.rps / bare.rps) },
        rankingPage: { proposals: 2000, reviewsEach: 3, ...rankingPage },
        clientJsGzipBytes: js,
        deadlineRush,
      };
    } finally {
      await stopServer(child);
      await db.destroy();
      await drop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function bareServer(): ChildProcess {
  return spawn(process.execPath, ["-e", `require("node:http").createServer((_q, s) => s.end("ok")).listen(${BARE_PORT}, "127.0.0.1")`], { stdio: "ignore" });
}

function postgresAvailable(): boolean {
  if (process.env.TEST_POSTGRES_URL) return true;
  return spawnSync("bash", ["-c", "ls /usr/lib/postgresql/*/bin/postgres"], { stdio: "ignore" }).status === 0;
}

const only = process.env.BENCH_DIALECTS?.split(",").map((s) => s.trim()) as Dialect[] | undefined;
const outFile = process.argv[2] === "--out" ? process.argv[3] : null;
const wanted: Dialect[] = only ?? ["sqlite", "postgres"];

if (!existsSync(join(ROOT, process.env.PASSERELLE_BUILD_DIR ?? "build", "server/index.js"))) {
  console.error("No production build: run `npm run build` first (npm run bench does).");
  process.exit(1);
}

const benchStarted = performance.now();
const bare = bareServer();
await waitFor200(`http://127.0.0.1:${BARE_PORT}/`);
const bareLoad = autocannon(`http://127.0.0.1:${BARE_PORT}/`);
bare.kill();

const results: Record<string, unknown> = {};
for (const dialect of wanted) {
  if (dialect === "postgres" && !process.env.TEST_POSTGRES_URL) {
    if (!postgresAvailable()) {
      log("postgres: no PostgreSQL server or binaries here; skipped");
      results.postgres = { skipped: "PostgreSQL not installed" };
      continue;
    }
    // A durable throwaway server (fsync on), this script again inside it.
    const part = join(mkdtempSync(join(tmpdir(), "passerelle-bench-pg-")), "postgres.json");
    const child = spawnSync("bash", ["scripts/with-postgres.sh", process.execPath, "bench/run.ts", "--out", part], {
      cwd: ROOT,
      env: { ...process.env, PG_DURABLE: "1", BENCH_DIALECTS: "postgres" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (child.status !== 0) throw new Error("the PostgreSQL part of the benchmark failed");
    results.postgres = (JSON.parse(readFileSync(part, "utf8")) as { postgres: unknown }).postgres;
    continue;
  }
  results[dialect] = await benchDialect(dialect, bareLoad);
}

const report = {
  measuredAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown" },
  bareNodeHttp: bareLoad,
  ...results,
  benchSeconds: Math.round((performance.now() - benchStarted) / 1000),
};

if (outFile) {
  writeFileSync(outFile, JSON.stringify(report));
} else {
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(ROOT, "bench/results/latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  printTable(report as unknown as Report);
}

type DialectReport = Awaited<ReturnType<typeof benchDialect>>;
type Report = { bareNodeHttp: LoadResult; sqlite?: DialectReport; postgres?: DialectReport; benchSeconds: number };

function printTable(r: Report) {
  const dialects = (["sqlite", "postgres"] as const).filter((d) => r[d] && "deadlineRush" in r[d]!);
  const row = (f: (d: DialectReport) => string | number) => Object.fromEntries(dialects.map((d) => [d, f(r[d]!)]));
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.table({
    "startup → /healthz 200, fresh db (ms)": row((d) => d.startupToHealthzMs.freshDatabase),
    "public page, anonymous (req/s)": row((d) => d.publicPage.anonymous.rps),
    "public page p50 / p99 (ms)": row((d) => `${d.publicPage.anonymous.p50} / ${d.publicPage.anonymous.p99}`),
    "public page / bare node:http": row((d) => d.publicPage.anonymousVsBareNodeHttp),
    "public page, signed in (req/s)": row((d) => d.publicPage.signedIn.rps),
    "bare node:http (req/s)": row(() => r.bareNodeHttp.rps),
    "ranking 2000×3 p50 / p95 (ms)": row((d) => `${d.rankingPage.p50} / ${d.rankingPage.p95}`),
    "JS gz: proposal form (KB)": row((d) => kb(d.clientJsGzipBytes.proposalForm)),
    "JS gz: public page (KB)": row((d) => kb(d.clientJsGzipBytes.publicProgram)),
    "rush 50/s 2 MB p50 / p95 / p99 (ms)": row((d) => `${d.deadlineRush.p50} / ${d.deadlineRush.p95} / ${d.deadlineRush.p99}`),
    "rush errors / lost": row((d) => `${d.deadlineRush.errors} / ${d.deadlineRush.lost}`),
    "rush: highest rate with p99 < 500 ms (/s)": row((d) => d.deadlineRush.highestRateWithP99Under500ms ?? "none"),
  });
  console.log(`bench took ${r.benchSeconds} s; details in bench/results/latest.json`);
}

