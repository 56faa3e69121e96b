import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { CONTENT_FIELDS, TEXT_LIMITS } from "../app/lib/proposal-fields.ts";
import { APPLICATION_MACHINE_ID } from "../workflows/application.machine.ts";
import { CATALOGUES, E2E_DB_FILE, E2E_UPLOADS_DIR, LOCALES, PORT, expect, linkIn, readDb, t, test, tinyPdf, uniqueEmail, type Locale } from "./fixtures.ts";
import {
  HUGE,
  MARKUP_ECHOES,
  ODD_NAMES,
  Rng,
  UNKNOWN_INTENTS,
  badDecks,
  brokenBodies,
  browserFields,
  drawValue,
  elements,
  encode,
  oddlyNamedPdf,
  postForms,
  shapeOf,
  textOf,
  type Encoding,
  type Field,
  type FieldKind,
  type FieldValue,
  type FormField,
  type PostForm,
} from "./fuzz-values.ts";
import { ROLE_ACCOUNTS, ROUTES, ROUTE_ACCESS, declarationOf, keyOf, newClient, pathOf, proposalOf, sourceOf, type Role } from "./route-access.ts";

/**
 * Bad input, posted to every form action and upload (issue 7): huge strings,
 * control and RTL characters, invalid UTF-8, wrong types, missing and
 * duplicated fields, markup and SQL fragments, unknown intents, broken bodies
 * and bad files, as urlencoded and multipart forms. The real field names come
 * from each page's own forms, loaded as a role that may act, so the action's
 * validation is reached (not only its access check).
 *
 * Every answer is a success (2xx, or a 3xx that stays on this site) or a 4xx
 * with a readable message, never a 5xx; no page echoes the markup unescaped.
 * Around every refused request the database (every table, hashed) and the deck
 * storage are compared: a refusal writes nothing, except where a table
 * changes on refusals by design (REFUSAL_WRITES). At the end the database must
 * pass its integrity and foreign-key checks and the domain invariants.
 *
 * Runs alone (@alone, the last Playwright project): no other test may write
 * while the tables are compared. Its forms are those of editions of its own
 * (taichung-toulouse-fuzz-*, seeded in playwright.config.ts) wherever another
 * journey could have taken one away first. A variant that succeeds may change
 * an edition the way a person could (withdraw a proposal, lock a shortlist,
 * cancel an edition): the targets are ordered so that such a success comes
 * after the other targets of its edition.
 *
 * The seed is random unless FUZZ_SEED is set, and printed with any failure:
 * FUZZ_SEED=<seed> replays the same variants in the same order against the
 * freshly seeded demo data (only the new accounts' addresses differ).
 * FUZZ_VERBOSE=1 prints every request as it is answered.
 */

const VERBOSE = process.env.FUZZ_VERBOSE === "1";
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Tables a refused request may still change, and why. */
const REFUSAL_WRITES: Record<string, string> = {
  rate_limits: "refused sign-in, sign-up and reset attempts count toward their limits: that is what the limits are for",
  sessions: "a signed-in request renews its session once past half its life (sliding expiry), whatever the answer",
  scheduler_leases: "the background scheduler takes and releases its lease every few seconds, whatever the requests",
};

// ---------------------------------------------------------------------------
// The database and the deck storage, before and after
// ---------------------------------------------------------------------------

interface TableState {
  hash: string;
  /** row hash → row (JSON), to say what changed */
  rows: Map<string, string>;
}
interface Snapshot {
  tables: Map<string, TableState>;
  files: Map<string, number>;
}
interface Change {
  table: string;
  added: string[];
  removed: string[];
}

class Watch {
  private readonly db = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
  private readonly tables: string[];
  private version = -1;
  private last: Snapshot | null = null;

  constructor() {
    this.tables = (this.db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);
  }

  /** The current state; cheap when nothing was committed since the last look (PRAGMA data_version). */
  snapshot(): Snapshot {
    const version = this.db.pragma("data_version", { simple: true }) as number;
    const files = listFiles();
    if (this.last && version === this.version && sameFiles(files, this.last.files)) return this.last;
    const tables = new Map<string, TableState>();
    for (const table of this.tables) {
      const rows = new Map<string, string>();
      for (const row of this.db.prepare(`select * from "${table}"`).iterate()) {
        const json = JSON.stringify(row);
        rows.set(createHash("sha1").update(json).digest("base64"), json);
      }
      const hash = createHash("sha1").update([...rows.keys()].sort().join()).digest("base64");
      tables.set(table, { hash, rows });
    }
    this.version = version;
    this.last = { tables, files };
    return this.last;
  }

  close(): void {
    this.db.close();
  }
}

