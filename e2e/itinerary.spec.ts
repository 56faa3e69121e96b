import { type Page } from "@playwright/test";
import { parseIcs, parseIcsUtc } from "../app/lib/ics.ts";
import { TEAMS } from "../seeds/demo-data.ts";
import { MATCHMAKING_PARTNERS } from "../seeds/itineraries.ts";
import { demoAccount, expect, SAME_ORIGIN, signInFast, t, test } from "./fixtures.ts";

// The edition seeded in the itinerary stage (playwright.config.ts: seed --stage itinerary).
// Toulouse hosts the Taichung teams of applicant1/applicant2.taichung.
const SLUG = "taichung-toulouse-itinerary";
const HOSTED_TEAM = TEAMS.taichung[0]!.name;
const HOST = demoAccount("coordinator", "toulouse"); // French interface
const SENDER = demoAccount("coordinator", "taichung"); // Chinese interface
const MEMBER = demoAccount("applicant", "taichung", 1);
const OTHER_MEMBER = demoAccount("applicant", "taichung", 2);

/** The hosted team's proposal id, from the host coordinator's list. */
async function hostedProposalId(page: Page): Promise<string> {
  await page.goto(`/coordinate/${SLUG}/itineraries`);
  const row = page.getByTestId("hosted-teams").getByRole("listitem").filter({ hasText: HOSTED_TEAM });
  const href = await row.getByRole("link", { name: t("fr", "itinerary.open") }).getAttribute("href");
  const id = href?.split("/").pop();
  if (!id) throw new Error("no hosted team link");
  return id;
}

