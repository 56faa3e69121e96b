import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import en from "../app/locales/en/index.ts";
import fr from "../app/locales/fr/index.ts";
import zhTW from "../app/locales/zh-TW/index.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoRole } from "../seeds/accounts.ts";

export { expect };
export { DEMO_ACCOUNTS, DEMO_PASSWORD };

/**
 * The catalogues are read at test time, so the suite keeps passing while the
 * French and Chinese wording changes: never hard-code a translated string.
 */
export const CATALOGUES = { "zh-TW": zhTW, fr, en } as const;
export type Locale = keyof typeof CATALOGUES;
export const LOCALES = ["zh-TW", "fr", "en"] as const satisfies readonly Locale[];
export const LANGUAGE_BUTTON: Record<Locale, string> = { "zh-TW": "繁體中文", fr: "Français", en: "English" };

export const PORT = Number(process.env.E2E_PORT ?? 3200);
export const BASE_URL = `http://localhost:${PORT}`;
/** The header a browser sends with a same-origin POST. */
export const SAME_ORIGIN = { Origin: BASE_URL };
/** The same server reached by another loopback address (a second origin for origin checks). */
export const OTHER_IP_BASE_URL = `http://127.0.0.2:${PORT}`;

/**
 * Every browser context and request client of the suite comes from a client
 * address of its own, as people on their own connections do: the server runs
 * behind a trusted proxy (TRUST_PROXY=1 in playwright.config.ts) and takes the
 * address from X-Forwarded-For. Without it every request would come from
 * 127.0.0.1 (Linux answers any 127.x destination from there), and the whole
 * suite would share one per-IP sign-in and sign-up window.
 */
export function clientAddress(): string {
  const octet = () => 1 + Math.floor(Math.random() * 254);
  return `10.${octet()}.${octet()}.${octet()}`;
}
function withClientAddress<T extends { extraHTTPHeaders?: Record<string, string> }>(options: T | undefined): T {
  const headers = options?.extraHTTPHeaders ?? {};
  return { ...(options ?? ({} as T)), extraHTTPHeaders: { "X-Forwarded-For": clientAddress(), ...headers } };
}
const newRequestContext = playwrightRequest.newContext.bind(playwrightRequest);
playwrightRequest.newContext = (options) => newRequestContext(withClientAddress(options));

/** A catalogue string, with i18next-style {{interpolation}}; keys may contain dashes. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = CATALOGUES[locale];
  for (const part of key.split(".")) {
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== "string") throw new Error(`No string "${key}" in the ${locale} catalogue`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? `{{${name}}}`));
}

/** Exact, whole-string match for a catalogue text (role names, headings). */
export function exactly(text: string): RegExp {
  // Any run of spaces (French puts no-break spaces before "?" and ":") matches any other.
  const pattern = text
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  return new RegExp(`^\\s*${pattern}\\s*$`);
}

/** An address nobody else uses, in this run or any other. */
export function uniqueEmail(tag: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `e2e-${tag}-${Date.now().toString(36)}-${random}@e2e.passerelle.test`.toLowerCase();
}

export const HOME_OF: Record<DemoRole, { path: string; testId: string }> = {
  admin: { path: "/admin", testId: "admin-home" },
  coordinator: { path: "/coordinate", testId: "coordinate-home" },
  reviewer: { path: "/review", testId: "review-home" },
  applicant: { path: "/applicant", testId: "applicant-home" },
};

export function demoAccount(role: DemoRole, city: "taichung" | "toulouse" | null = null, index = 1) {
  const account =
    role === "admin"
      ? DEMO_ACCOUNTS.find((a) => a.role === "admin")
      : DEMO_ACCOUNTS.filter((a) => a.role === role && a.city === city)[index - 1];
  if (!account) throw new Error(`No demo ${role} for ${city} #${index}`);
  return account;
}

/** The `lang` of the page's <html>. */
export async function expectLang(page: Page, locale: Locale): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

/** Signs in through the form, as a person would. Stays on whatever page the app redirects to. */
export async function signInUI(page: Page, email: string, password: string, locale: Locale = "en"): Promise<void> {
  if (!page.url().startsWith(`${BASE_URL}/sign-in`)) await page.goto("/sign-in");
  await page.getByLabel(t(locale, "auth.fields.email")).fill(email);
  await page.getByLabel(t(locale, "auth.fields.password")).fill(password);
  await page.getByRole("button", { name: exactly(t(locale, "auth.signIn.submit")) }).click();
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/);
}