/** Every file under the deck storage, by its path there (a deck's path is its key), with its size. */
function listFiles(): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(E2E_UPLOADS_DIR, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else out.set(path, statSync(join(E2E_UPLOADS_DIR, path)).size);
    }
  };
  if (existsSync(E2E_UPLOADS_DIR)) walk("");
  return out;
}
function sameFiles(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function changes(before: Snapshot, after: Snapshot): Change[] {
  const out: Change[] = [];
  for (const [table, b] of before.tables) {
    const a = after.tables.get(table)!;
    if (a.hash === b.hash) continue;
    out.push({ table, added: [...a.rows].filter(([h]) => !b.rows.has(h)).map(([, r]) => r), removed: [...b.rows].filter(([h]) => !a.rows.has(h)).map(([, r]) => r) });
  }
  const added = [...after.files.keys()].filter((f) => !before.files.has(f));
  const removed = [...before.files.keys()].filter((f) => !after.files.has(f));
  if (added.length || removed.length) out.push({ table: `files in ${E2E_UPLOADS_DIR}`, added, removed });
  return out;
}

// ---------------------------------------------------------------------------
// Reading an answer
// ---------------------------------------------------------------------------

/** Every catalogue string, as the longest literal piece between its {{placeholders}}, per language. */
const PIECES = Object.fromEntries(
  LOCALES.map((locale) => {
    const out: string[] = [];
    const walk = (node: unknown) => {
      if (typeof node === "string") {
        const piece = node
          .split(/\{\{[^}]*\}\}|<\/?\d+>/)
          .map(normalise)
          .sort((a, b) => b.length - a.length)[0];
        if (piece && piece.length >= 4) out.push(piece);
      } else if (node && typeof node === "object") for (const child of Object.values(node)) walk(child);
    };
    walk(CATALOGUES[locale]);
    return [locale, out];
  }),
) as Record<Locale, string[]>;

/** A catalogue key shown as it is: the message was never translated. */
const RAW_KEY = new RegExp(`(^|[\\s"'(])(${Object.keys(CATALOGUES.en).join("|")})\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*`);

function normalise(s: string): string {
  return s.replace(/[\s\u00a0\u202f]+/g, " ").trim();
}
function hasMessage(text: string, locale: Locale): boolean {
  const plain = normalise(text);
  return PIECES[locale].some((piece) => plain.includes(piece));
}

interface Answer {
  status: number;
  location: string | null;
  contentType: string;
  body: string;
}

/** Why a 4xx answer is not a readable message, or null when it is one. */
function unreadable(answer: Answer, anyPlainText: boolean): string | null {
  if (answer.contentType.startsWith("text/plain")) {
    if (anyPlainText) return answer.body.trim() ? null : "an empty plain-text answer";
    return LOCALES.some((l) => hasMessage(answer.body, l)) ? null : `plain text without a message: ${JSON.stringify(answer.body.slice(0, 160))}`;
  }
  if (answer.contentType.includes("json")) {
    const strings: string[] = [];
    try {
      JSON.stringify(JSON.parse(answer.body), (_, v: unknown) => (typeof v === "string" && strings.push(v), v));
    } catch {
      return `unparseable JSON: ${answer.body.slice(0, 120)}`;
    }
    return strings.some((s) => LOCALES.some((l) => hasMessage(s, l))) ? null : `JSON without a message: ${answer.body.slice(0, 160)}`;
  }
  if (!answer.contentType.startsWith("text/html")) return `a ${answer.contentType || "bodiless"} answer: ${JSON.stringify(answer.body.slice(0, 120))}`;
  const lang = (/<html[^>]*\slang="([^"]+)"/.exec(answer.body)?.[1] ?? "en") as Locale;
  const locale: Locale = LOCALES.includes(lang) ? lang : "en";
  const generic = normalise(t(locale, "errors.server.title"));
  const errorPage = elements(answer.body, /data-testid="error-\d+"/)[0];
  if (errorPage !== undefined) {
    const text = textOf(errorPage);
    if (text.includes(generic)) return `the generic error page: "${text.slice(0, 160)}"`;
    return hasMessage(text, locale) ? null : `an error page without a catalogue message: "${text.slice(0, 160)}"`;
  }
  const alerts = elements(answer.body, /\srole="alert"/).map(textOf).filter(Boolean);
  if (alerts.length === 0) return "no message on the page (nothing with role=alert)";
  const raw = alerts.find((a) => RAW_KEY.test(a));
  if (raw) return `an untranslated key: "${raw.slice(0, 160)}"`;
  if (alerts.some((a) => a.includes(generic))) return `the generic message: ${JSON.stringify(alerts)}`;
  return alerts.some((a) => hasMessage(a, locale)) ? null : `no catalogue message in ${JSON.stringify(alerts).slice(0, 300)}`;
}

// ---------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------

/** A loopback address of the fuzz's own: its rate-limit windows are nobody else's. */
function ownHost(rng: Rng): string {
  return `http://127.0.${200 + rng.int(50)}.${1 + rng.int(250)}:${PORT}`;
}

async function send(host: string, path: string, cookie: string | null, body: Uint8Array | null, contentType: string | null, method = "POST"): Promise<Answer> {
  const headers: Record<string, string> = { Origin: host, "Accept-Language": "en" };
  if (cookie) headers.Cookie = cookie;
  if (contentType) headers["Content-Type"] = contentType;
  const response = await fetch(`${host}${path}`, { method, headers, body: body ? new Uint8Array(body) : undefined, redirect: "manual", signal: AbortSignal.timeout(30_000) });
  return { status: response.status, location: response.headers.get("location"), contentType: response.headers.get("content-type") ?? "", body: await response.text() };
}

function sessionCookie(setCookie: string | null): string {
  const cookie = (setCookie ?? "").split(";")[0] ?? "";
  if (!cookie.includes("=")) throw new Error(`no session cookie in ${setCookie}`);
  return cookie;
}

