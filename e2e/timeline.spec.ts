import { demoAccount, expect, signInFast, t, test } from "./fixtures.ts";

// The demo edition placed in the topic stage by the e2e seed (db/cli.ts seed --stage topics).
const TOPICS = "/programs/taichung-toulouse-topics/timeline";
const DEMO = "/programs/taichung-toulouse-2019/timeline";

test.describe("coordinator timeline", () => {
  test("shows both cities' current stage, performs the next allowed action and logs it", async ({ page }) => {
    const coordinator = demoAccount("coordinator", "taichung");
    await signInFast(page, coordinator.email);
    await page.goto(DEMO);
    // The demo edition waits for both panels' shortlists.
    const selection = page.getByTestId("stage-selection");
    await expect(selection).toHaveAttribute("data-status", "current");
    await expect(selection.getByTestId("stage-selection-taichung").getByTestId("sub-state")).toHaveText(t("zh-TW", "timeline.sub.reviewing"));
    await expect(selection.getByTestId("stage-selection-toulouse").getByTestId("sub-state")).toHaveText(t("zh-TW", "timeline.sub.reviewing"));

    await page.goto(TOPICS);
    await expect(page.getByTestId("stage-topics")).toHaveAttribute("data-status", "current");
    const approve = page.getByRole("button", { name: t("zh-TW", "timeline.action.APPROVE_TOPICS") });
    await expect(approve).toBeVisible();
    await approve.click();
    await expect(page.getByRole("status").filter({ hasText: t("zh-TW", "timeline.action.APPROVE_TOPICS") })).toBeVisible();
    await expect(page.getByTestId("stage-topics-taichung").getByTestId("sub-state")).toHaveText(t("zh-TW", "timeline.sub.approved"));
    await expect(page.getByTestId("stage-topics-toulouse").getByTestId("sub-state")).toHaveText(t("zh-TW", "timeline.sub.proposing"));
    // The button is gone: the machine no longer allows it for Taichung.
    await expect(page.getByRole("button", { name: t("zh-TW", "timeline.action.APPROVE_TOPICS") })).toHaveCount(0);
    // Waiting on Toulouse now.
    await expect(page.getByTestId("waiting-on")).toContainText(t("zh-TW", "timeline.event.APPROVE_TOPICS"));
    const log = page.getByTestId("audit-log");
    await expect(log.locator("tbody tr").first()).toContainText(t("zh-TW", "timeline.event.APPROVE_TOPICS"));
    await expect(log.locator("tbody tr").first()).toContainText(coordinator.email);

    // The audit log filters by actor.
    await page.getByLabel(t("zh-TW", "timeline.audit.actor")).selectOption(coordinator.email);
    await page.getByRole("button", { name: t("zh-TW", "timeline.audit.filter") }).click();
    await expect(page).toHaveURL(/actor=/);
    const rows = page.getByTestId("audit-log").locator("tbody tr");
    await expect(rows).not.toHaveCount(0);
    for (const row of await rows.all()) await expect(row).toContainText(coordinator.email);
  });

  test("a stale page loses cleanly: the second coordinator is told to reload", async ({ browser }) => {
    const toulouse = await browser.newContext({ locale: "fr" });
    const again = await browser.newContext({ locale: "fr" });
    const a = await toulouse.newPage();
    const b = await again.newPage();
    const coordinator = demoAccount("coordinator", "toulouse");
    await signInFast(a, coordinator.email);
    await signInFast(b, coordinator.email);
    // Its own edition (placed in the hosting stage), so no other test moves it.
    await a.goto("/programs/taichung-toulouse-hosting/timeline");
    await b.goto("/programs/taichung-toulouse-hosting/timeline");
    const label = t("fr", "timeline.action.CONFIRM_HOSTING");
    await a.getByRole("button", { name: label }).click();
    await expect(a.getByTestId("stage-hosting-toulouse").getByTestId("sub-state")).toHaveText(t("fr", "timeline.sub.confirmed"));
    // b still shows the old page with the old version.
    await b.getByRole("button", { name: label }).click();
    await expect(b.getByTestId("timeline-error")).toHaveText(/.+/);
    const text = (await b.getByTestId("timeline-error").textContent()) ?? "";
    expect([t("fr", "errors.workflow.conflict"), t("fr", "errors.workflow.notAllowed")]).toContain(text.trim());
    await toulouse.close();
    await again.close();
  });

  test("reviewers and applicants get 403; signed-out visitors go to sign-in", async ({ page, browser }) => {
    await signInFast(page, demoAccount("reviewer", "taichung").email);
    const response = await page.goto(DEMO);
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId("error-403")).toBeVisible();
    const post = await page.request.post(TOPICS, { form: { intent: "APPROVE_TOPICS", version: "1" }, headers: { Origin: new URL(page.url()).origin } });
    expect(post.status()).toBe(403);

    const applicant = await browser.newContext();
    const ap = await applicant.newPage();
    await signInFast(ap, demoAccount("applicant", "toulouse").email);
    expect((await ap.goto(DEMO))?.status()).toBe(403);
    await applicant.close();

    const anonymous = await browser.newContext();
    const an = await anonymous.newPage();
    await an.goto(DEMO);
    await expect(an).toHaveURL(/\/sign-in\?next=%2Fprograms%2Ftaichung-toulouse-2019%2Ftimeline/);
    await anonymous.close();
  });
});
