import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DB } from "../db/client.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { openTestDatabase, testDialects, type TestDatabase } from "../db/test-support.ts";
import { FixedClock } from "../app/lib/clock.ts";
import { deliverQueued, type MailTransport } from "../app/lib/mail.server.ts";
import { hit, isLimited, RATE_RULES } from "../app/lib/rate-limit.server.ts";
import { withLease } from "../app/lib/scheduler.server.ts";
import { createSession, invalidateSession, validateSessionToken } from "../app/lib/sessions.server.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../seeds/accounts.ts";
import { DEMO_PROGRAM } from "../seeds/demo-data.ts";
import { adminQuery } from "../db/postgres-admin.ts";

/**
 * Several app instances on one database: whatever one instance knows about a
 * session, a rate limit or a time event, the other must know too, because it
 * lives in the database and not in a process.
 *
 * - On every dialect a second connection can reach (SQLite here; PostgreSQL
 *   when TEST_POSTGRES_URL is set): sessions, rate-limit counters and the
 *   mail sender seen through two independent connections.
 * - On PostgreSQL only (CI's PostgreSQL step; see scripts/with-postgres.sh):
 *   two real `node server/start.ts` processes on one database, driven over
 *   HTTP. They need the production build (`npm run build`, or the folder in
 *   PASSERELLE_BUILD_DIR).
 */

const ROOT = resolve(import.meta.dirname, "..");
const SLUG = "multi-instance-call";

// ------------------------------------------------------ two connections, one database

for (const dialect of testDialects().filter((d) => d !== "pglite")) {
  describe(`${dialect}: two connections to one database`, () => {
    let opened: TestDatabase;
    let other: DB;
    beforeAll(async () => {
      opened = await openTestDatabase(dialect);
      await migrateToLatest(opened.db);
      other = createDb(opened.target!);
      await opened.db
        .insertInto("users")
        .values({ id: "u1", email: "one@example.test", name: "One", password_hash: null, locale: "en", time_zone: "UTC", is_admin: 0, created_at: "2024-01-01T00:00:00.000Z" })
        .execute();
    });
    afterAll(async () => {
      await other?.destroy();
      await opened?.close();
    });

    it("a session opened through one connection is valid through the other, and ends for both", async () => {
      const now = new Date("2024-01-01T12:00:00.000Z");
      const { token } = await createSession(opened.db, "u1", now);
      const seen = await validateSessionToken(other, token, now);
      expect(seen?.user.email).toBe("one@example.test");
      await invalidateSession(other, seen!.sessionId);
      expect(await validateSessionToken(opened.db, token, now)).toBeNull();
    });

    it("rate-limit hits through both connections add up to one counter", async () => {
      const now = new Date("2024-01-01T12:00:10.000Z");
      const rule = RATE_RULES.signInAccount;
      const results: boolean[] = [];
      for (let i = 0; i < rule.limit; i++) results.push(await hit(i % 2 === 0 ? opened.db : other, rule, "One@Example.test", now));
      expect(results.every(Boolean)).toBe(true);
      expect(await isLimited(opened.db, rule, "one@example.test", now)).toBe(true);
      expect(await isLimited(other, rule, "one@example.test", now)).toBe(true);
      expect(await hit(other, rule, "one@example.test", now)).toBe(false);
      // The next window starts from zero on both.
      const later = new Date(now.getTime() + rule.windowMs);
      expect(await isLimited(other, rule, "one@example.test", later)).toBe(false);
    });

    it("two mail senders at once, each under the mailer lease, send every queued message once", async () => {
      const at = "2024-01-01T12:00:00.000Z";
      const ids = Array.from({ length: 6 }, (_, i) => `mail-${i}`);
      await opened.db
        .insertInto("outbox")
        .values(ids.map((id) => ({ id, to_email: `${id}@example.test`, to_user_id: null, locale: "en", template: "welcome", subject: id, body_text: id, program_id: null, city_id: null, status: "queued", attempts: 0, last_error: null, created_at: at, sent_at: null })))
        .execute();
      const delivered: string[] = [];
      // A relay that takes a moment, so the two senders' batches overlap.
      const transport: MailTransport = {
        async send(message) {
          await new Promise((r) => setTimeout(r, 5));
          delivered.push(message.subject);
        },
      };
      const clock = new FixedClock(new Date(at));
      const sender = (db: DB, holder: string) => withLease(db, clock, "mailer", (renew) => deliverQueued(db, transport, () => clock.now(), 20, renew), holder);
      for (let round = 0; round < 3; round++) await Promise.all([sender(opened.db, "instance-a"), sender(other, "instance-b")]);
      expect(delivered.sort()).toEqual(ids);
      const rows = await other.selectFrom("outbox").select(["status", "attempts"]).where("id", "in", ids).execute();
      expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    });
  });
}

