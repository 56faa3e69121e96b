import type { APIResponse, Browser, BrowserContext, Page } from "@playwright/test";
import { TEAMS } from "../seeds/demo-data.ts";
import { BASE_URL, demoAccount, exactly, expect, SAME_ORIGIN, signInFast, t, test, type Locale } from "./fixtures.ts";

/**
 * The review season of one edition, both cities side by side: scoring,
 * conflicts, the shortlists of 5, the picks of 2, the announcement, a decline
 * and its replacement. The edition is this file's own (seeded in the
 * reviewing stage by playwright.config.ts); the steps depend on each other.
 */
const SLUG = "taichung-toulouse-reviewing";
type City = "taichung" | "toulouse";
const CITIES: City[] = ["taichung", "toulouse"];
const partnerOf = (city: City): City => (city === "taichung" ? "toulouse" : "taichung");
const CRITERIA = ["innovation", "market", "team", "fit"] as const;

/** Eight strictly decreasing score vectors (default shortlist rubric), best first. */
const LEVELS = [
  [5, 5, 5, 5],
  [5, 5, 5, 4],
  [5, 5, 4, 4],
  [5, 4, 4, 4],
  [4, 4, 4, 4],
  [4, 4, 4, 3],
  [4, 4, 3, 3],
  [4, 3, 3, 3],
];
/** Reviewer n is n−1 points harsher than reviewer 1, with the same order: the normalised ranking is P1…P8. */
const scoresOf = (reviewer: number, index: number) => LEVELS[index]!.map((v) => v - (reviewer - 1));

interface Actor {
  context: BrowserContext;
  page: Page;
  email: string;
  name: string;
  locale: Locale;
}
const actors = new Map<string, Actor>();
/** One signed-in browser per person, kept for the whole journey. */
async function as(browser: Browser, role: "coordinator" | "reviewer" | "applicant", city: City, index = 1): Promise<Actor> {
  const key = `${role}:${city}:${index}`;
  let actor = actors.get(key);
  if (!actor) {
    const account = demoAccount(role, city, index);
    const context = await browser.newContext({ baseURL: BASE_URL, locale: account.locale, viewport: { width: 1280, height: 900 } });
    await signInFast(context, account.email);
    actor = { context, page: await context.newPage(), email: account.email, name: account.name, locale: account.locale };
    actors.set(key, actor);
  }
  return actor;
}

/** Proposal ids per city, in team (= applicant) order, read from a reviewer's queue. */
const ids: Record<City, string[]> = { taichung: [], toulouse: [] };
const title = (city: City, i: number) => TEAMS[city][i]!.title;
const team = (city: City, i: number) => TEAMS[city][i]!.name;
const proposalPath = (id: string) => `/review/${SLUG}/proposals/${id}`;

/** A form post as the browser sends it (same origin, no redirect following). */
function post(actor: Actor, path: string, form: Record<string, string> | FormData): Promise<APIResponse> {
  return actor.page.request.post(path, { form, headers: SAME_ORIGIN, maxRedirects: 0 });
}
function declare(actor: Actor, id: string, conflicted: "no" | "yes" = "no") {
  return post(actor, proposalPath(id), { intent: "declare", conflicted });
}
function score(actor: Actor, id: string, values: number[], intent: "submit" | "save" = "submit", comment = "") {
  const form: Record<string, string> = { intent, confidence: "2", commentPanel: comment, commentApplicant: "" };
  CRITERIA.forEach((key, i) => (form[`score.${key}`] = String(values[i])));
  return post(actor, proposalPath(id), form);
}
async function expectRedirect(response: APIResponse, to: string | RegExp) {
  expect(response.status(), await response.text().catch(() => "")).toBe(302);
  expect(response.headers()["location"]).toMatch(to);
}
/** Declares no conflict and submits, as the reviewer's browser would. */
async function review(actor: Actor, id: string, values: number[], comment = "") {
  await expectRedirect(await declare(actor, id), proposalPath(id));
  await expectRedirect(await score(actor, id, values, "submit", comment), `${proposalPath(id)}?saved=submit`);
}
/** React escapes text this way in the server-rendered HTML. */
const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
async function versionOn(page: Page): Promise<string> {
  return (await page.locator('input[name="version"]').first().inputValue()).trim();
}
/** Ranking rows' proposal ids, top first, and each row's review count. */
async function rankingOf(page: Page): Promise<{ id: string; reviews: number }[]> {
  const rows = page.getByTestId("ranking").locator("tbody tr");
  // The URL changes before the page's content does when the link is followed client-side.
  await expect(rows.first()).toBeVisible();
  return Promise.all(
    (await rows.all()).map(async (row) => ({ id: (await row.getAttribute("data-proposal")) ?? "", reviews: Number((await row.locator("td").last().textContent())?.trim()) })),
  );
}

