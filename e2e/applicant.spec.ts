import type { Browser, Page } from "@playwright/test";
import {
  BASE_URL,
  SAME_ORIGIN,
  callWindow,
  completeProposal,
  createTeamFast,
  demoAccount,
  exactly,
  expect,
  expectLang,
  findMail,
  freshApplicant,
  moveClock,
  postProposal,
  proposalFormState,
  readDb,
  signInFast,
  startProposalFast,
  submittedProposalFast,
  t,
  tempFile,
  test,
  tinyPdf,
  uniqueEmail,
  type Locale,
} from "./fixtures.ts";

/**
 * This file's own editions (seeded by playwright.config.ts), so that what it adds, publishes
 * and closes never changes the editions other files check: the call of the first one closes
 * four hours after the server starts, so moving the clock just past it disturbs nothing else.
 */
const CALL_OPEN = "taichung-toulouse-applicants";
/** Each city picked two teams of the other; results not yet published when the run starts. */
const ANNOUNCEMENT = "taichung-toulouse-offers";

/**
 * This file's tests run one after the other (each on its own data): the last
 * one moves the server clock past a deadline, which for that moment expires
 * every session in use and lets the scheduler fire what falls due (offers
 * included), so the other tests here must not overlap it.
 */
test.describe.configure({ mode: "default" });


/** A catalogue string as a pattern, any {{placeholder}} matching any text. */
function pattern(locale: Locale, key: string): RegExp {
  const parts = t(locale, key).split(/\{\{\s*\w+\s*\}\}/);
  return new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+"));
}

/** The visible text of an HTML answer (enough to look for catalogue strings in it). */
function htmlText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** The year a date falls in, in a zone. */
function yearIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en", { year: "numeric", timeZone }).format(new Date(iso));
}

/** Fails the test if the page ever opens a dialog (alert, confirm, prompt). */
function forbidDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on("dialog", (dialog) => {
    opened.push(dialog.message());
    void dialog.dismiss();
  });
  return opened;
}

// ---------------------------------------------------------------------------
// 2. Withdrawing a submitted proposal.
// ---------------------------------------------------------------------------
test("a team withdraws its submitted proposal: the badge and the history say so", async ({ page, context, outbox }) => {
  const { email, proposalId, fields } = await submittedProposalFast(context, { tag: "withdraw", cityId: "toulouse", programSlug: CALL_OPEN });
  await page.goto(`/applicant/proposals/${proposalId}`);
  const badge = page.getByTestId("proposal-state");
  await expect(badge).toHaveAttribute("data-state", "submitted");
  const form = page.getByTestId("withdraw");
  await form.getByLabel(t("en", "status.withdrawReason")).fill("We found a partner closer to home.");
  // Without the confirmation the browser does not send the form.
  await form.getByRole("button", { name: exactly(t("en", "status.withdraw")) }).click();
  await expect(badge).toHaveAttribute("data-state", "submitted");
  await form.getByRole("checkbox", { name: exactly(t("en", "status.withdrawConfirm")) }).check();
  await form.getByRole("button", { name: exactly(t("en", "status.withdraw")) }).click();
  await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${proposalId}?answered=WITHDRAW`);
  await expect(page.getByText(t("en", "proposal.answered.WITHDRAW"))).toBeVisible();
  await expect(badge).toHaveAttribute("data-state", "withdrawn");
  await expect(badge).toHaveText(t("en", "application.state.withdrawn"));
  await expect(page.getByTestId("status-explainer")).toContainText(t("en", "status.explain.withdrawn"));
  await expect(page.getByTestId("history").getByRole("listitem").first()).toContainText(t("en", "status.event.WITHDRAW"));
  await expect(page.getByTestId("withdraw")).toHaveCount(0);
  const mail = await findMail(outbox, email, (m) => m.subject.includes(fields.title));
  expect(mail.subject).toBe(t("en", "mail.application-withdrawn.subject", { proposal: fields.title }));
});

// ---------------------------------------------------------------------------
// 3. Answering an offer.
// ---------------------------------------------------------------------------

/**
 * The teams see their offers once the results are published: in the
 * announcement edition the Taichung coordinator publishes them (the first
 * test to get here does; the other finds them published).
 */
async function ensureResultsPublished(browser: Browser): Promise<void> {
  const published = () =>
    readDb<{ state_value: string }>("select w.state_value from workflow_instances w join programs p on p.id = w.subject_id where p.slug = ? and w.machine_id = 'program'", ANNOUNCEMENT)[0]?.state_value.includes("announcement") === false;
  if (published()) return;
  const coordinator = demoAccount("coordinator", "taichung");
  const context = await browser.newContext({ baseURL: BASE_URL, locale: coordinator.locale });
  try {
    await signInFast(context, coordinator.email);
    const page = await context.newPage();
    await page.goto(`/coordinate/${ANNOUNCEMENT}/announcement`);
    const publish = page.getByRole("button", { name: exactly(t(coordinator.locale, "timeline.action.PUBLISH_RESULTS")) });
    if (!published() && (await publish.isVisible())) {
      // A concurrent test may publish first: its conflict is fine, the poll below is what counts.
      const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/programs/${ANNOUNCEMENT}/timeline`));
      await publish.click();
      expect((await answered).status()).toBeLessThan(500);
    }
  } finally {
    await context.close();
  }
  await expect.poll(published, { message: `results of ${ANNOUNCEMENT} published` }).toBe(true);
}

