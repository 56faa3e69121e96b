import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
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
/**
 * The same server reached from another loopback address: the app sees another
 * client IP, so a test can exhaust a per-IP limit without touching the
 * window the rest of the suite shares.
 */
export const OTHER_IP_BASE_URL = `http://127.0.0.2:${PORT}`;

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

export const test = base.extend<Record<never, never>, { outbox: Outbox }>({
  outbox: [
    async ({ browser }, use) => {
      const outbox = new Outbox(browser);
      await use(outbox);
      await outbox.close();
    },
    { scope: "worker" },
  ],
});