/** A browser context or page (whose request client shares the cookie jar), or a bare request client. */
export type HttpClient = APIRequestContext | BrowserContext | Page;
function http(client: HttpClient): APIRequestContext {
  return "request" in client ? client.request : client;
}

/**
 * Signs in by posting the form from the context's own request client (it
 * shares the cookie jar), without rendering the page. Returns where the app
 * would have sent the browser.
 */
export async function signInFast(client: HttpClient, email: string, password = DEMO_PASSWORD, origin = BASE_URL): Promise<string> {
  const response = await http(client).post("/sign-in", { form: { email, password }, headers: { Origin: origin }, maxRedirects: 0 });
  expect(response.status(), `sign-in of ${email} answered ${response.status()}`).toBe(302);
  return response.headers()["location"] ?? "";
}

/** Creates an applicant account by posting the sign-up form; the context is signed in afterwards. */
export async function signUpFast(
  client: HttpClient,
  input: { email: string; password?: string; name?: string; timeZone?: string; locale?: Locale; origin?: string },
): Promise<{ email: string; password: string; name: string }> {
  const password = input.password ?? "correct horse battery";
  const name = input.name ?? "E2E Applicant";
  const response = await http(client).post("/sign-up", {
    form: { name, email: input.email, password, timeZone: input.timeZone ?? "UTC" },
    headers: { Origin: input.origin ?? BASE_URL, "Accept-Language": input.locale ?? "en" },
    maxRedirects: 0,
  });
  expect(response.status(), `sign-up of ${input.email} answered ${response.status()}`).toBe(302);
  expect(response.headers()["location"]).toBe("/applicant");
  return { email: input.email, password, name };
}

export async function signOutUI(page: Page, locale: Locale): Promise<void> {
  await page.getByRole("button", { name: exactly(t(locale, "nav.signOut")) }).click();
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(page.getByRole("banner").getByRole("link", { name: exactly(t(locale, "nav.signIn")) })).toBeVisible();
}

/** Moves the server clock (test hook). Returns the server's new "now". */
export async function moveClock(request: APIRequestContext, at: Date | string | { reset: true }): Promise<Date> {
  const data = at instanceof Date ? { at: at.toISOString() } : typeof at === "string" ? { at } : at;
  const response = await request.post("/__test/clock", { data, headers: SAME_ORIGIN });
  expect(response.status(), `POST /__test/clock answered ${response.status()}: ${await response.text()}`).toBe(200);
  return new Date(((await response.json()) as { now: string }).now);
}

export async function serverNow(request: APIRequestContext): Promise<Date> {
  const response = await request.get("/__test/clock");
  expect(response.status()).toBe(200);
  return new Date(((await response.json()) as { now: string }).now);
}

export interface OutboxMessage {
  subject: string;
  body: string;
}

/** Reads the outbox as the demo admin, from a browser context of its own. */
export class Outbox {
  private page: Promise<Page> | null = null;
  private readonly browser: Browser;
  constructor(browser: Browser) {
    this.browser = browser;
  }

  private adminPage(): Promise<Page> {
    this.page ??= (async () => {
      const context = await this.browser.newContext({ baseURL: BASE_URL, locale: "en" });
      await signInFast(context, demoAccount("admin").email);
      return context.newPage();
    })();
    return this.page;
  }

  /** The newest message sent to `to` (waits for it to be queued), optionally with a subject. */
  async latestFor(to: string, subject?: string): Promise<OutboxMessage> {
    const page = await this.adminPage();
    let found: OutboxMessage | null = null;
    await expect(async () => {
      await page.goto(`/outbox?to=${encodeURIComponent(to)}`);
      const first = page.getByTestId("outbox-message").first();
      await expect(first).toBeAttached({ timeout: 1000 });
      const message = {
        subject: ((await first.locator("summary > span").first().textContent()) ?? "").trim(),
        body: (await first.locator("pre").textContent()) ?? "",
      };
      if (subject !== undefined) expect(message.subject).toBe(subject);
      found = message;
    }).toPass({ timeout: 10_000 });
    return found!;
  }

  async close(): Promise<void> {
    if (this.page) await (await this.page).context().close();
  }
}

/** The first absolute link in a message body. */
export function linkIn(body: string, path: RegExp): string {
  const url = body.match(/https?:\/\/\S+/g)?.find((u) => path.test(new URL(u).pathname));
  if (!url) throw new Error(`No link matching ${path} in:\n${body}`);
  return url;
}