test.describe("itineraries", () => {
  test("the host adds a flight across time zones; the team sees both local times and exports it", async ({ page, browser, outbox }) => {
    await signInFast(page, HOST.email);
    const id = await hostedProposalId(page);
    await page.goto(`/coordinate/${SLUG}/itineraries/${id}`);
    const flightNo = `BR ${100 + Math.floor(Math.random() * 800)}`;
    const form = page.getByTestId("itinerary-form");
    await form.getByLabel(t("fr", "itinerary.fields.kind")).selectOption("flight");
    await form.getByLabel(t("fr", "itinerary.fields.carrier"), { exact: true }).fill("EVA Air");
    await form.getByLabel(t("fr", "itinerary.fields.flightNumber"), { exact: true }).fill(flightNo);
    await form.getByLabel(t("fr", "itinerary.fields.departurePlace"), { exact: true }).fill("Taipei TPE");
    await form.getByLabel(t("fr", "itinerary.fields.arrivalPlace"), { exact: true }).fill("Paris CDG");
    await form.getByLabel(t("fr", "itinerary.fields.departure"), { exact: true }).fill("2031-01-15T23:40");
    await form.getByLabel(t("fr", "itinerary.fields.departureZone"), { exact: true }).selectOption("Asia/Taipei");
    await form.getByLabel(t("fr", "itinerary.fields.arrival"), { exact: true }).fill("2031-01-16T07:05");
    await form.getByLabel(t("fr", "itinerary.fields.arrivalZone"), { exact: true }).selectOption("Europe/Paris");
    await form.getByRole("button", { name: t("fr", "itinerary.save") }).click();
    await expect(page.getByText(t("fr", "itinerary.saved"))).toBeVisible();
    const hostItem = page.getByTestId("itinerary-item").filter({ hasText: flightNo });
    await expect(hostItem).toHaveAttribute("data-starts-at", "2031-01-15T15:40:00.000Z");
    await expect(hostItem).toHaveAttribute("data-ends-at", "2031-01-16T06:05:00.000Z");

    // The team: any member, in Chinese, living in Taipei.
    const context = await browser.newContext();
    const team = await context.newPage();
    await signInFast(team, MEMBER.email);
    await team.goto(`/applicant/proposals/${id}`);
    await team.getByRole("link", { name: t("zh-TW", "itinerary.link") }).click();
    await expect(team).toHaveURL(new RegExp(`/applicant/proposals/${id}/itinerary$`));
    const item = team.getByTestId("itinerary-item").filter({ hasText: flightNo });
    await expect(item.getByTestId("local-start")).toHaveAttribute("data-local", "2031-01-15T23:40");
    await expect(item.getByTestId("local-start")).toHaveAttribute("data-zone", "Asia/Taipei");
    await expect(item.getByTestId("local-start")).toContainText("11:40");
    await expect(item.getByTestId("local-end")).toHaveAttribute("data-local", "2031-01-16T07:05");
    await expect(item.getByTestId("local-end")).toHaveAttribute("data-zone", "Europe/Paris");
    await expect(item.getByTestId("local-end")).toContainText("07:05");
    // …and the landing in the viewer's own zone (Taipei): 14:05.
    await expect(item.getByTestId("viewer-end")).toHaveAttribute("data-local", "2031-01-16T14:05");
    await expect(item.getByTestId("viewer-end")).toContainText("02:05");

    // The calendar export parses back to the same UTC instants.
    const ics = await team.request.get(`/applicant/proposals/${id}/itinerary.ics`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    const body = await ics.text();
    expect(body).toContain("\r\n");
    for (const line of body.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const event = parseIcs(body).find((e) => e.SUMMARY?.includes(flightNo));
    expect(event, "the flight is in the calendar").toBeTruthy();
    expect(event!.DTSTART).toBe("20310115T154000Z");
    expect(event!.DTEND).toBe("20310116T060500Z");
    expect(parseIcsUtc(event!.DTSTART!)).toBe("2031-01-15T15:40:00.000Z");
    expect(event!.LOCATION).toBe("Taipei TPE → Paris CDG");
    expect(event!.UID).toBeTruthy();
    expect(event!.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);

    // The team was told, in its language.
    const mail = await outbox.latestFor(MEMBER.email, t("zh-TW", "mail.itinerary-changed.subject", { team: HOSTED_TEAM }));
    expect(mail.body).toContain(`/applicant/proposals/${id}/itinerary`);

    // The host's calendar of the whole exchange has it too.
    const all = await page.request.get(`/coordinate/${SLUG}/itineraries.ics`);
    expect(all.status()).toBe(200);
    expect(parseIcs(await all.text()).some((e) => e.SUMMARY?.includes(flightNo) && e.DTSTART === "20310115T154000Z")).toBe(true);
    await context.close();
  });

  test("a double-booked matchmaking slot is refused and nothing is added", async ({ page }) => {
    await signInFast(page, HOST.email);
    const id = await hostedProposalId(page);
    const [, angels, lawFirm] = MATCHMAKING_PARTNERS.toulouse;
    await page.goto(`/coordinate/${SLUG}/matchmaking`);
    const schedule = async (partner: string, start: string, end: string) => {
      const form = page.getByTestId("schedule-form");
      await form.getByLabel(t("fr", "matchmaking.fields.team")).selectOption({ label: HOSTED_TEAM });
      await form.getByLabel(t("fr", "matchmaking.fields.partner")).selectOption({ label: partner });
      await form.getByLabel(t("fr", "matchmaking.fields.start", { zone: "Europe/Paris" })).fill(start);
      await form.getByLabel(t("fr", "matchmaking.fields.end", { zone: "Europe/Paris" })).fill(end);
      await form.getByRole("button", { name: t("fr", "matchmaking.schedule") }).click();
    };
    await schedule(angels!.name, "2031-02-10T14:00", "2031-02-10T15:00");
    await expect(page.getByText(t("fr", "matchmaking.scheduled"))).toBeVisible();
    const slots = page.getByTestId("slot-grid").getByTestId("slot");
    const before = await slots.count();

    // Same team, overlapping time, another partner: refused.
    await schedule(lawFirm!.name, "2031-02-10T14:30", "2031-02-10T15:30");
    await expect(page.getByRole("alert")).toHaveText(t("fr", "matchmaking.errors.teamBusy"));
    await page.goto(`/coordinate/${SLUG}/matchmaking`);
    await expect(slots).toHaveCount(before);
    await expect(page.getByTestId("slot-grid")).not.toContainText(lawFirm!.name);

    // Adjacent is fine.
    await schedule(lawFirm!.name, "2031-02-10T15:00", "2031-02-10T16:00");
    await expect(page.getByText(t("fr", "matchmaking.scheduled"))).toBeVisible();
    await expect(slots).toHaveCount(before + 1);

    // Each booked slot is an item of the team's itinerary.
    await page.goto(`/coordinate/${SLUG}/itineraries/${id}`);
    const meetings = page.getByTestId("itinerary-item").and(page.locator("[data-kind=matchmaking]"));
    await expect(meetings.filter({ hasText: angels!.name }).and(page.locator('[data-starts-at="2031-02-10T13:00:00.000Z"]'))).toHaveCount(1);
    await expect(meetings.filter({ hasText: lawFirm!.name })).toHaveCount(1);
    await expect(meetings.filter({ hasText: lawFirm!.name })).toHaveAttribute("data-starts-at", "2031-02-10T14:00:00.000Z");
  });

  test("the sending city's coordinator only reads; another team's applicant gets 404", async ({ page, browser }) => {
    await signInFast(page, HOST.email);
    const id = await hostedProposalId(page);

    const senderContext = await browser.newContext();
    const sender = await senderContext.newPage();
    await signInFast(sender, SENDER.email);
    const view = await sender.goto(`/coordinate/${SLUG}/itineraries/${id}`);
    expect(view?.status()).toBe(200);
    await expect(sender.getByText(t("zh-TW", "itinerary.readOnly"))).toBeVisible();
    await expect(sender.getByTestId("itinerary-form")).toHaveCount(0);
    const before = await sender.getByTestId("itinerary-item").count();
    const post = await sender.request.post(`/coordinate/${SLUG}/itineraries/${id}`, {
      form: { intent: "save", kind: "event", title: "Sneaky dinner", startLocal: "2031-03-01T19:00", startZone: "Europe/Paris", endLocal: "2031-03-01T21:00", endZone: "Europe/Paris" },
      headers: SAME_ORIGIN,
      maxRedirects: 0,
    });
    expect(post.status()).toBe(403);
    await sender.reload();
    await expect(sender.getByTestId("itinerary-item")).toHaveCount(before);
    await expect(sender.getByText("Sneaky dinner")).toHaveCount(0);
    await senderContext.close();

    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signInFast(other, OTHER_MEMBER.email);
    expect((await other.goto(`/applicant/proposals/${id}/itinerary`))?.status()).toBe(404);
    expect((await other.request.get(`/applicant/proposals/${id}/itinerary.ics`)).status()).toBe(404);
    await otherContext.close();
  });
});
