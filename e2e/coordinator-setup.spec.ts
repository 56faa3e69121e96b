import type { Page } from "@playwright/test";
import { DEMO_STAGES } from "../seeds/edition.ts";
import { demoAccount, exactly, expect, SAME_ORIGIN, signInFast, t, test, type Locale } from "./fixtures.ts";

const TAICHUNG = demoAccount("coordinator", "taichung");
const TOULOUSE = demoAccount("coordinator", "toulouse");
const ADMIN = demoAccount("admin");
const L = (account: { locale: string | null }) => (account.locale ?? "en") as Locale;

async function coordinatorPage(browser: import("@playwright/test").Browser, account: typeof TAICHUNG): Promise<Page> {
  const context = await browser.newContext({ locale: L(account) });
  const page = await context.newPage();
  await signInFast(page, account.email);
  return page;
}

/** Fills the "propose a topic" form and sends it. */
async function proposeTopic(page: Page, locale: Locale, title: string) {
  const form = page.getByTestId("add-topic");
  await form.getByLabel(t(locale, "coordConsole.topics.titleEn")).fill(title);
  await form.getByLabel(t(locale, "coordConsole.topics.titleFr")).fill(`${title} (fr)`);
  await form.getByLabel(t(locale, "coordConsole.topics.titleZh")).fill(`${title} (zh)`);
  await form.getByLabel(t(locale, "coordConsole.topics.rationale")).fill(`Why ${title}`);
  await form.getByRole("button", { name: exactly(t(locale, "coordConsole.topics.add")) }).click();
  await expect(page.getByTestId("own-topics").getByTestId("topic").filter({ hasText: title })).toBeVisible();
}

async function answer(page: Page, locale: Locale, title: string, status: "accepted" | "rejected") {
  const topic = page.getByTestId("partner-topics").getByTestId("topic").filter({ hasText: title });
  await topic.getByLabel(t(locale, "coordConsole.topics.answer")).selectOption(status);
  await topic.getByRole("button", { name: exactly(t(locale, "coordConsole.topics.sendAnswer")) }).click();
  await expect(page.getByRole("status").filter({ hasText: t(locale, "coordConsole.topics.saved") })).toBeVisible();
}

