import type { Page } from "@playwright/test";
import { TEAMS } from "../seeds/demo-data.ts";
import { demoAccount, expect, signInFast, t, test, type Locale } from "./fixtures.ts";

// Editions seeded by playwright.config.ts: from preDeparture on, Taichung's first two teams are confirmed
// (applicant1/2.taichung, hosted by Toulouse); in the reporting edition every confirmed team owes its report.
const PRE = "taichung-toulouse-predeparture";
const REPORTING = "taichung-toulouse-reporting";
const CHECKLIST_ITEMS = ["passport", "insurance", "travel", "arrival", "dietary", "accessibility"] as const;

/** Opens the applicant's proposal in the edition whose title names `stage`; returns its id. */
async function openProposal(page: Page, stage: string): Promise<string> {
  await page.goto("/applicant");
  const item = page.getByTestId("team-card").locator("li").filter({ hasText: stage });
  await item.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/applicant\/proposals\/[^/]+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test.describe("pre-departure and results", () => {
  test("an outgoing team fills its checklist and becomes ready; the sending coordinator sees every item, the host only the needs", async ({ page, browser, outbox }) => {
    const applicant = demoAccount("applicant", "taichung", 1);
    const L: Locale = applicant.locale;
    await signInFast(page, applicant.email);
    const proposalId = await openProposal(page, "preDeparture");
    await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "confirmed");
    await page.getByTestId("checklist-link").click();
    await expect(page).toHaveURL(`/applicant/proposals/${proposalId}/checklist`);

    const values: Record<(typeof CHECKLIST_ITEMS)[number], string> = { passport: "CHEN, YI-TING", insurance: "Policy 42-ABC", travel: "CI 0921 + AF 7777", arrival: "Arrive Sunday 18:40 TLS, leave Saturday", dietary: "", accessibility: "Step-free rooms" };
    for (const item of CHECKLIST_ITEMS) {
      const set = page.getByTestId(`checklist-${item}`);
      const label = t(L, `checklist.item.${item}`);
      await set.getByLabel(t(L, item === "dietary" ? "checklist.statusName.na" : "checklist.statusName.done"), { exact: true }).check();
      if (values[item]) await set.getByLabel(t(L, "checklist.value", { item: label })).fill(values[item]);
    }
    // First a refused save: the passport name is required before it is "done".
    await page.getByTestId("checklist-passport").getByLabel(t(L, "checklist.value", { item: t(L, "checklist.item.passport") })).fill("");
    await page.getByRole("button", { name: t(L, "checklist.save") }).click();
    await expect(page.getByRole("alert")).toHaveText(t(L, "checklist.errors.valueRequired", { item: t(L, "checklist.item.passport") }));
    await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "confirmed");

    await page.getByTestId("checklist-passport").getByLabel(t(L, "checklist.value", { item: t(L, "checklist.item.passport") })).fill(values.passport);
    await page.getByRole("button", { name: t(L, "checklist.save") }).click();
    await expect(page.getByRole("status").filter({ hasText: t(L, "checklist.completed") })).toBeVisible();
    await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "ready");
    await page.goto(`/applicant/proposals/${proposalId}`);
    await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "ready");

    // The sending city's coordinator: every item with its value; schedules the meeting, which mails the team.
    const taichung = await browser.newContext();
    const tp = await taichung.newPage();
    const coordinator = demoAccount("coordinator", "taichung");
    const CL: Locale = coordinator.locale;
    await signInFast(tp, coordinator.email);
    await tp.goto(`/coordinate/${PRE}/pre-departure`);
    const team = tp.getByTestId("outgoing-teams").getByTestId("team-checklist").filter({ hasText: TEAMS.taichung[0]!.name });
    await expect(team.getByTestId("proposal-state")).toHaveAttribute("data-state", "ready");
    for (const item of CHECKLIST_ITEMS) await expect(team.getByTestId(`item-${item}`)).toHaveAttribute("data-status", item === "dietary" ? "na" : "done");
    await expect(team.getByTestId("item-passport")).toContainText(values.passport);
    await expect(team.getByTestId("item-passport")).toContainText(t(CL, "checklist.statusName.done"));

    await tp.getByLabel(t(CL, "predeparture.startsAt", { zone: "Asia/Taipei" })).fill("2030-09-10T14:00");
    await tp.getByLabel(t(CL, "predeparture.videoUrl")).fill("http://insecure.example.org/x");
    await tp.getByLabel(t(CL, "predeparture.agenda")).fill("Itinerary and practical information");
    // The browser's own pattern check would stop an http link; the server refuses it too.
    const refused = await tp.request.post(`/coordinate/${PRE}/pre-departure`, { form: { startsAt: "2030-09-10T14:00", videoUrl: "http://insecure.example.org/x", agenda: "x" }, headers: { Origin: new URL(tp.url()).origin } });
    expect(refused.status()).toBe(400);
    await tp.getByLabel(t(CL, "predeparture.videoUrl")).fill("https://meet.example.org/briefing-e2e");
    await tp.getByRole("button", { name: t(CL, "predeparture.save") }).click();
    await expect(tp.getByTestId("meeting-when")).not.toHaveText(t(CL, "predeparture.noMeeting"));
    const mail = await outbox.latestFor(applicant.email);
    expect(mail.body).toContain("https://meet.example.org/briefing-e2e");
    expect(mail.body).toContain(`/applicant/proposals/${proposalId}/checklist`);

    // The host city sees the visiting team's needs only: no passport name.
    const toulouse = await browser.newContext();
    const op = await toulouse.newPage();
    await signInFast(op, demoAccount("coordinator", "toulouse").email);
    await op.goto(`/coordinate/${PRE}/pre-departure`);
    const visiting = op.getByTestId("incoming-teams").getByTestId("team-checklist").filter({ hasText: TEAMS.taichung[0]!.name });
    await expect(visiting.getByTestId("item-accessibility")).toContainText(values.accessibility);
    await expect(visiting.getByTestId("item-passport")).toHaveCount(0);
    await expect(op.locator("body")).not.toContainText(values.passport);
    // …and cannot open the team's checklist itself.
    expect((await op.goto(`/applicant/proposals/${proposalId}/checklist`))?.status()).toBe(404);
    await taichung.close();
    await toulouse.close();
  });

  test("a team submits its report; the city's results show the totals, a chart and a CSV; the partner's results stay private", async ({ page, browser }) => {
    const applicant = demoAccount("applicant", "toulouse", 2);
    const L: Locale = applicant.locale;
    await signInFast(page, applicant.email);
    const proposalId = await openProposal(page, "reporting");
    await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "awaitingReport");
    await page.getByTestId("report-link").click();
    await expect(page).toHaveURL(`/applicant/proposals/${proposalId}/report`);
    const figures = { meetingsHeld: "7", leads: "3", partnerships: "1", mous: "1", investmentEur: "42000", followUps: "2" };
    for (const [key, value] of Object.entries(figures)) await page.getByLabel(t(L, `teamReport.${key}`)).fill(value);
    await page.getByLabel(t(L, "teamReport.satisfaction")).selectOption("4");
    await page.getByLabel(t(L, "teamReport.nextSteps")).fill("=SUM(A1) pilot with a Taichung bike-sharing operator");
    await page.getByRole("button", { name: t(L, "teamReport.submit") }).click();
    await expect(page.getByTestId("report-submitted")).toBeVisible();
    await expect(page.getByTestId("report-meetingsHeld")).toHaveText("7");
    await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "completed");
    // Once only.
    const again = await page.request.post(`/applicant/proposals/${proposalId}/report`, { form: { ...figures, satisfaction: "4", nextSteps: "again", version: "99" }, headers: { Origin: new URL(page.url()).origin } });
    expect(again.status()).toBe(400);

    const coordinator = demoAccount("coordinator", "toulouse");
    const CL: Locale = coordinator.locale;
    const ctx = await browser.newContext();
    const cp = await ctx.newPage();
    await signInFast(cp, coordinator.email);
    await cp.goto(`/coordinate/${REPORTING}/results`);
    const row = cp.getByTestId("results-team-row").filter({ hasText: TEAMS.toulouse[1]!.name });
    await expect(row.locator('[data-metric="meetingsHeld"]')).toHaveText("7");
    const totals = cp.getByTestId("results-totals");
    await expect(totals.locator('[data-metric="reports"]')).toHaveText("1");
    await expect(totals.locator('[data-metric="meetingsHeld"]')).toHaveText("7");
    await expect(totals.locator('[data-metric="mous"]')).toHaveText("1");
    await expect(totals.locator('[data-metric="meanSatisfaction"]')).toHaveText("4.0");
    await expect(totals.locator('[data-metric="investmentEur"]')).toContainText("42");

    const chart = cp.getByTestId("results-chart");
    await expect(chart).toHaveAttribute("role", "img");
    await expect(chart).toHaveAttribute("aria-label", /.+/);
    const bars = chart.locator(`[data-testid="chart-bar"][data-edition="${REPORTING}"]`);
    await expect(bars).toHaveCount(5);
    const expected = { meetingsHeld: 7, leads: 3, partnerships: 1, mous: 1, followUps: 2 };
    for (const [metric, value] of Object.entries(expected)) await expect(bars.and(cp.locator(`[data-metric="${metric}"]`))).toHaveAttribute("data-value", String(value));
    const heights = Object.fromEntries(await Promise.all(Object.keys(expected).map(async (m) => [m, Number(await bars.and(cp.locator(`[data-metric="${m}"]`)).getAttribute("height"))] as const)));
    expect(heights.meetingsHeld).toBeGreaterThan(heights.leads!);
    expect(heights.leads).toBeGreaterThan(heights.followUps!);
    expect(heights.mous).toBeCloseTo(heights.partnerships!, 1);
    for (const metric of Object.keys(expected)) await expect(chart.getByTestId("chart-label").filter({ hasText: t(CL, `teamReport.${metric}`) })).toHaveCount(1);
    await expect(cp.getByTestId("chart-data")).toBeAttached();

    const csv = await cp.request.get(`/coordinate/${REPORTING}/results.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain(`"team","${REPORTING}","${TEAMS.toulouse[1]!.name}"`);
    expect(text).toContain(`"'=SUM(A1) pilot with a Taichung bike-sharing operator"`);
    expect(text).toContain(`"total","${REPORTING}","","","1","7","3","1","1","42000.00","2","4.00"`);

    // The results meeting is recorded, with a way to the timeline step.
    await cp.getByLabel(t(CL, "outcomes.heldAt", { zone: "Europe/Paris" })).fill("2030-12-01T10:00");
    await cp.getByLabel(t(CL, "outcomes.notes")).fill("Both teams presented.");
    await cp.getByRole("button", { name: t(CL, "outcomes.saveMeeting") }).click();
    await expect(cp.getByTestId("results-meeting")).not.toHaveText(t(CL, "outcomes.noMeeting"));
    await expect(cp.getByTestId("results-timeline-link")).toHaveAttribute("href", `/programs/${REPORTING}/timeline`);

    // Toulouse's coordinator cannot ask for Taichung's results, nor is Toulouse's team in Taichung's figures.
    expect((await cp.goto(`/coordinate/${REPORTING}/results?city=taichung`))?.status()).toBe(403);
    expect((await cp.request.get(`/coordinate/${REPORTING}/results.csv?city=taichung`)).status()).toBe(403);
    const tctx = await browser.newContext();
    const tp = await tctx.newPage();
    await signInFast(tp, demoAccount("coordinator", "taichung").email);
    const taichungCsv = await (await tp.request.get(`/coordinate/${REPORTING}/results.csv`)).text();
    expect(taichungCsv).not.toContain(TEAMS.toulouse[1]!.name);
    // An applicant gets 403 on a coordinator's results page.
    expect((await page.goto(`/coordinate/${REPORTING}/results`))?.status()).toBe(403);
    await ctx.close();
    await tctx.close();
  });
});
