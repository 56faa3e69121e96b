import AxeBuilder from "@axe-core/playwright";
import type { APIResponse, Page } from "@playwright/test";
import {
  BASE_URL,
  SAME_ORIGIN,
  createTeamFast,
  demoAccount,
  expect,
  freshApplicant,
  proposalFormState,
  readDb,
  signInFast,
  startProposalFast,
  submittedProposalFast,
  test,
  tinyPdf,
} from "./fixtures.ts";

const CALL_OPEN = "taichung-toulouse-applicants";

/** What another team's member could try on a proposal: every page, every form, with and without a body. */
async function tryEverything(attacker: Page, proposalId: string): Promise<Record<string, APIResponse>> {
  const r = attacker.request;
  const base = `/applicant/proposals/${proposalId}`;
  return {
    "GET status": await r.get(base, { maxRedirects: 0 }),
    "GET edit": await r.get(`${base}/edit`, { maxRedirects: 0 }),
    "GET deck": await r.get(`${base}/deck`, { maxRedirects: 0 }),
    "GET status (data)": await r.get(`${base}.data`, { maxRedirects: 0 }),
    "GET edit (data)": await r.get(`${base}/edit.data`, { maxRedirects: 0 }),
    "POST withdraw": await r.post(base, { form: { intent: "WITHDRAW", confirm: "yes", version: "1", reason: "taken over" }, headers: SAME_ORIGIN, maxRedirects: 0 }),
    "POST accept": await r.post(base, { form: { intent: "ACCEPT", version: "1" }, headers: SAME_ORIGIN, maxRedirects: 0 }),
    "POST save": await r.post(`${base}/edit`, {
      multipart: { intent: "save", title: "taken over", deck: { name: "deck.pdf", mimeType: "application/pdf", buffer: tinyPdf("not yours") } },
      headers: SAME_ORIGIN,
      maxRedirects: 0,
    }),
    "POST submit": await r.post(`${base}/edit`, { multipart: { intent: "submit", version: "1", title: "taken over" }, headers: SAME_ORIGIN, maxRedirects: 0 }),
    "POST deck": await r.post(`${base}/deck`, { form: { intent: "save" }, headers: SAME_ORIGIN, maxRedirects: 0 }),
  };
}

test("an applicant can neither read nor change another team's proposal, deck or team", async ({ browser }) => {
  test.setTimeout(90_000);
  const victim = demoAccount("applicant", "taichung", 1);
  const attackerAccount = demoAccount("applicant", "toulouse", 1);

  // The other team's pages, seen by their own member.
  const victimContext = await browser.newContext({ baseURL: BASE_URL, locale: "en" });
  const victimPage = await victimContext.newPage();
  await signInFast(victimContext, victim.email);
  await victimPage.goto("/applicant");
  await expect(victimPage.getByTestId("applicant-home")).toBeVisible();
  const hrefs = await victimPage.getByTestId("team-card").getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const seededIds = [...new Set(hrefs.map((h) => /^\/applicant\/proposals\/([^/?]+)$/.exec(h)?.[1]).filter((id): id is string => !!id))];
  const teamIds = [...new Set(hrefs.map((h) => /^\/applicant\/teams\/([^/?]+)$/.exec(h)?.[1]).filter((id): id is string => !!id && id !== "new"))];
  expect(seededIds.length).toBeGreaterThan(0);
  expect(teamIds).toHaveLength(1);

  // And a team of another new applicant, whose proposal has a deck.
  const ownerContext = await browser.newContext({ baseURL: BASE_URL, locale: "en" });
  const withDeck = await submittedProposalFast(ownerContext, { tag: "victim", cityId: "toulouse", programSlug: CALL_OPEN });
  const ownDeck = await ownerContext.request.get(`/applicant/proposals/${withDeck.proposalId}/deck`);
  expect(ownDeck.status()).toBe(200);
  const deckBytes = await ownDeck.body();

  const proposalIds = [...seededIds, withDeck.proposalId];
  const before = new Map<string, { title: string; state: string }>();
  for (const [id, page] of proposalIds.map((id) => [id, id === withDeck.proposalId ? ownerContext : victimContext] as const)) {
    const p = await page.newPage();
    await p.goto(`/applicant/proposals/${id}`);
    before.set(id, { title: await p.getByRole("heading", { level: 1 }).innerText(), state: (await p.getByTestId("proposal-state").getAttribute("data-state"))! });
    await p.close();
  }

  // The attacker: a member of a Toulouse team of their own.
  const attackerContext = await browser.newContext({ baseURL: BASE_URL, locale: "en" });
  const attacker = await attackerContext.newPage();
  await signInFast(attackerContext, attackerAccount.email);

  // What a proposal that does not exist answers: the other team's must look the same.
  const nobody = await tryEverything(attacker, "no-such-proposal-0000");
  for (const id of proposalIds) {
    const answers = await tryEverything(attacker, id);
    for (const [what, response] of Object.entries(answers)) {
      const expected = nobody[what]!.status();
      expect(response.status(), `${what} on another team's proposal ${id}`).toBe(expected);
      if (what !== "POST deck") expect(response.status(), what).toBe(404);
      else expect([404, 405]).toContain(response.status());
      const body = await response.text();
      expect(body, `${what} leaks the title`).not.toContain(before.get(id)!.title);
    }
  }

  for (const teamId of [...teamIds, withDeck.teamId]) {
    const page = await attacker.request.get(`/applicant/teams/${teamId}`, { maxRedirects: 0 });
    expect(page.status(), `GET another team ${teamId}`).toBe(404);
    const invite = await attacker.request.post(`/applicant/teams/${teamId}`, { form: { email: "intruder@e2e.passerelle.test" }, headers: SAME_ORIGIN, maxRedirects: 0 });
    expect(invite.status(), `invite into another team ${teamId}`).toBe(404);
    const start = await attacker.request.post("/applicant/proposals/new", { form: { program: CALL_OPEN, team: teamId }, headers: SAME_ORIGIN, maxRedirects: 0 });
    expect(start.status(), `start a proposal for another team ${teamId}`).toBe(404);
  }

  // Nothing changed for the other teams.
  for (const id of proposalIds) {
    const context = id === withDeck.proposalId ? ownerContext : victimContext;
    const p = await context.newPage();
    await p.goto(`/applicant/proposals/${id}`);
    await expect(p.getByRole("heading", { level: 1 })).toHaveText(before.get(id)!.title);
    // The seeded proposals move on as other journeys publish results; the fresh one stays as it was.
    if (id === withDeck.proposalId) await expect(p.getByTestId("proposal-state")).toHaveAttribute("data-state", before.get(id)!.state);
    await p.close();
  }
  const [attackerRow] = readDb<{ id: string }>("select id from users where email = ?", attackerAccount.email);
  const byAttacker = readDb<{ n: number }>(
    `select count(*) as n from workflow_events e join workflow_instances i on i.id = e.instance_id where i.subject_id in (${proposalIds.map(() => "?").join(",")}) and e.actor_user_id = ?`,
    ...proposalIds,
    attackerRow!.id,
  );
  expect(byAttacker[0]!.n, "workflow events by the attacker on other teams' proposals").toBe(0);
  expect((await (await ownerContext.request.get(`/applicant/proposals/${withDeck.proposalId}/deck`)).body()).equals(deckBytes)).toBe(true);
  const invited = await ownerContext.request.get(`/applicant/teams/${withDeck.teamId}`);
  expect(await invited.text()).not.toContain("intruder@e2e.passerelle.test");

  await Promise.all([victimContext.close(), ownerContext.close(), attackerContext.close()]);
});