export const test = base.extend<{ extraHTTPHeaders: Record<string, string> | undefined }, { outbox: Outbox; clientAddresses: void }>({
  // The built-in page, context and request of each test.
  // oxlint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
  extraHTTPHeaders: async ({}, use) => {
    await use({ "X-Forwarded-For": clientAddress() });
  },
  // Contexts the tests open themselves.
  clientAddresses: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = (options) => newContext(withClientAddress(options));
      await use();
    },
    { scope: "worker", auto: true },
  ],
  outbox: [
    async ({ browser }, use) => {
      const outbox = new Outbox(browser);
      await use(outbox);
      await outbox.close();
    },
    { scope: "worker" },
  ],
});

// ------------------------------------------------------------------------
// Applicant journeys (e2e/applicant.spec.ts, e2e/applicant-security.spec.ts)
// ------------------------------------------------------------------------
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { APIResponse } from "@playwright/test";

/** The run's SQLite file (see playwright.config.ts), for read-only look-ups the UI does not show. */
export const E2E_DB_FILE = `data/${PORT === 3200 ? "e2e" : `e2e-${PORT}`}.db`;
/** The run's pitch-deck storage (UPLOADS_DIR in playwright.config.ts). */
export const E2E_UPLOADS_DIR = E2E_DB_FILE.replace(/\.db$/, "-uploads");

/** Runs one read-only query against the run's database. */
export function readDb<T>(sqlText: string, ...params: unknown[]): T[] {
  const db = new Database(E2E_DB_FILE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sqlText).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The call window of a city in an edition, from the schedule; `graceEnd` is when submissions stop. */
export function callWindow(slug: string, city: "taichung" | "toulouse"): { opensAt: string; closesAt: string; graceEnd: string } {
  const [row] = readDb<{ starts_at: string; ends_at: string; grace_minutes: number }>(
    "select s.starts_at, s.ends_at, s.grace_minutes from stage_windows s join programs p on p.id = s.program_id where p.slug = ? and s.city_id = ? and s.stage = 'call'",
    slug,
    city,
  );
  if (!row) throw new Error(`No call window for ${city} in ${slug}`);
  return { opensAt: row.starts_at, closesAt: row.ends_at, graceEnd: new Date(Date.parse(row.ends_at) + row.grace_minutes * 60_000).toISOString() };
}

/** A file written in a fresh directory under os.tmpdir(); returns its path. */
export function tempFile(name: string, bytes: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), "passerelle-e2e-")), name);
  writeFileSync(path, bytes);
  return path;
}

/** A small but well-formed one-page PDF (it starts with "%PDF-", as the server checks). */
export function tinyPdf(text = "Passerelle pitch deck"): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    (() => {
      const stream = `BT /F1 12 Tf 10 50 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
      return `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
    })(),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/**
 * A new applicant account, signed in in `client`. The account is created by a
 * request client of its own (so from a client address of its own: the many
 * sign-ups of these journeys never use up one per-IP sign-up window).
 */
export async function freshApplicant(client: HttpClient, tag: string, locale: Locale = "en"): Promise<{ email: string; password: string }> {
  const elsewhere = await playwrightRequest.newContext({ baseURL: BASE_URL });
  try {
    const { email, password } = await signUpFast(elsewhere, { email: uniqueEmail(tag), locale });
    await signInFast(client, email, password);
    return { email, password };
  } finally {
    await elsewhere.dispose();
  }
}

/** Creates a team by posting the form; returns its id. */
export async function createTeamFast(client: HttpClient, input: { name: string; cityId: "taichung" | "toulouse" }): Promise<string> {
  const response = await http(client).post("/applicant/teams/new", { form: { name: input.name, cityId: input.cityId, foundingYear: "2021", size: "4" }, headers: SAME_ORIGIN, maxRedirects: 0 });
  expect(response.status(), `team creation answered ${response.status()}`).toBe(302);
  const id = /\/applicant\/teams\/([^/?]+)/.exec(response.headers()["location"] ?? "")?.[1];
  if (!id) throw new Error(`No team id in ${response.headers()["location"]}`);
  return id;
}

/** Starts (or reopens) the team's proposal in an edition; returns its id. */
export async function startProposalFast(client: HttpClient, teamId: string, programSlug: string): Promise<string> {
  const response = await http(client).post("/applicant/proposals/new", { form: { program: programSlug, team: teamId }, headers: SAME_ORIGIN, maxRedirects: 0 });
  expect(response.status(), `starting a proposal answered ${response.status()}`).toBe(302);
  const id = /\/applicant\/proposals\/([^/?]+)\/edit/.exec(response.headers()["location"] ?? "")?.[1];
  if (!id) throw new Error(`No proposal id in ${response.headers()["location"]}`);
  return id;
}