// ------------------------------------------------------ two processes, one PostgreSQL

// A loop rather than a condition: without TEST_POSTGRES_URL the list is empty.
for (const _postgres of testDialects().filter((d) => d === "postgres")) {
  describe("two app processes on one PostgreSQL database", () => {
    const adminUrl = process.env.TEST_POSTGRES_URL!;
    const dbName = `passerelle_mi_${process.pid}_${randomBytes(4).toString("hex")}`;
    const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
    const uploads = mkdtempSync(join(tmpdir(), "passerelle-multi-"));
    let db: DB | undefined;
    let a: AppProcess;
    let b: AppProcess;
    let smtp: SmtpSink;

    beforeAll(async () => {
      const buildDir = process.env.PASSERELLE_BUILD_DIR ?? "build";
      if (!existsSync(resolve(ROOT, buildDir, "server/index.js"))) {
        throw new Error(`No production build in ${buildDir}/: run \`npm run build\` first (with PASSERELLE_BUILD_DIR=${buildDir} if that is the folder you mean).`);
      }
      await adminQuery(adminUrl, `create database "${dbName}"`);
      smtp = await startSmtpSink();
      const ports = await freePorts(2);
      const env = (port: number): NodeJS.ProcessEnv => ({
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        BASE_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: databaseUrl,
        UPLOADS_DIR: uploads,
        PASSERELLE_TEST_HOOKS: "1",
        PASSERELLE_PRINT_ACCOUNTS: "0",
        // Frequent passes, so the two schedulers really compete for the same jobs.
        SCHEDULER_INTERVAL_MS: "200",
        // Both send mail, to one recording SMTP server.
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      });
      // Both at the same moment on the empty database, as a scaled deployment starts:
      // both migrate and try to load the demo data; one does, neither may fail.
      a = new AppProcess("A", ports[0]!, env(ports[0]!));
      b = new AppProcess("B", ports[1]!, env(ports[1]!));
      await Promise.all([a.start(), b.start()]);
      db = createDb({ dialect: "postgres", location: databaseUrl });
      // Then, while both run, an edition whose call closes in half an hour.
      await promisify(execFile)(process.execPath, ["db/cli.ts", "seed", "--stage", "callOpen", "--slug", SLUG, "--call-closes-in", "30"], { cwd: ROOT, env: env(ports[0]!) });
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await smtp?.close();
      await db?.destroy();
      await adminQuery(adminUrl, `drop database if exists "${dbName}" with (force)`);
      rmSync(uploads, { recursive: true, force: true });
    });

    it("both processes started at once on an empty database: one loaded the demo data, once", async () => {
      for (const app of [a, b]) expect(app.alive(), `process ${app.name} running`).toBe(true);
      const users = await db!.selectFrom("users").select("email").execute();
      expect(users.map((u) => u.email).sort()).toEqual(DEMO_ACCOUNTS.map((x) => x.email).sort());
      const programs = await db!.selectFrom("programs").select("slug").orderBy("slug").execute();
      expect(programs.map((p) => p.slug)).toEqual([DEMO_PROGRAM.slug, SLUG].sort());
    });

    it("a session opened on one process works on the other; signing out on either ends it on both", async () => {
      const account = DEMO_ACCOUNTS.find((x) => x.role === "applicant" && x.city === "toulouse")!;
      const signIn = await a.post("/sign-in", { email: account.email, password: DEMO_PASSWORD });
      expect(signIn.status).toBe(302);
      const cookie = sessionCookieOf(signIn);

      for (const app of [b, a]) {
        const home = await app.get("/applicant", cookie);
        expect(home.status, `GET /applicant on ${app.name}`).toBe(200);
        const html = await home.text();
        expect(html).toContain('data-testid="applicant-home"');
        expect(html).toContain(account.name);
      }

      const signOut = await b.post("/sign-out", {}, cookie);
      expect(signOut.status).toBe(302);
      for (const app of [a, b]) {
        const home = await app.get("/applicant", cookie);
        expect(home.status, `GET /applicant on ${app.name} after signing out on B`).toBe(302);
        expect(home.headers.get("location")).toBe("/sign-in?next=%2Fapplicant");
      }
    });

    it("wrong passwords count against one limit: the 11th attempt in the minute is refused on either process", async () => {
      // Fixed one-minute windows: start the attempts at the top of a window so they all fall in it.
      const now = await a.clock();
      const windowStart = new Date(Math.ceil((now.getTime() + 1) / 60_000) * 60_000 + 50);
      await Promise.all([a.setClock(windowStart), b.setClock(windowStart)]);

      const [victim, bystander] = DEMO_ACCOUNTS.filter((x) => x.role === "applicant" && x.city === "taichung");
      const limit = RATE_RULES.signInAccount.limit;
      const statuses: string[] = [];
      for (let i = 0; i < limit; i++) {
        const app = i % 2 === 0 ? a : b;
        statuses.push(`${app.name}:${(await app.post("/sign-in", { email: victim!.email, password: `wrong-${i}` })).status}`);
      }
      expect(statuses).toEqual(Array.from({ length: limit }, (_, i) => `${i % 2 === 0 ? "A" : "B"}:400`));
      expect((await a.post("/sign-in", { email: victim!.email, password: "wrong-again" })).status).toBe(429);
      expect((await b.post("/sign-in", { email: victim!.email, password: "wrong-again" })).status).toBe(429);
      // Locked on both, even with the right password; another account is not.
      expect((await b.post("/sign-in", { email: victim!.email, password: DEMO_PASSWORD })).status).toBe(429);
      expect((await a.post("/sign-in", { email: bystander!.email, password: DEMO_PASSWORD })).status).toBe(302);
      const elapsed = (await a.clock()).getTime() - windowStart.getTime();
      expect(elapsed, "all attempts inside one rate-limit window").toBeLessThan(RATE_RULES.signInAccount.windowMs);
    });

    it("both schedulers run, and each city's call closes exactly once", async () => {
      const program = await db!.selectFrom("programs").select("id").where("slug", "=", SLUG).executeTakeFirstOrThrow();
      const programInstance = () =>
        db!.selectFrom("workflow_instances").select(["id", "state_value"]).where("machine_id", "=", "program").where("subject_id", "=", program.id).executeTakeFirstOrThrow();
      expect(JSON.parse((await programInstance()).state_value)).toEqual({ selection: { cityA: "callOpen", cityB: "callOpen" } });

      // Both processes take the scheduler lease in turn: each holder is "<pid>-…".
      const holders = new Set<number>();
      await expect.poll(() => sampleLeaseHolders(db!, [a.pid, b.pid], holders), { timeout: 15_000, interval: 0 }).toEqual(new Set([a.pid, b.pid]));

      const windows = await db!.selectFrom("stage_windows").select(["ends_at", "grace_minutes"]).where("program_id", "=", program.id).where("stage", "=", "call").execute();
      const lastClose = Math.max(...windows.map((w) => Date.parse(w.ends_at) + w.grace_minutes * 60_000));
      const after = new Date(lastClose + 60_000);
      await Promise.all([a.setClock(after), b.setClock(after)]);

      await expect
        .poll(async () => JSON.parse((await programInstance()).state_value), { timeout: 15_000, interval: 100 })
        .toEqual({ selection: { cityA: "reviewing", cityB: "reviewing" } });
      // A few more passes on both: a second firing would show up now.
      await new Promise((r) => setTimeout(r, 1_500));

      const instance = await programInstance();
      const closes = await db!.selectFrom("workflow_events").select(["city_id", "seq"]).where("instance_id", "=", instance.id).where("event_type", "=", "CALL_CLOSES").orderBy("seq").execute();
      expect(closes.map((e) => e.city_id).sort()).toEqual(["taichung", "toulouse"]);

      const jobs = await db!.selectFrom("scheduled_jobs").select(["id", "kind", "city_id", "status", "fired_at"]).where("program_id", "=", program.id).execute();
      const closeJobs = jobs.filter((j) => j.kind === "call-closes");
      expect(closeJobs.map((j) => [j.city_id, j.status]).sort()).toEqual([
        ["taichung", "done"],
        ["toulouse", "done"],
      ]);
      expect(closeJobs.every((j) => j.fired_at !== null)).toBe(true);
      expect(jobs.filter((j) => j.status === "running" || j.status === "failed"), "no job stuck or failed").toEqual([]);

      // What closing does, also once: every submitted proposal got one CALL_CLOSED and went to screening.
      const applications = await db!
        .selectFrom("proposals")
        .innerJoin("workflow_instances", (join) => join.onRef("workflow_instances.subject_id", "=", "proposals.id").on("workflow_instances.machine_id", "=", "application"))
        .leftJoin("workflow_events", (join) => join.onRef("workflow_events.instance_id", "=", "workflow_instances.id").on("workflow_events.event_type", "=", "CALL_CLOSED"))
        .select(["proposals.id", "proposals.state", sql<number>`count(workflow_events.seq)`.as("closed")])
        .where("proposals.program_id", "=", program.id)
        .where("proposals.submitted_version", ">", 0)
        .groupBy(["proposals.id", "proposals.state"])
        .execute();
      expect(applications.length).toBeGreaterThan(0);
      expect(applications.map((p) => ({ state: p.state, closed: Number(p.closed) }))).toEqual(applications.map(() => ({ state: "screening", closed: 1 })));

      for (const app of [a, b]) {
        expect(app.alive(), `process ${app.name} still running`).toBe(true);
        expect((await app.get("/healthz")).status, `process ${app.name} healthy`).toBe(200);
        expect(app.errors(), `process ${app.name} logged no error`).toEqual([]);
      }
    });

    it("mail queued while both processes send is delivered once", async () => {
      // The call's reminders were queued when the processes started; both run the sender.
      await expect.poll(async () => (await db!.selectFrom("outbox").select("id").where("status", "=", "queued").execute()).length, { timeout: 15_000, interval: 200 }).toBe(0);
      const outbox = await db!.selectFrom("outbox").select(["to_email", "status"]).execute();
      // "logged": written by the seed, which sends nothing.
      expect(outbox.filter((m) => !["sent", "logged", "held"].includes(m.status)), "every message sent").toEqual([]);
      const sentTo = outbox.filter((m) => m.status === "sent").map((m) => m.to_email).sort();
      expect(sentTo.length, "the call's reminders went out").toBeGreaterThan(0);
      expect(smtp.messages.map((m) => m.to).sort(), "messages received by the SMTP server").toEqual(sentTo);

      for (const app of [a, b]) expect(app.errors(), `process ${app.name} logged no error`).toEqual([]);
    });
  });
}