test("a signed-out visitor is sent to sign in, and learns nothing of the proposal", async ({ browser, request }) => {
  const ownerContext = await browser.newContext({ baseURL: BASE_URL, locale: "en" });
  const { proposalId, fields } = await submittedProposalFast(ownerContext, { tag: "anon", cityId: "toulouse", programSlug: CALL_OPEN });
  for (const path of [`/applicant/proposals/${proposalId}`, `/applicant/proposals/${proposalId}/edit`, `/applicant/proposals/${proposalId}/deck`]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(302);
    expect(response.headers()["location"], path).toMatch(/^\/sign-in\?next=/);
    expect(await response.text()).not.toContain(fields.title);
  }
  await ownerContext.close();
});

// ---------------------------------------------------------------------------
// Accessibility of the applicant's forms (axe-core), as in e2e/a11y.spec.ts.
// ---------------------------------------------------------------------------
async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.replace(/\n/g, " ")}`).join("\n")}`);
  expect(report, `axe violations on ${page.url()}`).toEqual([]);
}

test.describe("accessibility of the applicant's pages", () => {
  test("/applicant/teams/new has no serious or critical violations", async ({ page, context }) => {
    await freshApplicant(context, "a11y-team");
    await page.goto("/applicant/teams/new");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page);
    // With the errors shown, too.
    await page.locator('input[name="website"]').fill("not a site");
    await page.locator('form[method="post"] button[type="submit"]').last().click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("the proposal form (a draft, then a submitted proposal) has no serious or critical violations", async ({ page, context }) => {
    await freshApplicant(context, "a11y-edit");
    const teamId = await createTeamFast(context, { name: "a11y team", cityId: "toulouse" });
    const proposalId = await startProposalFast(context, teamId, CALL_OPEN);
    await page.goto(`/applicant/proposals/${proposalId}/edit`);
    await expect(page.getByTestId("missing")).toBeVisible();
    await expectNoSeriousViolations(page);
    // A refused submit, with its error list.
    await page.locator("#title").fill("Accessible title");
    await page.locator('button[name="intent"][value="submit"]').click();
    await expect(page.getByTestId("form-error")).toBeVisible();
    await expectNoSeriousViolations(page);

    const submitted = await submittedProposalFast(context, { tag: "a11y-edit2", cityId: "toulouse", programSlug: CALL_OPEN });
    await page.goto(`/applicant/proposals/${submitted.proposalId}/edit`);
    await expect(page.getByTestId("deck-current")).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("the proposal status page has no serious or critical violations", async ({ page, context }) => {
    const { proposalId } = await submittedProposalFast(context, { tag: "a11y-status", cityId: "toulouse", programSlug: CALL_OPEN });
    const { version } = await proposalFormState(context, proposalId);
    expect(version).toBeGreaterThan(0);
    await page.goto(`/applicant/proposals/${proposalId}?submitted=1`);
    await expect(page.getByTestId("status-explainer")).toBeVisible();
    await expect(page.getByTestId("withdraw")).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});