test.describe.serial("review season on two panels", () => {
  test.afterAll(async () => {
    for (const actor of actors.values()) await actor.context.close();
    actors.clear();
  });

  test("each reviewer opens their own city's queue; nothing of the panel shows before their reviews", async ({ browser }) => {
    for (const city of CITIES) {
      const reviewer = await as(browser, "reviewer", city, 1);
      const { page, locale } = reviewer;
      await page.goto("/review");
      const card = page.getByTestId("review-home").locator("li").filter({ has: page.locator(`a[href="/review/${SLUG}"]`) });
      await card.getByRole("link", { name: exactly(t(locale, "review.home.open")) }).click();
      await expect(page).toHaveURL(`${BASE_URL}/review/${SLUG}`);
      const queue = page.getByTestId("review-queue");
      await expect(queue.getByRole("heading", { level: 1 })).toBeVisible();
      const links = queue.locator("li a");
      await expect(links).toHaveCount(8);
      ids[city] = await Promise.all((await links.all()).map(async (a) => (await a.getAttribute("href"))!.match(/\/proposals\/([^/?#]+)/)![1]!));
      await expect(links).toHaveText(TEAMS[city].map((team) => team.title));
      await expect(queue.getByTestId("review-status")).toHaveText(Array(8).fill(t(locale, "review.queue.status.todo")));
      await expect(queue.getByText(t(locale, "review.queue.rankingAfter"))).toBeVisible();
      // The ranking waits for the reviewer's own reviews.
      expect((await page.goto(`/review/${SLUG}/ranking`))?.status()).toBe(403);
    }
    // The partner panel's proposals do not exist for a reviewer, and cannot be scored.
    const toulouse = await as(browser, "reviewer", "toulouse", 1);
    expect((await toulouse.page.goto(proposalPath(ids.taichung[0]!)))?.status()).toBe(404);
    // Nor can they ask for the other city's panel by its name.
    expect((await toulouse.page.goto(`/review/${SLUG}?city=taichung`))?.status()).toBe(403);
    // Declaring or scoring, the answer is the same refusal.
    expect((await declare(toulouse, ids.taichung[0]!)).status()).toBe(403);
    expect((await score(toulouse, ids.taichung[0]!, LEVELS[0]!)).status()).toBe(403);
  });

  test("a reviewer declares, scores and submits in the page, and sees the panel's other reviews only then", async ({ browser }) => {
    for (const city of CITIES) {
      // Reviewer 2 has already submitted P1, with a comment for the panel.
      const other = await as(browser, "reviewer", city, 2);
      await review(other, ids[city][0]!, scoresOf(2, 0), `note from ${other.email}`);

      const reviewer = await as(browser, "reviewer", city, 1);
      const { page, locale } = reviewer;
      await page.goto(`/review/${SLUG}`);
      await page.getByTestId("review-queue").getByRole("link", { name: exactly(title(city, 0)) }).click();
      const declareForm = page.getByTestId("declare-form");
      await expect(declareForm).toBeVisible();
      // Nothing of the proposal before the declaration.
      await expect(page.getByText(TEAMS[city][0]!.summaryEn)).toHaveCount(0);
      await declareForm.getByLabel(t(locale, "review.conflict.none")).check();
      await declareForm.getByRole("button", { name: exactly(t(locale, "review.conflict.submit")) }).click();

      const form = page.getByTestId("score-form");
      await expect(form).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name: exactly(title(city, 0)) })).toBeVisible();
      const panelScores = page.getByTestId("panel-scores");
      await expect(panelScores).toContainText(t(locale, "review.othersHidden"));
      await expect(panelScores).not.toContainText(other.name);
      await expect(panelScores).not.toContainText(`note from ${other.email}`);

      for (const [i, key] of CRITERIA.entries()) await form.locator(`#score-${key}`).selectOption(String(scoresOf(1, 0)[i]));
      await form.locator("#confidence").selectOption("3");
      await form.locator("#commentPanel").fill("Strong team, clear traction.");
      await form.locator("#commentApplicant").fill("Thank you — a convincing proposal.");
      if (city === "taichung") await page.screenshot({ path: test.info().outputPath("reviewer-score-page-1280.png"), fullPage: true });
      await form.getByRole("button", { name: exactly(t(locale, "review.submit")) }).click();

      await expect(page.getByRole("status").filter({ hasText: t(locale, "review.submitted") })).toBeVisible();
      await expect(form.locator("#score-innovation")).toBeDisabled();
      await expect(form.locator("#score-innovation")).toHaveValue(String(scoresOf(1, 0)[0]));
      await expect(panelScores).toContainText(other.name);
      await expect(panelScores).toContainText(`note from ${other.email}`);
      // Only this panel's reviewers, never the partner city's.
      for (const index of [1, 2, 3]) await expect(panelScores).not.toContainText(demoAccount("reviewer", partnerOf(city), index).name);

      await page.goto(`/review/${SLUG}`);
      await expect(page.getByTestId("review-queue").locator("li").filter({ hasText: title(city, 0) }).getByTestId("review-status")).toHaveText(t(locale, "review.queue.status.submitted"));
      // Still 7 to go: no ranking yet.
      expect((await page.goto(`/review/${SLUG}/ranking`))?.status()).toBe(403);
    }
  });

  test("a reviewer with a conflict is blocked from the proposal; a direct score is refused and changes nothing", async ({ browser }) => {
    const reviewer = await as(browser, "reviewer", "taichung", 3);
    const { page, locale } = reviewer;
    const p8 = ids.taichung[7]!;
    await page.goto(proposalPath(p8));
    const form = page.getByTestId("declare-form");
    await form.getByLabel(t(locale, "review.conflict.have")).check();
    await form.locator("#kind").selectOption("investor");
    await form.getByLabel(t(locale, "review.conflict.note")).fill("Angel investor in this team");
    await form.getByRole("button", { name: exactly(t(locale, "review.conflict.submit")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/review/${SLUG}?conflict=1`);
    // Off the queue…
    await expect(page.getByTestId("review-queue").locator("li a")).toHaveCount(7);
    await expect(page.getByTestId("review-queue").getByRole("link", { name: exactly(title("taichung", 7)) })).toHaveCount(0);
    // …and blocked from the page.
    await page.goto(proposalPath(p8));
    await expect(page.getByTestId("conflicted")).toBeVisible();
    await expect(page.getByTestId("score-form")).toHaveCount(0);
    await expect(page.getByText(TEAMS.taichung[7]!.summaryEn)).toHaveCount(0);
    // A direct post: refused. Un-declaring is refused as well.
    expect((await score(reviewer, p8, scoresOf(3, 7))).status()).toBe(403);
    expect((await declare(reviewer, p8, "no")).status()).toBe(403);
    await page.goto(proposalPath(p8));
    await expect(page.getByTestId("conflicted")).toBeVisible();

    // The coordinator sees the declaration, and the grid marks the conflict.
    const coordinator = await as(browser, "coordinator", "taichung");
    await coordinator.page.goto(`/coordinate/${SLUG}/reviews`);
    await expect(coordinator.page.getByTestId("conflicts")).toContainText(reviewer.name);
    await expect(coordinator.page.getByTestId("conflicts")).toContainText(title("taichung", 7));
    await expect(coordinator.page.getByTestId("conflicts")).toContainText(t(coordinator.locale, "review.conflict.kinds.investor"));
    const row = coordinator.page.getByTestId("assignment-grid").locator("tbody tr").filter({ has: coordinator.page.getByRole("rowheader", { name: exactly(title("taichung", 7)) }) });
    await expect(row).toContainText(t(coordinator.locale, "panelSetup.conflict"));
  });

  test("a reviewer the coordinator takes off a proposal can no longer open or score it", async ({ browser }) => {
    const coordinator = await as(browser, "coordinator", "taichung");
    const reviewer = await as(browser, "reviewer", "taichung", 2);
    const { page } = coordinator;
    await page.goto(`/coordinate/${SLUG}/reviews`);
    const grid = page.getByTestId("assignment-grid");
    const headers = (await grid.locator("thead th").allTextContents()).map((h) => h.trim());
    const column = headers.indexOf(reviewer.name) - 1;
    expect(column).toBeGreaterThanOrEqual(0);
    const cell = () => grid.locator("tbody tr").filter({ has: page.getByRole("rowheader", { name: exactly(title("taichung", 6)) }) }).locator("td").nth(column).getByRole("button");
    await expect(cell()).toHaveAttribute("aria-pressed", "true");
    await cell().click();
    await expect(cell()).toHaveAttribute("aria-pressed", "false");

    const p7 = ids.taichung[6]!;
    expect((await reviewer.page.goto(proposalPath(p7)))?.status()).toBe(404);
    expect((await declare(reviewer, p7)).status()).toBe(403);
    expect((await score(reviewer, p7, scoresOf(2, 6))).status()).toBe(403);
    await page.goto(`/coordinate/${SLUG}/reviews`);
    await expect(cell()).toHaveAttribute("aria-pressed", "false");
  });

  test("the panels finish their reviews; each reviewer then sees only their own panel's ranking", async ({ browser }) => {
    for (const city of CITIES) {
      for (const reviewerIndex of [1, 2, 3]) {
        const reviewer = await as(browser, "reviewer", city, reviewerIndex);
        for (const [i, id] of ids[city].entries()) {
          if (i === 0 && reviewerIndex !== 3) continue; // done in the page (reviewer 1) or first (reviewer 2)
          if (city === "taichung" && reviewerIndex === 2 && i === 6) continue; // taken off P7
          if (city === "taichung" && reviewerIndex === 3 && i === 7) continue; // conflict on P8
          if (city === "taichung" && reviewerIndex === 3 && i === 4) {
            // Reviewer 3 leaves P5 as a draft.
            await expectRedirect(await declare(reviewer, id), proposalPath(id));
            await expectRedirect(await score(reviewer, id, scoresOf(3, i), "save"), `${proposalPath(id)}?saved=save`);
            continue;
          }
          await review(reviewer, id, scoresOf(reviewerIndex, i));
        }
      }
    }
    const unfinished = await as(browser, "reviewer", "taichung", 3);
    expect((await unfinished.page.goto(`/review/${SLUG}/ranking`))?.status()).toBe(403);

    for (const city of CITIES) {
      const reviewer = await as(browser, "reviewer", city, 1);
      const { page, locale } = reviewer;
      await page.goto(`/review/${SLUG}`);
      await expect(page.getByTestId("progress")).toHaveText(t(locale, "review.queue.progress", { done: 8, total: 8 }));
      await page.getByRole("link", { name: exactly(t(locale, "review.ranking.title")) }).click();
      await expect(page).toHaveURL(`${BASE_URL}/review/${SLUG}/ranking`);
      const ranking = await rankingOf(page);
      // Every proposal of the panel, none of the partner's, best first: the harsher reviewers do not change the order.
      expect(ranking.map((r) => r.id)).toEqual(ids[city]);
      const counts = Object.fromEntries(ranking.map((r) => [r.id, r.reviews]));
      if (city === "taichung") {
        expect(counts[ids.taichung[4]!]).toBe(2); // reviewer 3's P5 is only a draft
        expect(counts[ids.taichung[6]!]).toBe(2); // reviewer 2 was taken off P7
        expect(counts[ids.taichung[7]!]).toBe(2); // reviewer 3 declared a conflict on P8
      } else {
        expect(ranking.every((r) => r.reviews === 3)).toBe(true);
      }
    }
  });

  test("a sixth shortlist entry is refused with a clear message and changes nothing", async ({ browser }) => {
    const coordinator = await as(browser, "coordinator", "taichung");
    const { page, locale } = coordinator;
    await page.goto(`/coordinate/${SLUG}/shortlist`);
    await expect(page.getByTestId("decision-form")).toBeVisible();
    const version = await versionOn(page);
    const attempt = async (chosen: string[], error: string) => {
      const form = new FormData();
      for (const id of chosen) form.append("ids", id);
      form.append("rationale", "Six is one too many");
      form.append("version", version);
      const response = await post(coordinator, `/coordinate/${SLUG}/shortlist`, form);
      expect(response.status()).toBe(400);
      const html = await response.text();
      expect(html).toContain('data-testid="decision-error"');
      expect(html).toContain(escaped(t(locale, error, { count: 5 })));
    };
    await attempt(ids.taichung.slice(0, 6), "errors.decision.wrong-count");
    await attempt(ids.taichung.slice(0, 4), "errors.decision.wrong-count");
    await attempt([...ids.taichung.slice(0, 4), ids.taichung[0]!], "errors.decision.duplicate");
    await attempt([...ids.taichung.slice(0, 4), ids.toulouse[0]!], "errors.decision.not-eligible");
    // A reviewer is not the chair.
    const reviewer = await as(browser, "reviewer", "taichung", 1);
    const form = new FormData();
    for (const id of ids.taichung.slice(0, 5)) form.append("ids", id);
    form.append("rationale", "not mine to lock");
    form.append("version", version);
    expect((await post(reviewer, `/coordinate/${SLUG}/shortlist`, form)).status()).toBe(403);

    // Nothing changed: still open, same version, the reviewers still on the shortlist stage.
    await page.reload();
    await expect(page.getByTestId("decision-form")).toBeVisible();
    expect(await versionOn(page)).toBe(version);
    await reviewer.page.goto(`/review/${SLUG}`);
    await expect(reviewer.page.getByText(t(reviewer.locale, "review.stage.shortlist"))).toBeVisible();
  });

  test("Taichung's coordinator locks a shortlist of 5 in the page; scoring is then closed", async ({ browser }) => {
    const coordinator = await as(browser, "coordinator", "taichung");
    const { page, locale } = coordinator;
    await page.goto(`/coordinate/${SLUG}/shortlist`);
    const form = page.getByTestId("decision-form");
    // The UI path for a wrong count: a sixth box ticked, the page says so, nothing is locked.
    for (const id of ids.taichung.slice(0, 6)) await form.locator(`tr[data-proposal="${id}"] input[type=checkbox]`).check();
    await form.getByLabel(t(locale, "decision.rationale")).fill("Six by mistake");
    await form.getByRole("button", { name: exactly(t(locale, "decision.shortlist.submit", { count: 5 })) }).click();
    await expect(page.getByTestId("decision-error")).toHaveText(t(locale, "errors.decision.wrong-count", { count: 5 }));
    await page.goto(`/coordinate/${SLUG}/shortlist`);
    expect((await rankingOf(page)).map((r) => r.id)).toEqual(ids.taichung);
    for (const id of ids.taichung.slice(0, 5)) await form.locator(`tr[data-proposal="${id}"] input[type=checkbox]`).check();
    await form.getByLabel(t(locale, "decision.rationale")).fill("The five strongest on the normalised ranking.");
    await page.screenshot({ path: test.info().outputPath("shortlist-page-1280.png"), fullPage: true });
    await form.getByRole("button", { name: exactly(t(locale, "decision.shortlist.submit", { count: 5 })) }).click();
    await expect(page.getByRole("status").filter({ hasText: t(locale, "decision.shortlist.locked", { at: "§" }).split("§")[0]!.trim() })).toBeVisible();
    await expect(page.getByTestId("decision-form")).toHaveCount(0);
    await page.reload();
    expect((await rankingOf(page)).map((r) => r.id)).toEqual(ids.taichung.slice(0, 5));

    // A score after the stage closed: refused, and the draft stays a draft (P5 still counts 2 reviews).
    const reviewer = await as(browser, "reviewer", "taichung", 3);
    expect((await score(reviewer, ids.taichung[4]!, scoresOf(3, 4))).status()).toBe(409);
    await page.reload();
    expect((await rankingOf(page)).find((r) => r.id === ids.taichung[4])?.reviews).toBe(2);
    await reviewer.page.goto(`/review/${SLUG}`);
    await expect(reviewer.page.getByText(t(reviewer.locale, "review.queue.closed"))).toBeVisible();
    expect((await reviewer.page.goto(proposalPath(ids.taichung[4]!)))?.status()).toBe(404);
    // Locking again is refused.
    const again = new FormData();
    for (const id of ids.taichung.slice(1, 6)) again.append("ids", id);
    again.append("rationale", "second thoughts");
    again.append("version", "1000");
    expect((await post(coordinator, `/coordinate/${SLUG}/shortlist`, again)).status()).toBe(400);
    await page.reload();
    expect((await rankingOf(page)).map((r) => r.id)).toEqual(ids.taichung.slice(0, 5));
  });

  test("Toulouse's coordinator locks theirs, sharing the scores; picking opens on both sides", async ({ browser }) => {
    const coordinator = await as(browser, "coordinator", "toulouse");
    const { page, locale } = coordinator;
    await page.goto(`/coordinate/${SLUG}/shortlist`);
    const form = page.getByTestId("decision-form");
    for (const id of ids.toulouse.slice(0, 5)) await form.getByRole("checkbox", { name: t(locale, "review.ranking.selectOne", { title: title("toulouse", ids.toulouse.indexOf(id)) }) }).check();
    await form.getByLabel(t(locale, "decision.rationale")).fill("Nos cinq meilleures équipes.");
    await form.getByLabel(t(locale, "decision.shareScores")).check();
    await form.getByRole("button", { name: exactly(t(locale, "decision.shortlist.submit", { count: 5 })) }).click();
    await expect(page.getByTestId("decision-form")).toHaveCount(0);
    for (const city of CITIES) {
      const reviewer = await as(browser, "reviewer", city, 1);
      await reviewer.page.goto(`/review/${SLUG}`);
      await expect(reviewer.page.getByText(t(reviewer.locale, "review.stage.pick"))).toBeVisible();
      await expect(reviewer.page.getByTestId("review-queue").locator("li a")).toHaveText(ids[partnerOf(city)].slice(0, 5).map((id) => title(partnerOf(city), ids[partnerOf(city)].indexOf(id))));
    }
  });

  test("in the pick stage a reviewer sees the home panel's scores only when that city shared them", async ({ browser }) => {
    // Taichung reviews Toulouse's 5: Toulouse shared its scores.
    const taichung = await as(browser, "reviewer", "taichung", 1);
    await expectRedirect(await declare(taichung, ids.toulouse[0]!), proposalPath(ids.toulouse[0]!));
    await taichung.page.goto(proposalPath(ids.toulouse[0]!));
    await expect(taichung.page.getByTestId("home-score")).toBeVisible();
    await expect(taichung.page.getByText("Nos cinq meilleures équipes.")).toBeVisible();
    await expect(taichung.page.getByTestId("panel-scores")).toContainText(t(taichung.locale, "review.othersHidden"));
    // Toulouse reviews Taichung's 5: Taichung did not share.
    const toulouse = await as(browser, "reviewer", "toulouse", 1);
    await expectRedirect(await declare(toulouse, ids.taichung[0]!), proposalPath(ids.taichung[0]!));
    await toulouse.page.goto(proposalPath(ids.taichung[0]!));
    await expect(toulouse.page.getByTestId("score-form")).toBeVisible();
    await expect(toulouse.page.getByTestId("home-score")).toHaveCount(0);
    const panelScores = toulouse.page.getByTestId("panel-scores");
    await expect(panelScores).toContainText(t(toulouse.locale, "review.othersHidden"));
    for (const index of [1, 2, 3]) await expect(toulouse.page.locator("main")).not.toContainText(demoAccount("reviewer", "taichung", index).name);
  });

  test("a pick from one's own city or outside the partner's 5 is refused", async ({ browser }) => {
    const coordinator = await as(browser, "coordinator", "taichung");
    const { page, locale } = coordinator;
    await page.goto(`/coordinate/${SLUG}/picks`);
    await expect(page.getByTestId("decision-form")).toBeVisible();
    const version = await versionOn(page);
    for (const chosen of [
      [ids.taichung[0]!, ids.toulouse[0]!],
      [ids.taichung[1]!, ids.taichung[3]!],
      [ids.toulouse[5]!, ids.toulouse[0]!],
    ]) {
      const form = new FormData();
      for (const id of chosen) form.append("ids", id);
      form.append("rationale", "should not pass");
      form.append("version", version);
      const response = await post(coordinator, `/coordinate/${SLUG}/picks`, form);
      expect(response.status()).toBe(400);
      expect(await response.text()).toContain(escaped(t(locale, "errors.decision.not-on-partner-shortlist")));
    }
    await page.reload();
    await expect(page.getByTestId("decision-form")).toBeVisible();
    expect(await versionOn(page)).toBe(version);
    expect((await rankingOf(page)).map((r) => r.id).sort()).toEqual(ids.toulouse.slice(0, 5).sort());
  });

  test("each coordinator picks 2 of the partner's 5 in the page", async ({ browser }) => {
    // Taichung hosts Toulouse's P1 and P2; Toulouse hosts Taichung's P2 and P4.
    const picks: Record<City, number[]> = { taichung: [0, 1], toulouse: [1, 3] };
    for (const host of CITIES) {
      const coordinator = await as(browser, "coordinator", host);
      const { page, locale } = coordinator;
      const sending = partnerOf(host);
      await page.goto(`/coordinate/${SLUG}/picks`);
      await expect(page.getByText(t(locale, "review.homeRationale"))).toBeVisible();
      const form = page.getByTestId("decision-form");
      for (const i of picks[host]) await form.locator(`tr[data-proposal="${ids[sending][i]}"] input[type=checkbox]`).check();
      await form.getByLabel(t(locale, "decision.rationale")).fill(`Picked by ${coordinator.email}`);
      await form.getByRole("button", { name: exactly(t(locale, "decision.pick.submit", { count: 2 })) }).click();
      await expect(page.getByTestId("decision-form")).toHaveCount(0);
      await expect(page.getByTestId("decision-error")).toHaveCount(0);
    }
  });

  test("a coordinator reads the held notifications and publishes the results", async ({ browser }) => {
    const coordinator = await as(browser, "coordinator", "taichung");
    const { page, locale } = coordinator;
    await page.goto(`/coordinate/${SLUG}/announcement`);
    const held = page.getByTestId("held-messages");
    // Taichung's five shortlisted teams hear of the outcome only at publication.
    for (const i of [0, 1, 2, 3, 4]) await expect(held).toContainText(demoAccount("applicant", "taichung", i + 1).email);
    await expect(held).not.toContainText(demoAccount("applicant", "toulouse", 1).email);
    await page.getByRole("button", { name: exactly(t(locale, "timeline.action.PUBLISH_RESULTS")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/programs/${SLUG}/timeline`);
    await expect(page.getByRole("status").filter({ hasText: t(locale, "timeline.action.PUBLISH_RESULTS") })).toBeVisible();
    await page.goto(`/coordinate/${SLUG}/announcement`);
    await expect(page.getByTestId("held-messages").locator("li")).toHaveCount(0);
    await expect(page.getByTestId("published")).toHaveText(t(locale, "timeline.event.PUBLISH_RESULTS"));
    await expect(page.getByText(t(locale, "announcement.notYet"))).toHaveCount(0);
    await expect(page.getByRole("button", { name: exactly(t(locale, "timeline.action.PUBLISH_RESULTS")) })).toHaveCount(0);
  });

  test("a finalist declines; the host promotes the next reserve; the public page shows the 4 teams", async ({ browser }) => {
    const applicant = await as(browser, "applicant", "toulouse", 1);
    const { page, locale } = applicant;
    const declined = ids.toulouse[0]!;
    await page.goto(`/applicant/proposals/${declined}`);
    const offer = page.getByTestId("offer");
    await expect(offer).toBeVisible();
    // Declining needs the confirmation: the browser stops the form, and the server refuses without it.
    await offer.getByRole("button", { name: exactly(t(locale, "offer.decline")) }).click();
    await expect(offer).toBeVisible();
    const version = await offer.locator('input[name="version"]').first().inputValue();
    const unconfirmed = await post(applicant, `/applicant/proposals/${declined}`, { intent: "DECLINE", reason: "", version });
    expect(unconfirmed.status()).toBe(400);
    await page.reload();
    await expect(page.getByTestId("offer")).toBeVisible();
    await offer.getByLabel(t(locale, "offer.declineReason")).fill("Nous levons des fonds cet automne.");
    await offer.getByLabel(t(locale, "offer.declineConfirm")).check();
    await offer.getByRole("button", { name: exactly(t(locale, "offer.decline")) }).click();
    await expect(page).toHaveURL(/answered=DECLINE/);
    await expect(page.getByTestId("offer")).toHaveCount(0);

    const host = await as(browser, "coordinator", "taichung");
    await host.page.goto(`/coordinate/${SLUG}/offers`);
    await expect(host.page.getByTestId("finalists-list")).toContainText(team("toulouse", 0));
    await expect(host.page.getByTestId("reserves-list").locator("li")).toHaveText([2, 3, 4].map((i) => new RegExp(escapeRegExp(team("toulouse", i)))));
    const promote = host.page.getByTestId("promote-form");
    await expect(promote).toHaveCount(1);
    await expect(promote.locator('select[name="reserveId"]')).toHaveValue(ids.toulouse[2]!);
    await promote.getByRole("button", { name: exactly(t(host.locale, "offers.promote")) }).click();
    await expect(host.page.getByRole("status").filter({ hasText: t(host.locale, "offers.promoted") })).toBeVisible();
    const finalists = host.page.getByTestId("finalists-list");
    await expect(finalists).toContainText(team("toulouse", 1));
    await expect(finalists).toContainText(team("toulouse", 2));
    await expect(finalists).not.toContainText(team("toulouse", 0));
    await expect(host.page.getByTestId("reserves-list").locator("li")).toHaveCount(2);
    await expect(host.page.getByTestId("promote-form")).toHaveCount(0);

    const visitor = await browser.newContext({ baseURL: BASE_URL, locale: "en" });
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/programs/${SLUG}`);
    const shown = publicPage.getByTestId("finalists");
    await expect(shown.locator("li")).toHaveCount(4);
    for (const name of [team("toulouse", 1), team("toulouse", 2), team("taichung", 1), team("taichung", 3)]) await expect(shown).toContainText(name);
    await expect(shown).not.toContainText(team("toulouse", 0));
    await visitor.close();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