async function cookieOf(role: Role): Promise<string> {
  const client = await newClient(role);
  try {
    return (await client.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await client.dispose();
  }
}

/** A new applicant account, signed up from a loopback address of its own. */
async function freshAccount(host: string, tag: string): Promise<{ email: string; password: string; cookie: string }> {
  const email = uniqueEmail(`fuzz-${tag}`);
  const password = "correct horse battery";
  const form = new URLSearchParams({ name: `Fuzz ${tag}`, email, password, timeZone: "UTC" });
  const response = await fetch(`${host}/sign-up`, { method: "POST", headers: { Origin: host, "Content-Type": "application/x-www-form-urlencoded" }, body: form, redirect: "manual" });
  expect(response.status, `sign-up of ${email}`).toBe(302);
  return { email, password, cookie: sessionCookie(response.headers.get("set-cookie")) };
}

/** The link of the newest message of a template to an address (read from the outbox table). */
function mailedLink(to: string, template: string, path: RegExp): string {
  const [row] = readDb<{ body_text: string }>("select body_text from outbox where to_email = ? and template = ? order by created_at desc limit 1", to, template);
  if (!row) throw new Error(`no ${template} message to ${to}`);
  return new URL(linkIn(row.body_text, path)).pathname;
}

// ---------------------------------------------------------------------------
// The targets: every route with an action
// ---------------------------------------------------------------------------

/** Who posts: a demo role, the fuzz's own applicant account, or a session opened for this target alone. */
type Who = Role | "fresh" | "own session";

interface Target {
  /** The route's key in ROUTE_ACCESS. */
  route: string;
  who: Who;
  /** The path posted to, as the page's forms write it. */
  action: string;
  /** Where the forms are, when not on the action's own page. */
  page?: string;
  /** The action the page's forms name, when it is not `action`: their fields are posted to `action`. */
  formAction?: string;
  /** The form, for a page that shows it only in states the demo data does not reach (checked against the route's source). */
  declared?: { fields: Pick<FormField, "name" | "kind" | "value">[]; why: string };
  /** Intents the action knows that no form on the page offers now. */
  moreIntents?: string[];
  /** The form has a file input: the upload variants too. */
  upload?: boolean;
  /** A refused submit keeps the draft it carried (the save comes first, as the proposal form promises): this proposal's row may change. */
  keepsDraftOf?: string;
  /** What this action writes on a refusal by design: rows added to a table, and why. */
  refusalAdds?: { table: string; row: (row: Record<string, unknown>) => boolean; why: string };
  /** A test hook outside the UI: a JSON body, plain-text answers. */
  hook?: boolean;
  /** The answer route-access.ts declares for this role's empty form, when it is not "bad": the role may still act. */
  emptyForm?: "notfound";
  /** How many fields of each form get drawn values (default 12). */
  fieldsPerForm?: number;
}

const E = (stage: string) => `taichung-toulouse-${stage}`;
/** An edition of the fuzz's own (playwright.config.ts seeds them), in the stage its forms need. */
const F = (stage: string) => E(`fuzz-${stage}`);

/** Routes with an action that the fuzz leaves out, and why. None: sign-out is posted from a session of its own. */
const NOT_FUZZED: Record<string, string> = {};

interface Context {
  resetToken: string;
  invitationToken: string;
  reviewDeclared: string;
  reviewUndeclared: string;
  screeningProposal: string;
}

/** In an order where a success that changes an edition's stage comes after every other target of that edition. */
function targets(ctx: Context): Target[] {
  const edit = proposalOf(F("callopen")).proposalId;
  return [
    // Anonymous forms
    { route: "/sign-in", who: "anonymous", action: "/sign-in" },
    {
      route: "/sign-up",
      who: "anonymous",
      action: "/sign-up",
      refusalAdds: {
        table: "outbox",
        row: (row) => row.template === "account-exists",
        why: "signing up with an address that has an account tells its owner by mail, while the page does not say whether the account exists",
      },
    },
    { route: "/forgot-password", who: "anonymous", action: "/forgot-password" },
    { route: "/reset-password/:token", who: "anonymous", action: pathOf("/reset-password/:token", { token: ctx.resetToken }) },
    { route: "/invitations/:token", who: "anonymous", action: pathOf("/invitations/:token", { token: ctx.invitationToken }) },
    { route: "/language", who: "anonymous", action: "/language", page: "/sign-in" },
    { route: "/__test/clock", who: "anonymous", action: "/__test/clock", hook: true },
    { route: "/sign-out", who: "own session", action: "/sign-out", page: "/settings" },
    // Applicant
    { route: "/settings", who: "fresh", action: "/settings" },
    { route: "/applicant/teams/new", who: "applicantA", action: "/applicant/teams/new" },
    { route: "/applicant/teams/:teamId", who: "applicantA", action: pathOf("/applicant/teams/:teamId") },
    // An empty form names no edition, hence the 404 route-access.ts declares; the fuzz starts from the page's real forms.
    { route: "/applicant/proposals/new", who: "applicantA", action: "/applicant/proposals/new", page: "/applicant", emptyForm: "notfound" },
    { route: "/applicant/proposals/:proposalId/edit", who: "applicantA", action: pathOf("/applicant/proposals/:proposalId/edit", { proposalId: edit }), upload: true, keepsDraftOf: edit },
    {
      route: "/applicant/proposals/:proposalId",
      who: "applicantA",
      action: pathOf("/applicant/proposals/:proposalId", { edition: E("announcement") }),
      page: pathOf("/applicant/proposals/:proposalId", { edition: F("callopen") }),
      formAction: pathOf("/applicant/proposals/:proposalId", { edition: F("callopen") }),
      moreIntents: ["ACCEPT", "DECLINE"],
    },
    // After the offer above, which takes its form from this proposal's page before a withdrawal can remove it.
    { route: "/applicant/proposals/:proposalId", who: "applicantA", action: pathOf("/applicant/proposals/:proposalId", { edition: F("callopen") }), moreIntents: ["ACCEPT", "DECLINE"] },
    { route: "/applicant/proposals/:proposalId/checklist", who: "applicantA", action: pathOf("/applicant/proposals/:proposalId/checklist", { edition: F("predeparture") }), fieldsPerForm: 14 },
    { route: "/applicant/proposals/:proposalId/report", who: "applicantA", action: pathOf("/applicant/proposals/:proposalId/report", { edition: F("reporting") }) },
    { route: "/applicant/proposals/:proposalId/itinerary", who: "applicantA", action: pathOf("/applicant/proposals/:proposalId/itinerary", { edition: F("itinerary") }) },
    // Reviewer: the conflict declaration, then the scores of a proposal declared free of conflict
    { route: "/review/:slug/proposals/:proposalId", who: "reviewerA", action: pathOf("/review/:slug/proposals/:proposalId", { edition: F("reviewing"), proposalId: ctx.reviewUndeclared }) },
    { route: "/review/:slug/proposals/:proposalId", who: "reviewerA", action: pathOf("/review/:slug/proposals/:proposalId", { edition: F("reviewing"), proposalId: ctx.reviewDeclared }) },
    // Coordinator console
    { route: "/coordinate/:slug/panel", who: "coordinatorA", action: pathOf("/coordinate/:slug/panel", { edition: F("reviewing") }) },
    {
      route: "/coordinate/:slug/screening",
      who: "coordinatorA",
      action: pathOf("/coordinate/:slug/screening", { edition: F("reviewing") }),
      declared: {
        fields: [
          { name: "proposalId", kind: "hidden", value: ctx.screeningProposal },
          { name: "decision", kind: "hidden", value: "ineligible" },
          { name: "reason", kind: "text", value: "Out of scope" },
        ],
        why: "the screening forms show only while a proposal waits in screening, which no demo edition has",
      },
      moreIntents: [],
    },
    { route: "/coordinate/:slug/reviews", who: "coordinatorA", action: pathOf("/coordinate/:slug/reviews", { edition: F("reviewing") }) },
    { route: "/coordinate/:slug/rubric", who: "coordinatorA", action: pathOf("/coordinate/:slug/rubric", { edition: F("reviewing") }), fieldsPerForm: 14 },
    {
      route: "/coordinate/:slug/dashboard",
      who: "coordinatorA",
      action: pathOf("/coordinate/:slug/dashboard", { edition: F("reviewing") }),
      declared: { fields: [{ name: "intent", kind: "hidden", value: "send-now" }], why: "the send-now form shows only when SMTP is configured, and the e2e server has none" },
    },
    { route: "/coordinate/:slug/topics", who: "coordinatorA", action: pathOf("/coordinate/:slug/topics", { edition: F("topics") }) },
    { route: "/coordinate/:slug/hosting", who: "coordinatorA", action: pathOf("/coordinate/:slug/hosting", { edition: F("hosting") }) },
    { route: "/coordinate/:slug/pre-departure", who: "coordinatorA", action: pathOf("/coordinate/:slug/pre-departure", { edition: F("predeparture") }) },
    { route: "/coordinate/:slug/results", who: "coordinatorA", action: pathOf("/coordinate/:slug/results", { edition: F("reporting") }) },
    { route: "/coordinate/:slug/itineraries/:proposalId", who: "coordinatorB", action: pathOf("/coordinate/:slug/itineraries/:proposalId", { edition: F("itinerary") }) },
    { route: "/coordinate/:slug/matchmaking", who: "coordinatorA", action: pathOf("/coordinate/:slug/matchmaking", { edition: F("itinerary") }), fieldsPerForm: 6 },
    { route: "/coordinate/:slug/offers", who: "coordinatorA", action: pathOf("/coordinate/:slug/offers", { edition: F("itinerary") }) },
    { route: "/coordinate/:slug/shortlist", who: "coordinatorA", action: pathOf("/coordinate/:slug/shortlist", { edition: F("reviewing") }) },
    { route: "coordinate-picks", who: "coordinatorA", action: pathOf("/coordinate/:slug/picks", { edition: E("picking") }) },
    { route: "/coordinate/:slug/schedule", who: "coordinatorA", action: pathOf("/coordinate/:slug/schedule", { edition: F("callopen") }), fieldsPerForm: 16 },
    // Admin
    { route: "/admin", who: "admin", action: "/admin?index", page: "/admin" },
    { route: "/admin/editions/new", who: "admin", action: "/admin/editions/new" },
    { route: "/programs/:slug/timeline", who: "admin", action: pathOf("/programs/:slug/timeline", { edition: E("exchange") }) },
  ];
}

// ---------------------------------------------------------------------------
// Variants
// ---------------------------------------------------------------------------

interface Variant {
  label: string;
  body: Uint8Array | null;
  contentType: string | null;
  /** The `intent` the action reads (the last one sent: Object.fromEntries keeps the last). */
  intent?: string;
}

function lastIntent(fields: readonly Field[]): string | undefined {
  const values = fields.filter(([n, v]) => n === "intent" && typeof v === "string").map(([, v]) => v as string);
  return values[values.length - 1];
}

function formVariant(label: string, fields: readonly Field[], encoding: Encoding): Variant {
  const { body, contentType } = encode(fields, encoding);
  return { label: `${label} (${encoding})`, body, contentType, intent: lastIntent(fields) };
}

const PLAUSIBLE: Partial<Record<FieldKind, () => string>> = {
  text: () => "Fuzz value",
  textarea: () => "A fuzz text of a few words.",
  email: () => uniqueEmail("fuzz"),
  password: () => "correct horse battery",
  number: () => "3",
  date: () => "2031-03-04",
  "datetime-local": () => "2031-03-04T10:30",
  url: () => "https://example.test/fuzz",
};

/**
 * What a person would send: the page's values, empty fields filled with
 * plausible ones (so the variants reach the rules past "required"), one
 * choice of each radio group, some checkboxes ticked.
 */
function baseline(form: PostForm, rng: Rng): Field[] {
  const fields = form.fields.map((f) => ({ ...f }));
  const groups = new Set(fields.filter((f) => f.kind === "radio").map((f) => f.name));
  for (const name of groups) {
    const group = fields.filter((f) => f.kind === "radio" && f.name === name);
    if (!group.some((f) => f.checked)) rng.pick(group).checked = true;
  }
  for (const f of fields) {
    if (f.kind === "checkbox" && !f.checked) f.checked = f.required || rng.chance(0.5);
    const plausible = PLAUSIBLE[f.kind];
    if (f.value === "" && plausible && f.name !== "preferredDates") f.value = plausible();
  }
  return browserFields({ ...form, fields }, form.buttons.length ? rng.pick(form.buttons) : undefined);
}

function replace(fields: readonly Field[], name: string, value: FieldValue): Field[] {
  let done = false;
  const out = fields.map(([n, v]): Field => {
    if (n !== name || done) return [n, v];
    done = true;
    return [n, value];
  });
  return done ? out : [...out, [name, value]];
}

function variantsOf(form: PostForm, target: Target, rng: Rng, encodingOf: () => Encoding): Variant[] {
  const out: Variant[] = [];
  const base = baseline(form, rng);
  const kinds = new Map(form.fields.map((f) => [f.name, f.kind]));
  out.push(formVariant("as a person would send it", base, encodingOf()));
  for (const button of form.buttons) out.push(formVariant(`pressing ${button.name}=${button.value}`, browserFields(form, button).map(([n, v]) => [n, v === "" ? (base.find(([b]) => b === n)?.[1] ?? v) : v] as Field), encodingOf()));
  if (base.some(([n]) => n === "intent") || form.buttons.some((b) => b.name === "intent")) {
    for (const intent of target.moreIntents ?? []) out.push(formVariant(`intent ${intent}`, replace(base, "intent", intent), encodingOf()));
    out.push(formVariant("an unknown intent", replace(base, "intent", rng.pick(UNKNOWN_INTENTS)), encodingOf()));
  }
  const names = [...new Set(base.map(([n]) => n as string))];
  for (const name of rng.shuffle(names).slice(0, target.fieldsPerForm ?? 12)) {
    const kind = kinds.get(name) ?? "hidden";
    if (kind === "file") continue;
    for (let i = 0; i < 2; i++) {
      const drawn = drawValue(rng, kind);
      out.push(formVariant(`${name} = ${drawn.label}`, replace(base, name, drawn.value), encodingOf()));
    }
    const r = rng.next();
    if (r < 0.3) out.push(formVariant(`${name} missing`, base.filter(([n]) => n !== name), encodingOf()));
    else if (r < 0.6) out.push(formVariant(`${name} twice`, [...base, [name, drawValue(rng, kind).value]], encodingOf()));
  }
  out.push(formVariant("every field twice", base.flatMap(([n, v]) => [[n, v], [n, drawValue(rng, kinds.get(n as string) ?? "text", true).value]] as Field[]), encodingOf()));
  out.push(formVariant("every field a drawn value", base.map(([n, v]) => [n, kinds.get(n as string) === "file" ? v : drawValue(rng, kinds.get(n as string) ?? "text", true).value] as Field), encodingOf()));
  const text = names.filter((n) => ["text", "textarea", "email", "password", "url"].includes(kinds.get(n) ?? ""));
  if (text.length) {
    const name = rng.pick(text);
    out.push(formVariant(`${name} of 1 MB`, replace(base, name, HUGE), encodingOf()));
    out.push(formVariant(`a file in ${name}`, replace(base, name, { filename: "x.pdf", type: "application/pdf", bytes: tinyPdf() }), "multipart"));
  }
  out.push(formVariant("an undeclared field", [...base, [rng.pick(ODD_NAMES), "1"]], encodingOf()));
  return out;
}

function uploadVariants(form: PostForm, rng: Rng): Variant[] {
  const base = replace(baseline(form, rng), "intent", "save");
  const pdf = tinyPdf("fuzz");
  const out: Variant[] = badDecks().map((d) => formVariant(`deck: ${d.label}`, replace(base, "deck", d.value), "multipart"));
  for (let i = 0; i < 2; i++) {
    const odd = oddlyNamedPdf(pdf, rng);
    out.push(formVariant(`deck: ${odd.label}`, replace(base, "deck", odd.value), "multipart"));
  }
  const deck = { filename: "deck.pdf", type: "application/pdf", bytes: pdf };
  out.push(formVariant("deck: two PDFs", [...replace(base, "deck", deck), ["deck", deck]], "multipart"));
  out.push(formVariant("deck: a PDF, then a PDF in another field", [...replace(base, "deck", deck), ["title", deck]], "multipart"));
  out.push(formVariant("deck: a PDF, then 12 MB of text", [...replace(base, "deck", deck), ["problem", "B".repeat(12 * 1024 * 1024)]], "multipart"));
  out.push(formVariant("deck: a PDF and a title too long", replace(replace(base, "deck", deck), "title", "T".repeat(TEXT_LIMITS.title + 1)), "multipart"));
  out.push(formVariant("deck: a PDF, submitted", replace(replace(base, "deck", deck), "intent", "submit"), "multipart"));
  out.push(formVariant("deck: sent as text", replace(base, "deck", "%PDF-1.4 not a file"), "urlencoded"));
  return out;
}

function hookVariants(rng: Rng): Variant[] {
  // Never a string `at`: a date the hook accepts would move the clock under the rest of the fuzz.
  const json = ['{"at":12}', '{"at":[]}', '{"at":{"toString":"2030-01-01"}}', '{"reset":0}', "null", "[]", '"at"', `{"at":${"9".repeat(400)}}`, `{"x":"${HUGE}"}`];
  return [
    ...json.map((j) => ({ label: `JSON ${j.slice(0, 40)}`, body: new TextEncoder().encode(j), contentType: "application/json" })),
    ...rng.shuffle(brokenBodies()).slice(0, 4),
  ];
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

interface Problems {
  list: string[];
  seen: Map<string, number>;
}
function report(problems: Problems, key: string, message: string): void {
  const n = (problems.seen.get(key) ?? 0) + 1;
  problems.seen.set(key, n);
  // The first few of a kind say enough; the count says the rest.
  if (n <= 3) problems.list.push(message);
}

function refusalAllowed(change: Change, target: Target, variant: Variant): boolean {
  if (REFUSAL_WRITES[change.table]) return true;
  const adds = target.refusalAdds;
  if (adds?.table === change.table && change.removed.length === 0) return change.added.every((row) => adds.row(JSON.parse(row) as Record<string, unknown>));
  if (!target.keepsDraftOf || variant.intent !== "submit") return false;
  if (change.table === "proposals") return [...change.added, ...change.removed].every((row) => (JSON.parse(row) as { id: string }).id === target.keepsDraftOf);
  // The deck the kept draft carries, and the one it replaced (checked against the rows at the end).
  return change.table.startsWith("files in ");
}

test.describe("bad input @alone", () => {
  test.describe.configure({ mode: "default" });

  test("every route with an action is fuzzed, as a role that may act", () => {
    const problems: string[] = [];
    // Only the routes and roles are read here: placeholders for what the fuzz makes first.
    const declared: Target[] = targets({ resetToken: "t", invitationToken: "t", reviewDeclared: "p", reviewUndeclared: "p", screeningProposal: "p" });
    for (const route of ROUTES) {
      const access = declarationOf(route);
      if (!access?.post) continue;
      const key = keyOf(route);
      const mine = declared.filter((d) => d.route === key);
      if (mine.length === 0 && !NOT_FUZZED[key]) problems.push(`${key}: has an action but no fuzz target in e2e/fuzz.spec.ts`);
      for (const target of mine) {
        const role: Role = target.who === "fresh" ? "applicantA" : target.who === "own session" ? "applicantB" : target.who;
        const answer = access.post[role];
        if (answer !== "bad" && answer !== "ok" && answer !== target.emptyForm) problems.push(`${key}: fuzzed as ${target.who}, whose POST is "${answer}" (refused before validation)`);
      }
    }
    for (const d of declared) if (!ROUTE_ACCESS[d.route]) problems.push(`${d.route}: a fuzz target for a route that is not declared`);
    expect(problems).toEqual([]);
  });

  test("bad input answers 4xx with a message, or succeeds; never 5xx, and a refusal writes nothing", async () => {
    test.setTimeout(300_000);
    const rng = new Rng(SEED);
    const started = Date.now();
    const problems: Problems = { list: [], seen: new Map() };
    const statuses = new Map<number, number>();
    let requests = 0;

    // Accounts, tokens and ids the targets need, made through the app itself.
    const setupHost = ownHost(rng);
    const cookies = new Map<Who, string>();
    for (const role of ["applicantA", "reviewerA", "coordinatorA", "coordinatorB", "admin"] as const) cookies.set(role, await cookieOf(role));
    const fresh = await freshAccount(setupHost, "settings");
    cookies.set("fresh", fresh.cookie);
    const resetting = await freshAccount(setupHost, "reset");
    expect((await send(setupHost, "/forgot-password", null, new TextEncoder().encode(`email=${encodeURIComponent(resetting.email)}`), "application/x-www-form-urlencoded")).status).toBe(200);
    const resetToken = mailedLink(resetting.email, "password-reset", /^\/reset-password\//).split("/").pop()!;
    const invitee = uniqueEmail("fuzz-invitee");
    const teamPage = pathOf("/applicant/teams/:teamId");
    expect((await send(setupHost, teamPage, cookies.get("applicantA")!, new TextEncoder().encode(`email=${encodeURIComponent(invitee)}`), "application/x-www-form-urlencoded")).status).toBe(200);
    const [invitation] = readDb<{ template: string }>("select template from outbox where to_email = ? order by created_at desc limit 1", invitee);
    const invitationToken = mailedLink(invitee, invitation!.template, /^\/invitations\//).split("/").pop()!;
    const assigned = readDb<{ id: string }>(
      "select a.proposal_id as id from review_assignments a join users u on u.id = a.reviewer_id join programs g on g.id = a.program_id where g.slug = ? and u.email = ? order by a.proposal_id",
      F("reviewing"),
      ROLE_ACCOUNTS.reviewerA,
    ).map((r) => r.id);
    const reviewUndeclared = proposalOf(F("reviewing")).proposalId;
    const reviewDeclared = assigned.find((id) => id !== reviewUndeclared)!;
    const declaration = await send(setupHost, pathOf("/review/:slug/proposals/:proposalId", { edition: F("reviewing"), proposalId: reviewDeclared }), cookies.get("reviewerA")!, new TextEncoder().encode("intent=declare&conflicted=no"), "application/x-www-form-urlencoded");
    expect(declaration.status, "declaring no conflict").toBe(302);
    const [screening] = readDb<{ id: string }>("select p.id from proposals p join programs g on g.id = p.program_id where g.slug = ? and p.city_id = 'taichung' order by p.id limit 1", F("reviewing"));
    const ctx: Context = { resetToken, invitationToken, reviewDeclared, reviewUndeclared, screeningProposal: screening!.id };

    const watch = new Watch();
    try {
      for (const target of targets(ctx)) {
        const host = ownHost(rng);
        const where = `${target.action} as ${target.who}`;
        let cookie: string | null = target.who === "anonymous" ? null : (cookies.get(target.who) ?? null);
        if (target.who === "own session") cookie = await cookieOf("applicantB");

        let variants: Variant[];
        if (target.hook) variants = hookVariants(rng);
        else {
          const forms = await formsOf(target, host, cookie);
          if (typeof forms === "string") {
            report(problems, `${where} forms`, `${where}: ${forms}`);
            continue;
          }
          let flip = rng.chance(0.5);
          const encodingOf = (): Encoding => {
            flip = !flip;
            return flip ? "multipart" : "urlencoded";
          };
          variants = forms.flatMap((form) => variantsOf(form, target, rng, encodingOf));
          if (target.upload) variants.push(...uploadVariants(forms.find((f) => f.fields.some((x) => x.kind === "file"))!, rng));
          variants.push(formVariant("no fields at all", [], "urlencoded"), ...rng.shuffle(brokenBodies()).slice(0, 3));
        }

        for (const variant of variants) {
          const label = `${where} [${variant.label}]`;
          let before = watch.snapshot();
          let answer: Answer;
          let diff: Change[] = [];
          // A change the background scheduler made at the same time cannot be told apart: the request is sent again.
          for (let attempt = 0; ; attempt++) {
            try {
              answer = await send(host, target.action, cookie, variant.body, variant.contentType);
            } catch (error) {
              report(problems, `${where} no answer`, `${label}: no answer (${String(error)})`);
              answer = { status: 0, location: null, contentType: "", body: "" };
              break;
            }
            requests++;
            if (answer.status < 400 || answer.status >= 500) break;
            diff = changes(before, watch.snapshot()).filter((c) => !refusalAllowed(c, target, variant));
            if (attempt > 0 || !diff.some((c) => c.table === "scheduled_jobs")) break;
            before = watch.snapshot();
          }
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (VERBOSE) console.log(`${((Date.now() - started) / 1000).toFixed(1)}s ${answer.status} ${label.slice(0, 160)}`);
          if (answer.status === 0) continue;
          if (answer.status >= 500) report(problems, `${where} 5xx`, `${label}: answered ${answer.status}: ${textOf(elements(answer.body, /<main\b/)[0] ?? answer.body).slice(0, 200)}`);
          if (answer.status >= 300 && answer.status < 400) {
            const to = new URL(answer.location ?? "", host);
            if (to.origin !== host) report(problems, `${where} off-site`, `${label}: redirects off the site, to ${answer.location}`);
          }
          if (answer.status >= 400 && answer.status < 500) {
            const why = unreadable(answer, !!target.hook);
            if (why) report(problems, `${where} ${answer.status} unreadable`, `${label}: ${answer.status} with ${why}`);
            for (const change of diff) {
              report(
                problems,
                `${where} wrote ${change.table}`,
                `${label}: refused with ${answer.status} but changed ${change.table} (+${change.added.length} −${change.removed.length}): ${[...change.added.slice(0, 2), ...change.removed.slice(0, 1).map((r) => `was ${r}`)].join(" | ").slice(0, 400)}`,
              );
            }
          }
          if (answer.contentType.startsWith("text/html")) for (const echo of MARKUP_ECHOES) if (answer.body.includes(echo)) report(problems, `${where} echo`, `${label}: the page holds "${echo}" unescaped`);
        }

        // What the fuzz stored is shown escaped on the form's own page.
        const page = await send(host, target.page ?? target.action.replace(/\?index$/, ""), cookie, null, null, "GET");
        for (const echo of MARKUP_ECHOES) if (page.body.includes(echo)) report(problems, `${where} stored echo`, `${where}: after the fuzz, its page holds "${echo}" unescaped`);
      }
    } finally {
      watch.close();
    }

    for (const broken of invariants()) report(problems, `invariant ${broken.slice(0, 40)}`, `invariant: ${broken}`);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const summary = `seed ${SEED} (replay with FUZZ_SEED=${SEED}): ${requests} requests to ${targets(ctx).length} targets in ${seconds} s; answers ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`;
    test.info().annotations.push({ type: "fuzz", description: summary });
    console.log(summary);
    const counts = [...problems.seen].filter(([, n]) => n > 3).map(([k, n]) => `${k}: ${n} times in all`);
    expect([...problems.list, ...counts], summary).toEqual([]);
  });
});

/** The page's POST forms for the target, one per shape (at most 6), or why there are none. */
async function formsOf(target: Target, host: string, cookie: string | null): Promise<PostForm[] | string> {
  const pagePath = target.page ?? target.action.replace(/\?index$/, "");
  const page = await send(host, pagePath, cookie, null, null, "GET");
  if (page.status !== 200) return `its form page ${pagePath} answered ${page.status}`;
  const forms = postForms(page.body, target.formAction ?? target.action);
  if (forms.length === 0 && target.declared) {
    const route = ROUTES.find((r) => keyOf(r) === target.route)!;
    const source = sourceOf(route);
    const unknown = target.declared.fields.filter((f) => !source.includes(`name="${f.name}"`));
    if (unknown.length) return `declared fields not in ${route.file}: ${unknown.map((f) => f.name).join(", ")}`;
    return [{ action: target.action, fields: target.declared.fields.map((f) => ({ ...f, checked: false, options: [], required: true })), buttons: [] }];
  }
  if (forms.length === 0) return `no POST form to ${target.formAction ?? target.action} on ${pagePath}`;
  const byShape = new Map<string, PostForm>();
  for (const form of forms) if (!byShape.has(shapeOf(form))) byShape.set(shapeOf(form), form);
  return [...byShape.values()].slice(0, 6);
}

/** The domain's invariants over the whole database; each broken one, said in a line. */
function invariants(): string[] {
  const broken: string[] = [];
  const db = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
    const integrity = all<{ integrity_check: string }>("pragma integrity_check");
    if (integrity.map((r) => r.integrity_check).join() !== "ok") broken.push(`integrity_check: ${JSON.stringify(integrity).slice(0, 300)}`);
    const foreign = all<Record<string, unknown>>("pragma foreign_key_check");
    if (foreign.length) broken.push(`foreign_key_check: ${foreign.length} rows, e.g. ${JSON.stringify(foreign.slice(0, 3))}`);

    for (const p of all<{ id: string; submitted_version: number }>(
      "select p.id, p.submitted_version from proposals p where p.submitted_version > 0 and not exists (select 1 from proposal_versions v where v.proposal_id = p.id and v.version = p.submitted_version)",
    ))
      broken.push(`proposal ${p.id} says version ${p.submitted_version} was submitted, but proposal_versions has no such row`);
    for (const v of all<{ proposal_id: string; version: number }>("select v.proposal_id, v.version from proposal_versions v join proposals p on p.id = v.proposal_id where v.version > p.submitted_version"))
      broken.push(`proposal ${v.proposal_id} has a version ${v.version} beyond its submitted_version`);

    for (const p of all<{ id: string; state: string; machine: string | null }>(
      "select p.id, p.state, w.state_value as machine from proposals p left join workflow_instances w on w.subject_id = p.id and w.machine_id = ? where w.id is null or w.state_value <> p.state",
      APPLICATION_MACHINE_ID,
    ))
      broken.push(`proposal ${p.id} is "${p.state}" but its application workflow is ${p.machine === null ? "missing" : `"${p.machine}"`}`);
    for (const w of all<{ id: string; subject_id: string }>("select w.id, w.subject_id from workflow_instances w where w.machine_id = ? and not exists (select 1 from proposals p where p.id = w.subject_id)", APPLICATION_MACHINE_ID))
      broken.push(`application workflow ${w.id} has no proposal ${w.subject_id}`);
    for (const w of all<{ id: string; version: number; last: number | null; state_value: string; state_after: string | null }>(
      `select w.id, w.version, w.state_value,
              (select max(e.seq) from workflow_events e where e.instance_id = w.id) as last,
              (select e.state_after from workflow_events e where e.instance_id = w.id order by e.seq desc limit 1) as state_after
         from workflow_instances w`,
    )) {
      if (w.last !== w.version) broken.push(`workflow ${w.id} is at version ${w.version} but its last event is ${w.last}`);
      else if (w.state_after !== w.state_value) broken.push(`workflow ${w.id} is "${w.state_value}" but its last event left it "${w.state_after}"`);
    }

    // Decks: every key points at a stored file, and every stored file is some proposal's (or version's) deck.
    const stored = new Set(listFiles().keys());
    const keys = new Set(all<{ deck_key: string }>("select deck_key from proposals where deck_key is not null union select deck_key from proposal_versions where deck_key is not null").map((r) => r.deck_key));
    for (const key of keys) if (!stored.has(key)) broken.push(`deck_key ${key} points at no stored file`);
    for (const file of stored) if (!keys.has(file)) broken.push(`stored file ${file} belongs to no proposal or version (left behind)`);

    // Nothing stored beyond the limits the forms enforce.
    const limits: Record<string, number> = { title: TEXT_LIMITS.title, summaryEn: TEXT_LIMITS.short, summaryHome: TEXT_LIMITS.short, preferredDates: TEXT_LIMITS.short };
    for (const table of ["proposals", "proposal_versions"]) {
      for (const row of all<{ id: string; title: string; content: string; deck_name: string | null }>(`select ${table === "proposals" ? "id" : "proposal_id || '#' || version as id"}, title, content, deck_name from ${table}`)) {
        if (row.title.length > TEXT_LIMITS.title) broken.push(`${table} ${row.id}: a title of ${row.title.length} characters`);
        if (row.deck_name && row.deck_name.length > 120) broken.push(`${table} ${row.id}: a deck name of ${row.deck_name.length} characters`);
        let content: Record<string, unknown> = {};
        try {
          content = JSON.parse(row.content) as Record<string, unknown>;
        } catch {
          broken.push(`${table} ${row.id}: content is not JSON`);
        }
        for (const field of CONTENT_FIELDS) {
          const value = content[field];
          const max = limits[field] ?? TEXT_LIMITS.long;
          if (typeof value === "string" && value.length > max) broken.push(`${table} ${row.id}: ${field} of ${value.length} characters (limit ${max})`);
        }
      }
    }
    for (const u of all<{ id: string; n: number }>("select id, length(name) as n from users where length(name) > 100")) broken.push(`user ${u.id}: a name of ${u.n} characters`);
    for (const team of all<{ id: string; n: number }>("select id, length(name) as n from teams where length(name) > 120")) broken.push(`team ${team.id}: a name of ${team.n} characters`);
  } finally {
    db.close();
  }
  return broken;
}
