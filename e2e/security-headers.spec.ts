import { createHash } from "node:crypto";
import { BASE_URL, DEMO_ACCOUNTS, expect, signInFast, submittedProposalFast, test } from "./fixtures.ts";

/**
 * What every document says to the browser about scripts, framing, sniffing
 * and referrers (SPEC §4), checked on the answers themselves and in Chromium:
 * a page whose inline script the policy did not allow would log a violation.
 */
const CALL_OPEN = "taichung-toulouse-callopen";
const coordinator = DEMO_ACCOUNTS.find((a) => a.role === "coordinator")!.email;

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** Every inline script of the page is allowed by the policy: by its nonce or by its hash. */
function expectInlineScriptsAllowed(html: string, scriptSources: string[]) {
  const nonces = scriptSources.filter((s) => s.startsWith("'nonce-")).map((s) => s.slice(7, -1));
  const hashes = scriptSources.filter((s) => s.startsWith("'sha256-"));
  let inline = 0;
  for (const [, attributes = "", content = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(attributes) || !content) continue;
    inline++;
    const nonce = /\snonce="([^"]*)"/.exec(attributes)?.[1];
    const hash = `'sha256-${createHash("sha256").update(content, "utf8").digest("base64")}'`;
    expect(nonces.includes(nonce ?? "\0") || hashes.includes(hash), `inline script ${content.slice(0, 60)}… is allowed`).toBe(true);
  }
  expect(inline, "the page has inline scripts to check").toBeGreaterThan(0);
}

test("every kind of document carries a strict policy: no inline script without a nonce or hash, no framing, no sniffing", async ({ browser, request }) => {
  const signedIn = await browser.newContext({ baseURL: BASE_URL, locale: "en" });
  await signInFast(signedIn, coordinator);
  const pages: [string, typeof request][] = [
    ["/", request],
    ["/programs/taichung-toulouse-2019", request],
    ["/sign-in", request],
    ["/no-such-page", request],
    ["/coordinate", signedIn.request],
    ["/programs/taichung-toulouse-2019", signedIn.request],
  ];
  for (const [path, client] of pages) {
    const response = await client.get(path);
    const headers = response.headers();
    const policy = headers["content-security-policy"] ?? "";
    const d = directives(policy);
    const scripts = d.get("script-src") ?? [];
    expect(scripts, `${path}: script-src`).not.toContain("'unsafe-inline'");
    expect(scripts, `${path}: script-src`).not.toContain("'unsafe-eval'");
    expect(scripts.some((s) => s.startsWith("'nonce-") || s.startsWith("'sha256-")), `${path}: nonces or hashes`).toBe(true);
    expect(d.get("frame-ancestors"), path).toEqual(["'none'"]);
    expect(d.get("object-src"), path).toEqual(["'none'"]);
    expect(d.get("base-uri"), path).toEqual(["'self'"]);
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"], path).toBe("DENY");
    // Served over plain http here: HSTS only when the configured address is https (unit-tested).
    expect(headers["strict-transport-security"], path).toBeUndefined();
    expectInlineScriptsAllowed(await response.text(), scripts);
  }
  await signedIn.close();
});

test("a signed-in page gets a new nonce on every answer", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: "en" });
  await signInFast(context, coordinator);
  const nonceOf = async () => /'nonce-([^']+)'/.exec((await context.request.get("/coordinate")).headers()["content-security-policy"] ?? "")?.[1];
  const [a, b] = [await nonceOf(), await nonceOf()];
  expect(a).toBeTruthy();
  expect(a).not.toBe(b);
  await context.close();
});

test("Chromium runs the pages without a policy violation, cached public pages included", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: "zh-TW" });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  // Twice each: the second visit of a public page comes from the one-second cache.
  for (const path of ["/", "/", "/programs/taichung-toulouse-2019", "/programs/taichung-toulouse-2019", `/programs/${CALL_OPEN}`, "/sign-in"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // Hydrated (scripts ran): the countdown of an open call ticks in the browser.
  await page.goto(`/programs/${CALL_OPEN}`);
  const countdown = page.getByTestId("countdown").first();
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first ?? "", { timeout: 5000 });
  expect(violations).toEqual([]);
  await context.close();
});

test("a deck is served as an attachment with its own type, sniffing off and a sandbox", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: "en" });
  const { proposalId } = await submittedProposalFast(context, { tag: "headers", cityId: "taichung", programSlug: CALL_OPEN });
  const deck = await context.request.get(`/applicant/proposals/${proposalId}/deck`);
  expect(deck.status()).toBe(200);
  const headers = deck.headers();
  expect(headers["content-type"]).toBe("application/pdf");
  expect(headers["content-disposition"]).toMatch(/^attachment;/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["content-security-policy"]).toContain("sandbox");
  expect((await deck.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await context.close();
});