/** What the edit form carries: the workflow version (hidden field) and the themes offered. */
export async function proposalFormState(client: HttpClient, proposalId: string): Promise<{ version: number; topicIds: string[]; html: string }> {
  const response = await http(client).get(`/applicant/proposals/${proposalId}/edit`);
  expect(response.status()).toBe(200);
  const html = await response.text();
  const version = Number(/name="version" value="(\d+)"/.exec(html)?.[1] ?? NaN);
  const select = /<select[^>]*id="topicId"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? "";
  const topicIds = [...select.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
  return { version, topicIds, html };
}

/** Every field of a complete proposal (the deck apart), tagged so it is recognisable. */
export const PROPOSAL_TEXT_FIELDS = ["title", "summaryEn", "summaryHome", "problem", "product", "traction", "team", "wants", "preferredDates"] as const;
export type ProposalFields = Record<(typeof PROPOSAL_TEXT_FIELDS)[number] | "topicId", string>;
export function completeProposal(tag: string, topicId: string): ProposalFields {
  return {
    title: `${tag} proposal`,
    topicId,
    summaryEn: `${tag}: sensors that cut the energy use of small factories by a fifth.`,
    summaryHome: `${tag} : des capteurs qui réduisent d'un cinquième la consommation des petites usines.`,
    problem: `${tag} problem: small factories cannot see where their energy goes.`,
    product: `${tag} product: clip-on sensors and a dashboard.`,
    traction: `${tag} traction: 12 paying customers, 3 pilots.`,
    team: `${tag} team: two engineers and a designer.`,
    wants: `${tag} wants: meet aerospace suppliers and investors.`,
    preferredDates: "",
  };
}

/** Posts the proposal form as the browser does (multipart), with an optional deck. */
export async function postProposal(
  client: HttpClient,
  proposalId: string,
  fields: Record<string, string | number>,
  deck?: { name: string; mimeType?: string; buffer: Buffer },
): Promise<APIResponse> {
  const multipart: Record<string, string | number | { name: string; mimeType: string; buffer: Buffer }> = { ...fields };
  if (deck) multipart.deck = { name: deck.name, mimeType: deck.mimeType ?? "application/pdf", buffer: deck.buffer };
  return http(client).post(`/applicant/proposals/${proposalId}/edit`, { multipart, headers: SAME_ORIGIN, maxRedirects: 0 });
}

/** A new applicant with a team and a complete, submitted proposal in an open call. */
export async function submittedProposalFast(
  client: HttpClient,
  input: { tag: string; cityId: "taichung" | "toulouse"; programSlug: string; locale?: Locale },
): Promise<{ email: string; teamId: string; proposalId: string; fields: ProposalFields }> {
  const { email } = await freshApplicant(client, input.tag, input.locale);
  const teamId = await createTeamFast(client, { name: `${input.tag} team`, cityId: input.cityId });
  const proposalId = await startProposalFast(client, teamId, input.programSlug);
  const { version, topicIds } = await proposalFormState(client, proposalId);
  const fields = completeProposal(input.tag, topicIds[0]!);
  const response = await postProposal(client, proposalId, { ...fields, intent: "submit", version }, { name: "deck.pdf", buffer: tinyPdf() });
  expect(response.status(), `submitting answered ${response.status()}`).toBe(302);
  expect(response.headers()["location"]).toMatch(new RegExp(`/applicant/proposals/${proposalId}\\?submitted=1$`));
  return { email, teamId, proposalId, fields };
}

/** Waits for a message to `to` that matches, among the newest ones (the outbox page shows 50). */
export async function findMail(outbox: Outbox, to: string, matches: (m: OutboxMessage) => boolean, timeout = 10_000): Promise<OutboxMessage> {
  const page = await (outbox as unknown as { adminPage(): Promise<Page> }).adminPage();
  let found: OutboxMessage | undefined;
  await expect(async () => {
    await page.goto(`/outbox?to=${encodeURIComponent(to)}`);
    const items = page.getByTestId("outbox-message");
    const count = await items.count();
    const messages: OutboxMessage[] = [];
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      messages.push({ subject: ((await item.locator("summary > span").first().textContent()) ?? "").trim(), body: (await item.locator("pre").textContent()) ?? "" });
    }
    found = messages.find(matches);
    expect(found, `no matching message to ${to} among: ${messages.map((m) => m.subject).join(" | ")}`).toBeDefined();
  }).toPass({ timeout });
  return found!;
}