/** Opens the account's proposal in the announcement edition from its applications page. */
async function openAnnouncementProposal(page: Page, locale: Locale): Promise<{ id: string; title: string }> {
  const [program] = readDb<{ titles: string }>("select titles from programs where slug = ?", ANNOUNCEMENT);
  const programTitle = (JSON.parse(program!.titles) as Record<string, string>)[locale]!;
  await page.goto("/applicant");
  await page.getByTestId("team-card").getByRole("listitem").filter({ hasText: programTitle }).getByRole("link").click();
  await expect(page).toHaveURL(/\/applicant\/proposals\/[^/?]+$/);
  const id = /\/applicant\/proposals\/([^/?]+)$/.exec(page.url())![1]!;
  return { id, title: (await page.getByRole("heading", { level: 1 }).innerText()).trim() };
}

for (const answer of ["accept", "decline"] as const) {
  const account = demoAccount("applicant", "taichung", answer === "accept" ? 1 : 2);
  test.describe(`an offered team (${account.email})`, () => {
    test.use({ locale: account.locale, timezoneId: account.timeZone });

    test(`${answer}s the offer of Toulouse`, async ({ page, context, browser, outbox }) => {
      const L = account.locale;
      await ensureResultsPublished(browser);
      await signInFast(context, account.email);
      const { id, title } = await openAnnouncementProposal(page, L);
      const badge = page.getByTestId("proposal-state");
      await expect(badge).toHaveAttribute("data-state", "offered");
      const offer = page.getByTestId("offer");
      const partner = toulouseName(L);
      await expect(offer.getByRole("heading", { name: exactly(t(L, "offer.title", { partner })) })).toBeVisible();
      await expect(offer).toContainText(pattern(L, "offer.answerBy"));

      if (answer === "accept") {
        await offer.getByRole("button", { name: exactly(t(L, "offer.accept")) }).click();
        await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${id}?answered=ACCEPT`);
        await expect(page.getByText(t(L, "proposal.answered.ACCEPT"))).toBeVisible();
        await expect(badge).toHaveAttribute("data-state", "confirmed");
        await expect(badge).toHaveText(t(L, "application.state.confirmed"));
        await expect(page.getByTestId("history").getByRole("listitem").first()).toContainText(t(L, "status.event.ACCEPT"));
      } else {
        // Declining is final: without the confirmation the browser does not send it.
        await offer.getByLabel(t(L, "offer.declineReason")).fill("募資時程與交流日期衝突。");
        await offer.getByRole("button", { name: exactly(t(L, "offer.decline")) }).click();
        await expect(badge).toHaveAttribute("data-state", "offered");
        await offer.getByRole("checkbox", { name: exactly(t(L, "offer.declineConfirm")) }).check();
        await offer.getByRole("button", { name: exactly(t(L, "offer.decline")) }).click();
        await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${id}?answered=DECLINE`);
        await expect(page.getByText(t(L, "proposal.answered.DECLINE"))).toBeVisible();
        await expect(badge).toHaveAttribute("data-state", "declined");
        await expect(badge).toHaveText(t(L, "application.state.declined"));
        await expect(page.getByTestId("history").getByRole("listitem").first()).toContainText(t(L, "status.event.DECLINE"));
        // The host city's coordinator hears of it, in their own language.
        const host = demoAccount("coordinator", "toulouse");
        const mail = await findMail(outbox, host.email, (m) => m.subject.includes(title));
        expect(mail.subject).toBe(t(host.locale, "mail.application-offer-declined.subject", { proposal: title }));
        expect(mail.body).toContain(title);
      }
      await expect(page.getByTestId("offer")).toHaveCount(0);
    });
  });
}

