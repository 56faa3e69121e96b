/**
 * npm run bench — measures the production build on this machine and writes
 * bench/results/latest.json. Loopback only; every loop is bounded in time.
 *
 *   startup      process start → first 200 from /healthz (fresh SQLite database, seeded)
 *   public page  requests/s on /programs/<slug>, next to a bare node:http server in the same run
 *   client JS    gzipped JavaScript each page loads (the proposal form's budget is 150 KB)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = new URL("..", import.meta.url).pathname;
const PORT = 3411;
const BARE_PORT = 3412;
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const CONCURRENCY = 32;

function startServer(dbDir: string): { child: ChildProcess; startedAt: number } {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["server/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(PORT), DATABASE_URL: `file:${join(dbDir, "bench.db")}`, UPLOADS_DIR: join(dbDir, "uploads"), PASSERELLE_PRINT_ACCOUNTS: "0", BASE_URL: BASE },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { child, startedAt };
}

async function waitFor200(url: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** Closed-loop load: CONCURRENCY keep-alive clients for DURATION_MS. */
async function load(url: string): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + DURATION_MS;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
    });
  const worker = async () => {
    while (performance.now() < end) await one();
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { rps: latencies.length / seconds, p50: pct(50), p99: pct(99), errors };
}

async function clientJs(path: string, cookie = ""): Promise<number> {
  const html = await (await fetch(BASE + path, { headers: cookie ? { cookie } : {} })).text();
  const urls = new Set<string>();
  for (const m of html.matchAll(/(?:href|src)="(\/assets\/[^"]+\.js)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/import\(?\s*"(\/assets\/[^"]+\.js)"/g)) urls.add(m[1]!);
  let total = 0;
  for (const u of urls) total += gzipSync(Buffer.from(await (await fetch(BASE + u)).arrayBuffer())).length;
  return total;
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${BASE}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
    body: new URLSearchParams({ email, password: "passerelle-demo" }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

const dbDir = mkdtempSync(join(tmpdir(), "passerelle-bench-"));
const bare = http.createServer((_req, res) => res.end("ok"));
await new Promise<void>((r) => bare.listen(BARE_PORT, "127.0.0.1", r));
const { child, startedAt } = startServer(dbDir);
try {
  await waitFor200(`${BASE}/healthz`);
  const startupMs = performance.now() - startedAt;
  const publicPage = await load(`${BASE}/programs/taichung-toulouse-2019`);
  const bareServer = await load(`http://127.0.0.1:${BARE_PORT}/`);
  const applicant = await signIn("applicant6.taichung@demo.passerelle.test");
  const js = {
    home: await clientJs("/"),
    publicProgram: await clientJs("/programs/taichung-toulouse-2019"),
    applicantHome: await clientJs("/applicant", applicant),
  };
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
    startupToHealthzMs: Math.round(startupMs),
    publicPage: { ...publicPage, vsBareNodeHttp: publicPage.rps / bareServer.rps },
    bareNodeHttp: bareServer,
    clientJsGzipBytes: js,
  };
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(ROOT, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.table({
    "startup → /healthz 200 (ms)": results.startupToHealthzMs,
    "public page (req/s)": Math.round(publicPage.rps),
    "public page p50 / p99 (ms)": `${publicPage.p50.toFixed(1)} / ${publicPage.p99.toFixed(1)}`,
    "bare node:http (req/s)": Math.round(bareServer.rps),
    "public page / bare ratio": results.publicPage.vsBareNodeHttp.toFixed(3),
    "client JS gz, home (KB)": (js.home / 1024).toFixed(1),
    "client JS gz, public page (KB)": (js.publicProgram / 1024).toFixed(1),
    "client JS gz, applicant home (KB)": (js.applicantHome / 1024).toFixed(1),
  });
} finally {
  child.kill("SIGTERM");
  bare.close();
  rmSync(dbDir, { recursive: true, force: true });
}