test.describe("coordinator console set-up", () => {
  test("an admin creates the next edition; both coordinators agree its topics, a revision withdrawing approvals", async ({ browser, page }) => {
    const slug = `e2e-edition-${Date.now().toString(36)}`;
    await signInFast(page, ADMIN.email);
    await page.goto("/admin");
    await page.getByRole("link", { name: exactly(t("en", "coordConsole.edition.link")) }).click();
    await expect(page.getByTestId("edition-new")).toBeVisible();
    await page.getByLabel(t("en", "coordConsole.edition.previous")).selectOption("taichung-toulouse-topics");
    await page.getByLabel(t("en", "coordConsole.edition.slug")).fill(slug);
    await page.getByLabel(t("en", "coordConsole.edition.titleEn")).fill(`E2E edition ${slug}`);
    await page.getByRole("button", { name: exactly(t("en", "coordConsole.edition.create")) }).click();
    await expect(page.getByRole("status").filter({ hasText: t("en", "coordConsole.edition.created", { slug }) })).toBeVisible();
    // A bad slug is refused with a message, not a 500.
    await page.getByLabel(t("en", "coordConsole.edition.slug")).fill(slug);
    await page.getByRole("button", { name: exactly(t("en", "coordConsole.edition.create")) }).click();
    await expect(page.getByTestId("edition-error")).toHaveText(t("en", "coordConsole.edition.errors.slugTaken"));

    const taichung = await coordinatorPage(browser, TAICHUNG);
    const toulouse = await coordinatorPage(browser, TOULOUSE);
    const lt = L(TAICHUNG);
    const lf = L(TOULOUSE);

    // Windows moved one year at the same local time; memberships copied (the coordinator may open it).
    await taichung.goto("/coordinate/taichung-toulouse-topics/schedule");
    const before = await taichung.getByTestId("window-call").locator("input[type=datetime-local]").first().inputValue();
    await taichung.goto(`/coordinate/${slug}/schedule`);
    const after = await taichung.getByTestId("window-call").locator("input[type=datetime-local]").first().inputValue();
    expect(after).toBe(`${Number(before.slice(0, 4)) + 1}${before.slice(4)}`);

    // The dashboard is the first link of the coordinator home, and the new edition starts at topics.
    await taichung.goto("/coordinate");
    const card = taichung.locator("li.card").filter({ has: taichung.locator(`a[href="/coordinate/${slug}/dashboard"]`) });
    await expect(card.getByRole("link").first()).toHaveAttribute("href", `/coordinate/${slug}/dashboard`);
    await card.getByRole("link", { name: exactly(t(lt, "coordConsole.dashboard.title")) }).click();
    await expect(taichung.getByTestId("current-taichung")).toHaveAttribute("data-stage", "topics");

    await taichung.goto(`/coordinate/${slug}/topics`);
    await expect(taichung.getByTestId("topic")).toHaveCount(0);
    await proposeTopic(taichung, lt, "Smart ports");
    await toulouse.goto(`/coordinate/${slug}/topics`);
    await proposeTopic(toulouse, lf, "Space data");
    await answer(toulouse, lf, "Smart ports", "accepted");
    await taichung.reload();
    await answer(taichung, lt, "Space data", "accepted");
    await taichung.getByRole("button", { name: exactly(t(lt, "coordConsole.topics.approve")) }).click();
    await expect(taichung.getByRole("status").filter({ hasText: t(lt, "coordConsole.topics.approved") })).toBeVisible();
    await expect(taichung.getByTestId("approved-by")).toContainText("臺中");

    // Toulouse revises its topic: a new list version, Taichung's approval and answer are withdrawn.
    await toulouse.reload();
    const version = await toulouse.getByTestId("list-version").textContent();
    const own = toulouse.getByTestId("own-topics").getByTestId("topic").filter({ hasText: "Space data" });
    await own.locator("summary").click();
    await own.getByLabel(t(lf, "coordConsole.topics.titleEn")).fill("Space and satellite data");
    await own.getByLabel(t(lf, "coordConsole.topics.titleFr")).fill("Space and satellite data (fr)");
    await own.getByLabel(t(lf, "coordConsole.topics.titleZh")).fill("Space and satellite data (zh)");
    await own.getByRole("button", { name: exactly(t(lf, "coordConsole.topics.save")) }).click();
    await expect(toulouse.getByTestId("approved-by")).toHaveText(t(lf, "coordConsole.topics.nobodyApproved"));
    await expect(toulouse.getByTestId("list-version")).not.toHaveText(version ?? "");
    await expect(toulouse.getByRole("button", { name: exactly(t(lf, "coordConsole.topics.approve")) })).toBeDisabled();

    await taichung.reload();
    await expect(taichung.getByTestId("approved-by")).toHaveText(t(lt, "coordConsole.topics.nobodyApproved"));
    await expect(taichung.getByRole("button", { name: exactly(t(lt, "coordConsole.topics.approve")) })).toBeDisabled();
    await answer(taichung, lt, "Space and satellite data", "accepted");
    await taichung.getByRole("button", { name: exactly(t(lt, "coordConsole.topics.approve")) }).click();
    await expect(taichung.getByRole("status").filter({ hasText: t(lt, "coordConsole.topics.approved") })).toBeVisible();

    await toulouse.reload();
    await toulouse.getByRole("button", { name: exactly(t(lf, "coordConsole.topics.approve")) }).click();
    await expect(toulouse.getByRole("status").filter({ hasText: t(lf, "coordConsole.topics.agreed") })).toBeVisible();
    await expect(toulouse.getByTestId("topic-status")).toHaveText([t(lf, "coordConsole.topics.statuses.agreed"), t(lf, "coordConsole.topics.statuses.agreed")]);
    await toulouse.goto(`/coordinate/${slug}/dashboard`);
    await expect(toulouse.getByTestId("current-toulouse")).toHaveAttribute("data-stage", "hosting");
    await taichung.context().close();
    await toulouse.context().close();
  });

  test("a hosting resource added in the UI appears on the public page", async ({ page }) => {
    const locale = L(TAICHUNG);
    const name = `E2E hub ${Date.now().toString(36)}`;
    await signInFast(page, TAICHUNG.email);
    await page.goto("/coordinate/taichung-toulouse-hosting/hosting");
    const form = page.getByTestId("add-resource");
    await form.getByLabel(t(locale, "coordConsole.hosting.name")).fill(name);
    await form.getByLabel(t(locale, "coordConsole.hosting.kind")).selectOption("maker-hub");
    await form.getByLabel(t(locale, "coordConsole.hosting.address")).fill("1 Taiwan Boulevard, Taichung");
    await form.getByLabel(t(locale, "coordConsole.hosting.capacity")).fill("3");
    await form.getByLabel(t(locale, "coordConsole.hosting.services")).fill("Laser cutters and mentoring");
    await form.getByRole("button", { name: exactly(t(locale, "coordConsole.hosting.add")) }).click();
    await expect(page.getByTestId("own-resources").getByTestId("resource-name").filter({ hasText: name })).toBeVisible();
    await page.goto("/programs/taichung-toulouse-hosting");
    const listed = page.getByTestId("hosting-resources").locator("li").filter({ hasText: name });
    await expect(listed).toBeVisible();
    await expect(listed).toContainText("Laser cutters and mentoring");
  });

  // Every stage the demo seed can place an edition in, plus the 2019 edition whose dates are long past.
  const OWN_COUNTS: Record<string, Record<string, number>> = {
    topics: {},
    hosting: {},
    callOpen: { draft: 3, submitted: 5 },
    reviewing: { inReview: 8 },
    picking: { notShortlisted: 3, shortlisted: 5 },
    announcement: { notShortlisted: 3, offered: 2, reserve: 3 },
    // The second offer is still open in the seeded story, but its deadline is already past, so the
    // server's scheduler may have let it expire by now: it counts in the total, in either state.
    itinerary: { confirmed: 1, notShortlisted: 3, reserve: 3 },
    preDeparture: { confirmed: 2, notSelected: 3, notShortlisted: 3 },
    exchange: { notSelected: 3, notShortlisted: 3, onExchange: 2 },
    reporting: { awaitingReport: 2, notSelected: 3, notShortlisted: 3 },
    closed: { completed: 2, notSelected: 3, notShortlisted: 3 },
  };
  const MACHINE_STAGE: Record<string, [string, string]> = {
    topics: ["topics", "topics"],
    hosting: ["hosting", "hosting"],
    callOpen: ["selection", "call"],
    reviewing: ["selection", "shortlist"],
    picking: ["selection", "picks"],
    announcement: ["announcement", "announcement"],
    itinerary: ["itinerary", "itinerary"],
    preDeparture: ["preDeparture", "preDeparture"],
    exchange: ["exchange", "exchange"],
    reporting: ["reporting", "reporting"],
    closed: ["closed", ""],
  };
  for (const stage of DEMO_STAGES) {
    test(`dashboard of the ${stage} edition shows its stage, deadlines and counts`, async ({ page }) => {
      await signInFast(page, TAICHUNG.email);
      await page.goto(`/coordinate/taichung-toulouse-${stage.toLowerCase()}/dashboard`);
      const [machineStage, window] = MACHINE_STAGE[stage]!;
      for (const city of ["taichung", "toulouse"]) await expect(page.getByTestId(`current-${city}`)).toHaveAttribute("data-stage", machineStage);
      await expect(page.getByTestId("dashboard-windows")).toHaveAttribute("data-overdue", "0");
      await expect(page.getByTestId("overdue-mark")).toHaveCount(0);
      if (window) await expect(page.getByTestId(`dw-${window}`)).toHaveAttribute("data-state", "current");
      else await expect(page.getByTestId("dashboard-windows").locator("tr[data-state=done]")).toHaveCount(10);
      const counts = OWN_COUNTS[stage]!;
      const total = Object.values(counts).reduce((a, b) => a + b, 0) + (stage === "itinerary" ? 1 : 0);
      await expect(page.getByTestId("application-counts")).toHaveAttribute("data-total", String(total));
      for (const [state, n] of Object.entries(counts)) await expect(page.getByTestId("application-counts").locator(`[data-state=${state}]`)).toHaveAttribute("data-count", String(n));
      // The partner's side: its total only, never its states.
      await expect(page.getByTestId("partner-total")).toHaveAttribute("data-total", String(total));
      await expect(page.getByTestId("dashboard-reviewers").locator("tbody tr")).toHaveCount(3);
      if (stage === "reviewing") for (const row of await page.getByTestId("dashboard-reviewers").locator("tbody tr").all()) await expect(row).toHaveAttribute("data-pending", "8");
      if (stage === "closed") await expect(page.getByTestId("dashboard-waiting").locator("li")).toHaveCount(0);
      else await expect(page.getByTestId("dashboard-waiting").locator("li")).not.toHaveCount(0);
      // No SMTP in the e2e server: mail is only recorded.
      await expect(page.getByTestId("mail-record-only")).toBeVisible();
    });
  }

  test("dashboard of the 2019 edition marks its past deadlines overdue", async ({ page }) => {
    await signInFast(page, TOULOUSE.email);
    await page.goto("/coordinate/taichung-toulouse-2019/dashboard");
    await expect(page.getByTestId("current-toulouse")).toHaveAttribute("data-sub-state", "reviewing");
    await expect(page.getByTestId("dw-shortlist")).toHaveAttribute("data-overdue", "true");
    await expect(page.getByTestId("dw-topics")).toHaveAttribute("data-overdue", "false");
    await expect(page.getByTestId("dw-shortlist").getByTestId("overdue-mark")).toBeVisible();
    await expect(page.getByTestId("application-counts").locator("[data-state=inReview]")).toHaveAttribute("data-count", "8");
  });

  test("a coordinator acts on their own city only: the partner's topics, resources and windows stay untouched", async ({ browser }) => {
    const page = await coordinatorPage(browser, TAICHUNG);
    const post = (path: string, form: Record<string, string>) => page.request.post(path, { form, headers: SAME_ORIGIN, maxRedirects: 0 });

    // Topics: the partner's topic cannot be edited or removed, an own topic cannot be answered.
    await page.goto("/coordinate/taichung-toulouse-topics/topics");
    const theirTopic = page.getByTestId("partner-topics").getByTestId("topic").first();
    const theirTopicId = (await theirTopic.getAttribute("data-topic-id"))!;
    const theirTitle = (await theirTopic.locator("h3").textContent())!;
    const ownTopicId = (await page.getByTestId("own-topics").getByTestId("topic").first().getAttribute("data-topic-id"))!;
    const topic = { titleEn: "Taken over", titleFr: "x", titleZh: "x", rationale: "x" };
    expect((await post("/coordinate/taichung-toulouse-topics/topics", { intent: "edit", id: theirTopicId, ...topic })).status()).toBe(403);
    expect((await post("/coordinate/taichung-toulouse-topics/topics", { intent: "remove", id: theirTopicId })).status()).toBe(403);
    expect((await post("/coordinate/taichung-toulouse-topics/topics", { intent: "answer", id: ownTopicId, status: "accepted" })).status()).toBe(403);
    expect((await post("/coordinate/taichung-toulouse-topics/topics", { intent: "add", city: "toulouse", ...topic })).status()).toBe(403);
    expect((await post("/coordinate/taichung-toulouse-topics/topics", { intent: "remove", id: "no-such-topic" })).status()).toBe(404);
    await page.reload();
    await expect(page.locator(`[data-topic-id="${theirTopicId}"] h3`)).toHaveText(theirTitle);
    await expect(page.getByTestId("topic").filter({ hasText: "Taken over" })).toHaveCount(0);

    // Hosting: the partner's resource cannot be edited or removed.
    await page.goto("/coordinate/taichung-toulouse-callopen/hosting");
    const theirs = page.getByTestId("partner-resources").getByTestId("resource").first();
    const resourceId = (await theirs.getAttribute("data-resource-id"))!;
    const resourceName = (await theirs.getByTestId("resource-name").textContent())!;
    const resource = { name: "Taken over", kind: "other", address: "x" };
    expect((await post("/coordinate/taichung-toulouse-callopen/hosting", { intent: "edit", id: resourceId, ...resource })).status()).toBe(403);
    expect((await post("/coordinate/taichung-toulouse-callopen/hosting", { intent: "remove", id: resourceId })).status()).toBe(403);
    expect((await post("/coordinate/taichung-toulouse-callopen/hosting", { intent: "add", city: "toulouse", ...resource })).status()).toBe(403);
    await page.goto("/programs/taichung-toulouse-callopen");
    await expect(page.getByTestId("hosting-resources").locator("li").filter({ hasText: resourceName })).toHaveCount(1);
    await expect(page.getByTestId("hosting-resources").locator("li").filter({ hasText: "Taken over" })).toHaveCount(0);

    // Schedule: the partner's windows can be neither read nor changed.
    expect((await page.request.get("/coordinate/taichung-toulouse-callopen/schedule?city=toulouse")).status()).toBe(403);
    expect((await post("/coordinate/taichung-toulouse-callopen/schedule", { city: "toulouse", "reporting.start": "2031-01-01T09:00", "reporting.end": "2031-01-02T09:00" })).status()).toBe(403);
    expect((await post("/coordinate/taichung-toulouse-callopen/schedule?city=toulouse", { "reporting.start": "2031-01-01T09:00", "reporting.end": "2031-01-02T09:00" })).status()).toBe(403);
    const partner = await coordinatorPage(browser, TOULOUSE);
    await partner.goto("/coordinate/taichung-toulouse-callopen/schedule");
    await expect(partner.getByTestId("window-reporting").locator("input").first()).not.toHaveValue("2031-01-01T09:00");
    // A closed call cannot move: the page says so, and a change is refused with the message.
    await partner.goto("/coordinate/taichung-toulouse-reviewing/schedule");
    await expect(partner.getByRole("status").filter({ hasText: t(L(TOULOUSE), "coordConsole.schedule.callLocked") })).toBeVisible();
    const refused = await partner.request.post("/coordinate/taichung-toulouse-reviewing/schedule", { form: { "call.start": "2030-01-01T09:00", "call.end": "2030-02-01T09:00" }, headers: SAME_ORIGIN });
    expect(refused.status()).toBe(409);
    await partner.context().close();
    await page.context().close();
  });
});
