import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { completeProposal, expect, proposalFormState, signUpFast, test, tinyPdf, type ProposalFields } from "./fixtures.ts";

/**
 * Crash safety of submissions: a burst of concurrent proposal submissions,
 * the server killed with SIGKILL in the middle of it, a restart on the same
 * database. Every submission the server acknowledged (the redirect to
 * ?submitted=1) must be there, intact, with its version row and its deck; no
 * proposal may be left half-submitted, and each application workflow must
 * agree with its proposal row.
 *
 * It runs its own server (the production build the e2e step built) on its own
 * SQLite file, so the kills never touch the suite's shared server.
 */

const ROOT = new URL("..", import.meta.url).pathname;
const SLUG = "crash-safety";
const PER_ROUND = 20;
const RECEIPT = "application-submission-receipt";

interface Applicant {
  tag: string;
  base: string;
  email: string;
  http: APIRequestContext;
  proposalId: string;
  fields: ProposalFields;
  deck: Buffer;
}

interface Outcome {
  applicant: Applicant;
  acknowledged: boolean;
  /** The HTTP answer, when one arrived before the kill. */
  status?: number;
  location?: string;
  error?: string;
}

async function freePort(): Promise<number> {
  if (process.env.CRASH_SAFETY_PORT) return Number(process.env.CRASH_SAFETY_PORT);
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** One `node server/start.ts` on the test's database; killed and started again on the same files. */
class AppServer {
  private child: ChildProcess | null = null;
  private stderr = "";
  private readonly env: NodeJS.ProcessEnv;
  readonly port: number;

  constructor(port: number, env: NodeJS.ProcessEnv) {
    this.port = port;
    this.env = env;
  }

  async start(): Promise<void> {
    this.stderr = "";
    const child = spawn(process.execPath, ["server/start.ts"], { cwd: ROOT, env: this.env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child = child;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited while starting:\n${this.stderr}`);
      const healthy = await fetch(`http://127.0.0.1:${this.port}/healthz`).then((r) => r.ok, () => false);
      if (healthy) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the server did not answer /healthz within 20 s:\n${this.stderr}`);
  }

  /** SIGKILL: no shutdown handler runs, nothing is flushed by the app. */
  killNow(): void {
    this.child?.kill("SIGKILL");
  }

  /** How the process ended, and what it wrote to stderr. */
  async exited(): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once("exit", r));
    return { signal: child?.signalCode ?? null, stderr: this.stderr };
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await new Promise((r) => child.once("exit", r));
    clearTimeout(timer);
  }
}

/** A deck with bytes of its own: a real PDF, then random padding of a varying size. */
function deckFor(tag: string): Buffer {
  const padding = randomBytes(16_384 + Math.floor(Math.random() * 131_072));
  return Buffer.concat([tinyPdf(`crash safety ${tag}`), Buffer.from("% padding\n"), padding]);
}

/**
 * A new account, its team and an open draft proposal. The server runs as if
 * behind a proxy (TRUST_PROXY=1) and each applicant comes from an address of
 * its own, as real applicants do: the per-IP sign-up limit is not what this
 * test is about.
 */
async function prepareApplicant(base: string, round: number, index: number): Promise<Applicant> {
  const tag = `r${round}-${index}`;
  const http = await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { "X-Forwarded-For": `198.51.100.${round * 40 + index}` } });
  const origin = { Origin: base };
  const email = `crash-${tag}-${randomBytes(3).toString("hex")}@e2e.passerelle.test`;
  await signUpFast(http, { email, origin: base, name: `Crash ${tag}` });
  const cityId = index % 2 === 0 ? "taichung" : "toulouse";
  const team = await http.post("/applicant/teams/new", { form: { name: `Crash team ${tag}`, cityId, foundingYear: "2020", size: "3" }, headers: origin, maxRedirects: 0 });
  const teamId = /\/applicant\/teams\/([^/?]+)/.exec(team.headers()["location"] ?? "")?.[1];
  expect(teamId, `team of ${tag}: ${team.status()}`).toBeTruthy();
  const started = await http.post("/applicant/proposals/new", { form: { program: SLUG, team: teamId! }, headers: origin, maxRedirects: 0 });
  const proposalId = /\/applicant\/proposals\/([^/?]+)\/edit/.exec(started.headers()["location"] ?? "")?.[1];
  expect(proposalId, `proposal of ${tag}: ${started.status()}`).toBeTruthy();
  const { topicIds } = await proposalFormState(http, proposalId!);
  // Text outside ASCII too: what comes back must be the same characters, not just the same length.
  const fields = { ...completeProposal(`Crash ${tag} — 臺中 «Toulouse»`, topicIds[index % topicIds.length]!), preferredDates: `week ${index + 1}` };
  return { tag, base, email, http, proposalId: proposalId!, fields, deck: deckFor(tag) };
}

/** The submit button's POST: fields, the deck and the workflow version the form carried. */
function postSubmission(applicant: Applicant, version: number) {
  return applicant.http.post(`/applicant/proposals/${applicant.proposalId}/edit`, {
    multipart: { ...applicant.fields, intent: "submit", version: String(version), deck: { name: `deck-${applicant.tag}.pdf`, mimeType: "application/pdf", buffer: applicant.deck } },
    headers: { Origin: applicant.base },
    maxRedirects: 0,
    timeout: 30_000,
  });
}

/** Reads the form (for its version), then submits it. */
async function submit(applicant: Applicant) {
  const { version } = await proposalFormState(applicant.http, applicant.proposalId);
  return postSubmission(applicant, version);
}

const acknowledgement = (applicant: Applicant) => `/applicant/proposals/${applicant.proposalId}?submitted=1`;

/**
 * Every applicant submits at once (each having read its form first, as a
 * browser would); the server is killed as soon as `killAfter` of them have
 * been acknowledged, while the others are still in flight.
 */
async function burstAndKill(server: AppServer, applicants: Applicant[], killAfter: number): Promise<Outcome[]> {
  const versions = await Promise.all(applicants.map((a) => proposalFormState(a.http, a.proposalId).then((s) => s.version)));
  let acknowledged = 0;
  const outcomes = await Promise.all(
    applicants.map(async (applicant, i): Promise<Outcome> => {
      try {
        const response = await postSubmission(applicant, versions[i]!);
        const location = response.headers()["location"] ?? "";
        const ok = response.status() === 302 && location === acknowledgement(applicant);
        if (ok && ++acknowledged === killAfter) server.killNow();
        return { applicant, acknowledged: ok, status: response.status(), location };
      } catch (error) {
        return { applicant, acknowledged: false, error: String(error).split("\n")[0] };
      }
    }),
  );
  // Too few acknowledgements to reach the kill (the checks below say why): end the server anyway.
  if (acknowledged < killAfter) server.killNow();
  const { signal, stderr } = await server.exited();
  expect(signal, `the server died of the test's kill, not on its own:\n${stderr}`).toBe("SIGKILL");
  // Any answer that did arrive came from the live server: it must be an acknowledgement.
  const refused = outcomes.filter((o) => o.status !== undefined && !o.acknowledged).map((o) => `${o.applicant.tag}: ${o.status} ${o.location}`);
  expect(refused, "submissions refused before the crash").toEqual([]);
  return outcomes;
}

/** What the crashes left, for the report: drafts with saved text or a deck were cut between two steps of one submission. */
interface Tally {
  submitted: number;
  submittedUnacknowledged: number;
  drafts: number;
  draftsWithSavedText: number;
  draftsWithDeck: number;
}

interface ProposalRow {
  id: string;
  title: string;
  topic_id: string | null;
  content: string;
  deck_key: string | null;
  deck_name: string | null;
  state: string;
  submitted_version: number;
  submitted_at: string | null;
}

/**
 * The database after a restart, proposal by proposal: acknowledged ones are
 * submitted with exactly what was sent; every one is either a complete
 * submission or a draft; the workflow instance, its event log, the version
 * rows, the receipt mail and the deck file all tell the same story.
 */
async function checkConsistency(dbFile: string, applicants: Applicant[], acknowledged: Set<string>): Promise<Tally> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const tally: Tally = { submitted: 0, submittedUnacknowledged: 0, drafts: 0, draftsWithSavedText: 0, draftsWithDeck: 0 };
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    for (const a of applicants) {
      const who = `proposal of ${a.tag} (${acknowledged.has(a.proposalId) ? "acknowledged" : "not acknowledged"})`;
      const p = db.prepare("select * from proposals where id = ?").get(a.proposalId) as ProposalRow | undefined;
      expect(p, who).toBeDefined();
      const instance = db.prepare("select * from workflow_instances where machine_id = 'application' and subject_id = ?").get(a.proposalId) as
        | { id: string; state_value: string; version: number; snapshot: string }
        | undefined;
      expect(instance, `${who}: workflow instance`).toBeDefined();
      const events = db.prepare("select seq, event_type, state_before, state_after from workflow_events where instance_id = ? order by seq").all(instance!.id) as {
        seq: number;
        event_type: string;
        state_before: string;
        state_after: string;
      }[];
      const versions = db.prepare("select * from proposal_versions where proposal_id = ? order by version").all(a.proposalId) as {
        version: number;
        title: string;
        content: string;
        deck_key: string | null;
      }[];
      const receipts = (db.prepare("select count(*) as n from outbox where to_email = ? and template = ?").get(a.email, RECEIPT) as { n: number }).n;
      const snapshot = JSON.parse(instance!.snapshot) as { value: unknown; context: { submittedVersions: number } };

      // The workflow agrees with the records, whatever the outcome.
      expect(instance!.state_value, `${who}: workflow state vs proposal state`).toBe(p!.state);
      expect(snapshot.value, `${who}: snapshot`).toBe(p!.state);
      expect(snapshot.context.submittedVersions, `${who}: versions in the machine`).toBe(p!.submitted_version);
      expect(events.map((e) => e.seq), `${who}: event log has no gap`).toEqual(Array.from({ length: instance!.version }, (_, i) => i + 1));
      expect(events.at(-1)!.state_after, `${who}: last event`).toBe(instance!.state_value);
      expect(versions.map((v) => v.version), `${who}: version rows`).toEqual(Array.from({ length: p!.submitted_version }, (_, i) => i + 1));

      if (p!.state === "submitted") {
        tally.submitted++;
        if (!acknowledged.has(a.proposalId)) tally.submittedUnacknowledged++;
        expect(events.map((e) => e.event_type), who).toEqual(["START", "SUBMIT"]);
        expect(p!.submitted_version, who).toBe(1);
        expect(p!.submitted_at, who).not.toBeNull();
        expect(p!.deck_key, `${who}: a submission has a deck`).not.toBeNull();
        expect(versions[0], `${who}: the version row is the submitted copy`).toMatchObject({ title: p!.title, content: p!.content, deck_key: p!.deck_key });
        expect(receipts, `${who}: receipt mail`).toBe(1);
      } else {
        tally.drafts++;
        if (p!.title) tally.draftsWithSavedText++;
        if (p!.deck_key) tally.draftsWithDeck++;
        expect(p!.state, `${who}: neither submitted nor a draft`).toBe("draft");
        expect(events.map((e) => e.event_type), who).toEqual(["START"]);
        expect(p!.submitted_version, who).toBe(0);
        expect(p!.submitted_at, who).toBeNull();
        expect(receipts, `${who}: no receipt for a draft`).toBe(0);
      }

      if (acknowledged.has(a.proposalId)) {
        expect(p!.state, `${who}: acknowledged, so submitted`).toBe("submitted");
        const { title, topicId, ...content } = a.fields;
        expect(p!.title, who).toBe(title);
        expect(p!.topic_id, who).toBe(topicId);
        expect(JSON.parse(p!.content), who).toEqual(content);
        expect(JSON.parse(versions[0]!.content), `${who}: version row content`).toEqual(content);
        expect(versions[0]!.title, who).toBe(title);
      }

      // Whatever deck the proposal points to must be on disk, byte for byte the one that was sent.
      if (p!.deck_key) {
        const response = await a.http.get(`/applicant/proposals/${a.proposalId}/deck`);
        expect(response.status(), `${who}: deck download`).toBe(200);
        const body = await response.body();
        expect(body.length, `${who}: deck size`).toBe(a.deck.length);
        expect(body.equals(a.deck), `${who}: deck bytes`).toBe(true);
      }
    }
  } finally {
    db.close();
  }
  return tally;
}

test("acknowledged submissions survive a SIGKILL in the middle of a burst, and no proposal is left half-submitted", async () => {
  const dir = mkdtempSync(join(tmpdir(), "passerelle-crash-"));
  const dbFile = join(dir, "crash.db");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: `file:${dbFile}`,
    UPLOADS_DIR: join(dir, "uploads"),
    PASSERELLE_PRINT_ACCOUNTS: "0",
    TRUST_PROXY: "1",
  };
  const server = new AppServer(port, env);
  const everyone: Applicant[] = [];
  const acknowledged = new Set<string>();
  try {
    execFileSync(process.execPath, ["db/cli.ts", "seed", "--stage", "callOpen", "--slug", SLUG], { cwd: ROOT, env, stdio: "pipe" });
    await server.start();

    // Two crashes: one early in the burst, one late.
    for (const [round, killAfter] of [
      [1, 3],
      [2, 10],
    ] as const) {
      await test.step(`round ${round}: kill after ${killAfter} acknowledgements`, async () => {
        const applicants = await Promise.all(Array.from({ length: PER_ROUND }, (_, i) => prepareApplicant(env.BASE_URL!, round, i)));
        everyone.push(...applicants);
        const outcomes = await burstAndKill(server, applicants, killAfter);
        for (const o of outcomes) if (o.acknowledged) acknowledged.add(o.applicant.proposalId);
        const inFlight = outcomes.filter((o) => !o.acknowledged);
        const acknowledgedNow = outcomes.length - inFlight.length;
        expect(acknowledgedNow).toBeGreaterThanOrEqual(killAfter);
        // Otherwise the kill came after the burst and proved nothing.
        expect(inFlight.length, "submissions still in flight when the server died").toBeGreaterThan(0);

        await server.start();
        const tally = await checkConsistency(dbFile, everyone, acknowledged);
        test.info().annotations.push({ type: `round ${round}`, description: `acknowledged ${acknowledgedNow}, in flight ${inFlight.length}; after restart (all rounds) ${JSON.stringify(tally)}` });
      });
    }

    await test.step("the drafts left by the crashes can still be submitted", async () => {
      const db = new Database(dbFile, { readonly: true, fileMustExist: true });
      const drafts = everyone.filter((a) => (db.prepare("select state from proposals where id = ?").get(a.proposalId) as { state: string }).state === "draft");
      db.close();
      expect(drafts.length).toBeGreaterThan(0);
      const answers = await Promise.all(drafts.map(async (a) => ({ a, response: await submit(a) })));
      for (const { a, response } of answers) {
        const answer = `${response.status()} ${response.headers()["location"]}`;
        const refusal = response.status() === 302 ? "" : (await response.text()).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").slice(0, 600);
        expect(answer, `${a.tag}: ${refusal}`).toBe(`302 ${acknowledgement(a)}`);
        acknowledged.add(a.proposalId);
      }
      const tally = await checkConsistency(dbFile, everyone, acknowledged);
      expect({ submitted: tally.submitted, drafts: tally.drafts }).toEqual({ submitted: everyone.length, drafts: 0 });
    });
  } finally {
    await server.stop();
    await Promise.all(everyone.map((a) => a.http.dispose()));
    rmSync(dir, { recursive: true, force: true });
  }
});