// ------------------------------------------------------ helpers

/** One `node server/start.ts`, spoken to over HTTP as a browser on its own origin would. */
class AppProcess {
  readonly name: string;
  readonly port: number;
  private readonly env: NodeJS.ProcessEnv;
  private child: ChildProcess | null = null;
  private stderr = "";

  constructor(name: string, port: number, env: NodeJS.ProcessEnv) {
    this.name = name;
    this.port = port;
    this.env = env;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child!.pid!;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ["server/start.ts"], { cwd: ROOT, env: this.env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (!this.alive()) throw new Error(`process ${this.name} exited while starting:\n${this.stderr}`);
      const healthy = await fetch(`${this.origin}/healthz`).then((r) => r.ok, () => false);
      if (healthy) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`process ${this.name} did not answer /healthz within 30 s:\n${this.stderr}`);
  }

  alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote to stderr, line by line. */
  errors(): string[] {
    return this.stderr.split("\n").filter((line) => line.trim() !== "");
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive()) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  get(path: string, cookie?: string): Promise<Response> {
    return fetch(`${this.origin}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  }

  post(path: string, form: Record<string, string>, cookie?: string): Promise<Response> {
    return fetch(`${this.origin}${path}`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams(form),
      headers: { Origin: this.origin, ...(cookie ? { Cookie: cookie } : {}) },
    });
  }

  async clock(): Promise<Date> {
    const response = await this.get("/__test/clock");
    if (response.status !== 200) throw new Error(`GET /__test/clock on ${this.name} answered ${response.status}`);
    return new Date(((await response.json()) as { now: string }).now);
  }

  async setClock(at: Date): Promise<void> {
    const response = await fetch(`${this.origin}/__test/clock`, { method: "POST", headers: { Origin: this.origin, "Content-Type": "application/json" }, body: JSON.stringify({ at: at.toISOString() }) });
    if (response.status !== 200) throw new Error(`moving the clock of ${this.name} answered ${response.status}: ${await response.text()}`);
  }
}

function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("passerelle_session="));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return cookie.split(";")[0]!;
}

/**
 * Reads the lease row for a moment, adding to `seen` each of `pids` found
 * holding it. A pass holds the lease for milliseconds, hence the tight loop.
 */
async function sampleLeaseHolders(db: DB, pids: number[], seen: Set<number>): Promise<Set<number>> {
  const until = Date.now() + 200;
  while (Date.now() < until) {
    const row = await db.selectFrom("scheduler_leases").select("holder").where("name", "=", "scheduler").executeTakeFirst();
    const pid = Number(row?.holder.split("-")[0]);
    if (pids.includes(pid)) seen.add(pid);
    if (seen.size === pids.length) break;
  }
  return new Set(seen);
}

interface SmtpSink {
  port: number;
  messages: { to: string; data: string }[];
  close(): Promise<void>;
}

/**
 * Just enough SMTP to accept what nodemailer sends and keep it, one entry per
 * message. It answers each message after a few milliseconds, as a real relay does.
 */
async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpSink["messages"] = [];
  const server = createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let inData = false;
    let recipients: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 sink ESMTP");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) return;
          messages.push({ to: recipients.join(","), data: buffer.slice(0, end) });
          buffer = buffer.slice(end + 5);
          inData = false;
          recipients = [];
          setTimeout(() => reply("250 2.0.0 queued"), 15);
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol === -1) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") reply("250-sink\r\n250 8BITMIME");
        else if (verb === "HELO" || verb === "RSET" || verb === "NOOP") reply("250 OK");
        else if (verb === "MAIL") reply("250 OK");
        else if (verb === "RCPT") {
          recipients.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 end with <CRLF>.<CRLF>");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("502 not implemented");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    port: (server.address() as { port: number }).port,
    messages,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

async function freePorts(count: number): Promise<number[]> {
  const fixed = process.env.MULTI_INSTANCE_PORTS?.split(",").map(Number);
  if (fixed && fixed.length >= count) return fixed.slice(0, count);
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((done, fail) => {
      const server = createServer();
      server.once("error", fail);
      server.listen(0, "127.0.0.1", () => done(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