/** Toulouse's name in a language, as the cities table gives it. */
function toulouseName(locale: Locale): string {
  const [row] = readDb<{ names: string }>("select names from cities where id = 'toulouse'");
  return (JSON.parse(row!.names) as Record<string, string>)[locale]!;
}

// ---------------------------------------------------------------------------
// 4. Bad input: never a 500, never half a save.
// ---------------------------------------------------------------------------
test.describe("bad input on the proposal form", () => {
  /** A new Toulouse team's draft in the open call, with a deck, and the form's state. */
  async function draft(context: Parameters<typeof createTeamFast>[0], tag: string) {
    const { email } = await freshApplicant(context, tag);
    const teamId = await createTeamFast(context, { name: `${tag} team`, cityId: "toulouse" });
    const proposalId = await startProposalFast(context, teamId, CALL_OPEN);
    const { version, topicIds } = await proposalFormState(context, proposalId);
    return { email, teamId, proposalId, version, topicId: topicIds[0]! };
  }

  test("a deck that is too large, not a PDF, or an executable named .pdf is refused with 400 and the deck stays", async ({ context }) => {
    const { proposalId, topicId } = await draft(context, "deck");
    const fields = { ...completeProposal("deck", topicId), intent: "save" };
    const good = tinyPdf("the good deck");
    expect((await postProposal(context, proposalId, fields, { name: "deck.pdf", buffer: good })).status()).toBe(302);
    const deckNow = async () => Buffer.from(await (await context.request.get(`/applicant/proposals/${proposalId}/deck`)).body());
    expect((await deckNow()).equals(good)).toBe(true);

    const oversized = Buffer.alloc(10 * 1024 * 1024 + 64 * 1024, 0x20);
    oversized.write("%PDF-1.4\n", 0, "latin1");
    const cases = [
      { what: "over 10 MB", deck: { name: "huge.pdf", buffer: oversized }, message: "errors.deck.tooLarge" },
      { what: "a text file", deck: { name: "notes.pdf", buffer: Buffer.from("These are my notes, not a PDF.\n") }, message: "errors.deck.notPdf" },
      { what: "a renamed executable", deck: { name: "deck.pdf", buffer: Buffer.concat([Buffer.from("\x7fELF\x02\x01\x01\0", "latin1"), Buffer.alloc(4096, 0x90)]) }, message: "errors.deck.notPdf" },
      { what: "a PNG with a PDF type", deck: { name: "deck.pdf", mimeType: "application/pdf", buffer: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") }, message: "errors.deck.notPdf" },
    ];
    for (const c of cases) {
      const response = await postProposal(context, proposalId, { ...fields, title: `changed with ${c.what}` }, c.deck);
      expect(response.status(), c.what).toBe(400);
      expect(htmlText(await response.text()), c.what).toContain(t("en", c.message));
      expect((await deckNow()).equals(good), `deck after ${c.what}`).toBe(true);
      const { html } = await proposalFormState(context, proposalId);
      expect(html, `title after ${c.what}`).toContain(`value="${fields.title}"`);
    }
  });

  test("a 1 MB text field is refused with 400 and nothing is saved", async ({ context }) => {
    const { proposalId, topicId } = await draft(context, "megabyte");
    const fields = { ...completeProposal("megabyte", topicId), intent: "save" };
    expect((await postProposal(context, proposalId, fields)).status()).toBe(302);
    const huge = "長".repeat(350_000); // over 1 MB in UTF-8
    for (const name of ["title", "summaryEn", "problem"]) {
      const response = await postProposal(context, proposalId, { ...fields, title: `${fields.title} (changed)`, [name]: huge });
      expect(response.status(), name).toBe(400);
      expect(htmlText(await response.text()), name).toContain(t("en", "errors.form.fixFields"));
    }
    const { html } = await proposalFormState(context, proposalId);
    expect(html).toContain(`value="${fields.title}"`);
    expect(html).toContain(fields.summaryEn);
  });

  test("submitting with required parts missing answers 400 with the list, and the proposal stays a draft", async ({ page, context }) => {
    const { proposalId, version } = await draft(context, "missing");
    const response = await postProposal(context, proposalId, { intent: "submit", version, title: "Only a title", summaryEn: "And a summary." });
    expect(response.status()).toBe(400);
    const text = htmlText(await response.text());
    expect(text).toContain(t("en", "errors.proposal.missing"));
    for (const missing of ["topicId", "summaryHome", "problem", "product", "traction", "team", "wants", "deck"]) expect(text).toContain(t("en", `proposal.fields.${missing}`));
    await page.goto(`/applicant/proposals/${proposalId}`);
    await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "draft");
    await expect(page.getByTestId("versions")).toHaveCount(0);
    // The filled parts were kept as a draft.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Only a title");
  });

  test("markup in every field is kept and shown as text, never run", async ({ page, context }) => {
    const dialogs = forbidDialogs(page);
    const markup = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    const { proposalId, topicId } = await draft(context, "markup");
    const fields = Object.fromEntries(Object.entries(completeProposal("markup", topicId)).map(([k, v]) => [k, k === "topicId" ? v : markup]));
    expect((await postProposal(context, proposalId, { ...fields, intent: "save" }, { name: `${markup}.pdf`, buffer: tinyPdf() })).status()).toBe(302);

    await page.goto(`/applicant/proposals/${proposalId}/edit`);
    for (const name of ["title", "summaryEn", "summaryHome", "problem", "product", "traction", "team", "wants", "preferredDates"]) {
      await expect(page.locator(`#${name}`), name).toHaveValue(markup);
    }
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(markup);
    await expect(page.getByTestId("deck-current")).toBeVisible();
    await page.goto(`/applicant/proposals/${proposalId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(markup);
    await expect(page.getByText(markup, { exact: true })).toHaveCount(2); // the title and the English summary
    await page.goto("/applicant");
    await expect(page.getByRole("link", { name: markup, exact: true })).toBeVisible();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test("a double-clicked submit makes exactly one submission", async ({ page, context }) => {
    const { proposalId, topicId, version } = await draft(context, "double");
    const fields = completeProposal("double", topicId);
    expect((await postProposal(context, proposalId, { ...fields, intent: "save" }, { name: "deck.pdf", buffer: tinyPdf() })).status()).toBe(302);
    const [first, second] = await Promise.all([
      postProposal(context, proposalId, { ...fields, intent: "submit", version }),
      postProposal(context, proposalId, { ...fields, intent: "submit", version }),
    ]);
    const statuses = [first.status(), second.status()].sort();
    expect(statuses[0]).toBe(302);
    expect([302, 409]).toContain(statuses[1]);
    await page.goto(`/applicant/proposals/${proposalId}`);
    await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "submitted");
    await expect(page.getByTestId("versions").getByRole("listitem")).toHaveCount(1);
    await expect(page.getByTestId("versions")).toContainText(t("en", "status.versionLine", { version: 1, at: "" }).trim());
    const events = await page.getByTestId("history").getByRole("listitem").allInnerTexts();
    expect(events.filter((e) => e.endsWith(t("en", "status.event.SUBMIT")))).toHaveLength(1);
    expect(events.filter((e) => e.endsWith(t("en", "status.event.EDIT")))).toHaveLength(0);
  });

  test("a form from another site, or with an unknown intent, changes nothing", async ({ context }) => {
    const { proposalId, topicId } = await draft(context, "origin");
    const fields = { ...completeProposal("origin", topicId), intent: "save" };
    // React Router refuses a foreign Origin on a page route (400), the app's middleware a POST with none (403).
    const foreign = await context.request.post(`/applicant/proposals/${proposalId}/edit`, { multipart: fields, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
    expect([400, 403]).toContain(foreign.status());
    const anonymous = await context.request.post(`/applicant/proposals/${proposalId}/edit`, { multipart: fields, maxRedirects: 0 });
    expect(anonymous.status()).toBe(403);
    const unknown = await postProposal(context, proposalId, { ...fields, intent: "publish" });
    expect(unknown.status()).toBe(400);
    const garbage = await context.request.post(`/applicant/proposals/${proposalId}/edit`, { data: "--x\r\nnot really multipart", headers: { ...SAME_ORIGIN, "Content-Type": "multipart/form-data; boundary=x" }, maxRedirects: 0 });
    expect(garbage.status()).toBe(400);
    const { html } = await proposalFormState(context, proposalId);
    expect(html).not.toContain(fields.title);
  });
});

// ---------------------------------------------------------------------------
// 1. The whole journey of a Taichung team, on a phone, in Traditional Chinese.
// It ends by moving the server clock past the call's deadline, so it runs in
// a serial block of its own, last in this file, and puts the clock back.
// ---------------------------------------------------------------------------
test.describe("a Taichung team applies from a phone (zh-TW) @moves-clock", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ locale: "zh-TW", timezoneId: "Asia/Taipei", viewport: { width: 375, height: 800 } });

  test.afterAll(async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: BASE_URL });
    await moveClock(request, { reset: true });
    await request.dispose();
  });

  test("signs up, drafts, comes back, uploads a deck, submits, resubmits, and is refused after the deadline", async ({ page, request, outbox }) => {
    test.setTimeout(120_000);
    const L = "zh-TW" as const;
    const field = (key: string) => page.getByRole("textbox", { name: exactly(t(L, `proposal.fields.${key}`)) });
    const badge = page.getByTestId("proposal-state");
    const email = uniqueEmail("zh-journey");
    const password = "correct horse battery staple";
    const suffix = Date.now().toString(36);
    const teamName = `臺中智慧製造 ${suffix}`;
    const title = `工廠能源感測 ${suffix}`;
    const summaryEn = `Clip-on sensors that show small factories where their energy goes (${suffix}).`;

    // Sign up, in the applicant's own time zone.
    await page.goto("/sign-up");
    await expectLang(page, L);
    await page.getByRole("textbox", { name: exactly(t(L, "auth.fields.name")) }).fill("林小明");
    await page.getByRole("textbox", { name: exactly(t(L, "auth.fields.email")) }).fill(email);
    await page.getByLabel(t(L, "auth.fields.password")).fill(password);
    await page.getByRole("combobox", { name: exactly(t(L, "auth.fields.timeZone")) }).selectOption("Asia/Taipei");
    await page.getByRole("button", { name: exactly(t(L, "auth.signUp.submit")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant`);
    await expect(page.getByTestId("applicant-home")).toBeVisible();

    // Create the team, at home in Taichung.
    await page.getByTestId("applicant-home").getByRole("link", { name: exactly(t(L, "team.create")) }).first().click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant/teams/new`);
    await expect(page.getByRole("heading", { level: 1, name: exactly(t(L, "team.createTitle")) })).toBeVisible();
    await page.getByRole("textbox", { name: exactly(t(L, "team.fields.name")) }).fill(teamName);
    await page.getByRole("combobox", { name: exactly(t(L, "team.fields.city")) }).selectOption("taichung");
    await page.getByRole("textbox", { name: exactly(t(L, "team.fields.foundingYear")) }).fill("2021");
    await page.getByRole("textbox", { name: exactly(t(L, "team.fields.website")) }).fill("https://example.com");
    await page.getByRole("textbox", { name: exactly(t(L, "team.fields.sector")) }).fill("智慧製造");
    await page.getByRole("textbox", { name: exactly(t(L, "team.fields.size")) }).fill("4");
    await page.getByRole("button", { name: exactly(t(L, "team.createSubmit")) }).click();
    await expect(page).toHaveURL(/\/applicant\/teams\/[^/?]+\?created=1$/);
    await expect(page.getByText(t(L, "team.created"))).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: teamName })).toBeVisible();

    // Start a proposal in the open call.
    await page.getByRole("link", { name: exactly(t(L, "proposal.backToApplications")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant`);
    const card = page.getByTestId("team-card").filter({ hasText: teamName });
    const call = card.locator("form").filter({ has: page.locator(`input[name="program"][value="${CALL_OPEN}"]`) });
    await expect(call).toContainText(pattern(L, "proposal.callCloses"));
    await call.getByRole("button", { name: exactly(t(L, "proposal.start")) }).click();
    await expect(page).toHaveURL(/\/applicant\/proposals\/[^/]+\/edit$/);
    const proposalId = /\/applicant\/proposals\/([^/]+)\/edit$/.exec(page.url())![1]!;
    const window = callWindow(CALL_OPEN, "taichung");
    const year = yearIn(window.closesAt, "Asia/Taipei");
    await expect(page.getByTestId("deadline")).toContainText(year);
    await expect(badge).toHaveAttribute("data-state", "draft");
    await expect(page.getByTestId("missing")).toContainText(t(L, "proposal.fields.deck"));

    // Write a draft: the autosave says what it does.
    await field("title").fill(title);
    await expect(page.getByTestId("autosave-status")).not.toBeEmpty();
    await field("summaryEn").fill(summaryEn);
    await field("problem").fill("中小型工廠看不到能源用在哪裡。");
    await expect(page.getByTestId("autosave-status")).toHaveText(pattern(L, "proposal.autosave.saved"));

    // Leave for the home page, and come back to the draft: nothing was lost.
    await page.goto("/applicant");
    await card.getByRole("link", { name: title }).click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${proposalId}`);
    await expect(badge).toHaveAttribute("data-state", "draft");
    await page.getByRole("link", { name: exactly(t(L, "proposal.continue")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${proposalId}/edit`);
    await expect(field("title")).toHaveValue(title);
    await expect(field("summaryEn")).toHaveValue(summaryEn);
    await expect(field("problem")).toHaveValue("中小型工廠看不到能源用在哪裡。");

    // Attach the deck and submit too early: the missing parts are listed.
    await page.getByLabel(t(L, "proposal.deckUpload")).setInputFiles(tempFile("pitch-deck.pdf", tinyPdf(title)));
    await page.getByRole("button", { name: exactly(t(L, "proposal.submit")) }).click();
    const formError = page.getByTestId("form-error");
    await expect(formError).toContainText(t(L, "errors.proposal.missing"));
    for (const missing of ["topicId", "summaryHome", "product", "traction", "team", "wants"]) {
      await expect(formError.getByRole("listitem").filter({ hasText: exactly(t(L, `proposal.fields.${missing}`)) })).toHaveCount(1);
    }
    // The deck went in with that request, and the filled parts are not asked for.
    await expect(formError.getByRole("listitem")).toHaveCount(6);
    await expect(badge).toHaveAttribute("data-state", "draft");

    // Complete it and submit.
    await page.getByRole("combobox", { name: exactly(t(L, "proposal.fields.topicId")) }).selectOption({ index: 1 });
    await field("summaryHome").fill("讓中小型工廠一目了然能源流向的夾式感測器。");
    await field("product").fill("夾式感測器與儀表板。");
    await field("traction").fill("12 家付費客戶，3 個試點。");
    await field("team").fill("兩位工程師與一位設計師。");
    await field("wants").fill("認識航太供應商與投資人。");
    await page.getByRole("button", { name: exactly(t(L, "proposal.submit")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${proposalId}?submitted=1`);
    await expect(page.getByText(t(L, "proposal.submittedNotice", { version: 1 }))).toBeVisible();
    await expect(badge).toHaveAttribute("data-state", "submitted");
    await expect(badge).toHaveText(t(L, "application.state.submitted"));
    await expect(page.getByTestId("versions").getByRole("listitem")).toHaveCount(1);
    await expect(page.getByTestId("history")).toContainText(t(L, "status.event.SUBMIT"));

    // The deck comes back as it was sent.
    const deck = await page.request.get(`/applicant/proposals/${proposalId}/deck`);
    expect(deck.status()).toBe(200);
    expect(deck.headers()["content-type"]).toBe("application/pdf");
    expect((await deck.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // The receipt, with a copy of the proposal.
    const receipt = await findMail(outbox, email, (m) => m.subject.includes(title));
    expect(receipt.subject).toBe(t(L, "mail.application-submission-receipt.subject", { proposal: title }));
    expect(receipt.body).toContain(summaryEn);

    // Edit and resubmit: a second version.
    await page.getByRole("link", { name: exactly(t(L, "proposal.edit")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${proposalId}/edit`);
    await expect(page.getByText(t(L, "proposal.editingSubmitted", { version: 1 }))).toBeVisible();
    await field("traction").fill("15 家付費客戶，4 個試點。");
    await page.getByRole("button", { name: exactly(t(L, "proposal.resubmit")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${proposalId}?submitted=2`);
    await expect(page.getByTestId("versions").getByRole("listitem")).toHaveCount(2);
    await expect(page.getByTestId("history")).toContainText(t(L, "status.event.EDIT"));

    // After the deadline (by the server's clock), a change is refused with the deadline.
    await page.getByRole("link", { name: exactly(t(L, "proposal.edit")) }).click();
    await expect(page).toHaveURL(`${BASE_URL}/applicant/proposals/${proposalId}/edit`);
    const deadlineLine = (await page.getByTestId("deadline").innerText()).trim();
    const deadline = deadlineLine.replace(t(L, "proposal.deadline", { deadline: "" }).trim(), "").trim();
    expect(deadline).toContain(year);
    // Set without an input event, so no autosave fires around the clock move.
    await field("title").evaluate((input: HTMLInputElement) => (input.value = "逾期後才改的標題"));
    // The deadline is a few hours ahead: one minute past its grace period, for this request only.
    let refused = 0;
    try {
      await moveClock(request, new Date(Date.parse(window.graceEnd) + 60_000));
      const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith(`/applicant/proposals/${proposalId}/edit`));
      await page.getByRole("button", { name: exactly(t(L, "proposal.resubmit")) }).click();
      refused = (await answer).status();
    } finally {
      await moveClock(request, { reset: true });
    }
    expect(refused).toBe(400);
    await expect(page.getByTestId("form-error")).toContainText(t(L, "errors.proposal.deadlinePassed", { deadline, cityDeadline: deadline }));
    await expect(page.getByTestId("form-error")).toContainText(year);

    // Nothing changed.
    await page.goto(`/applicant/proposals/${proposalId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByTestId("versions").getByRole("listitem")).toHaveCount(2);
    await page.goto(`/applicant/proposals/${proposalId}/edit`);
    await expect(field("title")).toHaveValue(title);
  });
});
