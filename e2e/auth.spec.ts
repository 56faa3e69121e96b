import {
  BASE_URL,
  DEMO_PASSWORD,
  HOME_OF,
  LANGUAGE_BUTTON,
  LOCALES,
  SAME_ORIGIN,
  demoAccount,
  exactly,
  expect,
  expectLang,
  linkIn,
  OTHER_IP_BASE_URL,
  serverNow,
  signInFast,
  signInUI,
  signOutUI,
  signUpFast,
  t,
  test,
  uniqueEmail,
  type Locale,
} from "./fixtures.ts";

const EVIL = { Origin: "https://evil.example" };

// ---------------------------------------------------------------------------
// The whole account journey, once per language.
// ---------------------------------------------------------------------------
for (const locale of LOCALES) {
  test.describe(`account journey in ${locale}`, () => {
    test.use({ locale });

    test(`sign up, sign out, sign in, reset the password, switch language (${locale})`, async ({ page, outbox }) => {
      const email = uniqueEmail(`journey-${locale}`);
      const name = locale === "zh-TW" ? "測試 申請人" : locale === "fr" ? "Élodie Testeuse" : "Test Applicant";
      const firstPassword = "first password 123";
      const newPassword = "second password 456";
      const other: Locale = locale === "en" ? "fr" : locale === "fr" ? "zh-TW" : "en";

      await test.step("sign up in the browser's language", async () => {
        await page.goto("/sign-up");
        await expectLang(page, locale);
        await expect(page.getByRole("heading", { level: 1, name: exactly(t(locale, "auth.signUp.title")) })).toBeVisible();
        await page.getByLabel(t(locale, "auth.fields.name")).fill(name);
        await page.getByLabel(t(locale, "auth.fields.email")).fill(email);
        await page.getByLabel(t(locale, "auth.fields.password")).fill(firstPassword);
        await page.getByLabel(t(locale, "auth.fields.timeZone")).selectOption(locale === "fr" ? "Europe/Paris" : "Asia/Taipei");
        await page.getByRole("button", { name: exactly(t(locale, "auth.signUp.submit")) }).click();
        await expect(page).toHaveURL(`${BASE_URL}/applicant`);
        await expect(page.getByTestId("applicant-home")).toBeVisible();
        await expect(page.getByRole("heading", { level: 1, name: exactly(t(locale, "applicant.home.title", { name })) })).toBeVisible();
        await expectLang(page, locale);
      });

      await test.step("sign out, then sign in again", async () => {
        await signOutUI(page, locale);
        await page.goto("/applicant");
        await expect(page).toHaveURL(`${BASE_URL}/sign-in?next=%2Fapplicant`);
        await signInUI(page, email, firstPassword, locale);
        await expect(page).toHaveURL(`${BASE_URL}/applicant`);
        await expect(page.getByTestId("applicant-home")).toBeVisible();
        await signOutUI(page, locale);
      });

      let resetLink = "";
      await test.step("ask for a password reset", async () => {
        await page.goto("/sign-in");
        await page.getByRole("link", { name: exactly(t(locale, "auth.signIn.forgot")) }).click();
        await expect(page).toHaveURL(`${BASE_URL}/forgot-password`);
        await page.getByLabel(t(locale, "auth.fields.email")).fill(email);
        await page.getByRole("button", { name: exactly(t(locale, "auth.forgot.submit")) }).click();
        await expect(page.getByRole("status")).toHaveText(t(locale, "auth.forgot.sent"));
      });

      await test.step("the reset mail is in the outbox, in the account's language", async () => {
        const message = await outbox.latestFor(email, t(locale, "mail.password-reset.subject"));
        expect(message.body).toContain(name);
        resetLink = linkIn(message.body, /^\/reset-password\/.+/);
        expect(resetLink.startsWith(`${BASE_URL}/reset-password/`)).toBe(true);
      });

      await test.step("choose a new password from the link", async () => {
        await page.goto(resetLink);
        await expect(page.getByRole("heading", { level: 1, name: exactly(t(locale, "auth.reset.title")) })).toBeVisible();
        await page.getByLabel(t(locale, "auth.fields.newPassword")).fill(newPassword);
        await page.getByRole("button", { name: exactly(t(locale, "auth.reset.submit")) }).click();
        await expect(page).toHaveURL(`${BASE_URL}/settings?reset=1`);
        await expect(page.getByRole("status")).toHaveText(t(locale, "auth.reset.done"));
      });

      await test.step("the link works only once", async () => {
        await page.goto(resetLink);
        await expect(page.getByRole("alert")).toHaveText(t(locale, "errors.reset.invalidLink"));
      });

      await test.step("the old password no longer works; the new one does", async () => {
        await page.goto("/settings");
        await signOutUI(page, locale);
        await page.goto("/sign-in");
        await page.getByLabel(t(locale, "auth.fields.email")).fill(email);
        await page.getByLabel(t(locale, "auth.fields.password")).fill(firstPassword);
        await page.getByRole("button", { name: exactly(t(locale, "auth.signIn.submit")) }).click();
        await expect(page.getByRole("alert")).toHaveText(t(locale, "errors.signIn.invalid"));
        await expect(page).toHaveURL(`${BASE_URL}/sign-in`);
        await signInUI(page, email, newPassword, locale);
        await expect(page).toHaveURL(`${BASE_URL}/applicant`);
        await expect(page.getByTestId("applicant-home")).toBeVisible();
      });

      await test.step(`switch to ${other} with the header switcher`, async () => {
        const switcher = page.getByRole("form", { name: t(locale, "common.language") });
        await expect(switcher.getByRole("button", { name: LANGUAGE_BUTTON[locale], exact: true })).toHaveAttribute("aria-pressed", "true");
        await switcher.getByRole("button", { name: LANGUAGE_BUTTON[other], exact: true }).click();
        await expectLang(page, other);
        await expect(page).toHaveURL(`${BASE_URL}/applicant`);
        const switched = page.getByRole("form", { name: t(other, "common.language") });
        await expect(switched.getByRole("button", { name: LANGUAGE_BUTTON[other], exact: true })).toHaveAttribute("aria-pressed", "true");
        await expect(switched.getByRole("button", { name: LANGUAGE_BUTTON[locale], exact: true })).toHaveAttribute("aria-pressed", "false");
        await expect(page.getByRole("heading", { level: 1, name: exactly(t(other, "applicant.home.title", { name })) })).toBeVisible();
        await expect(page.getByRole("button", { name: exactly(t(other, "nav.signOut")) })).toBeVisible();
        // Remembered in the account: a full reload (no client state) keeps it.
        await page.reload();
        await expectLang(page, other);
        await expect(page.getByRole("contentinfo")).toHaveText(t(other, "common.footer"));
      });
    });
  });
}

// ---------------------------------------------------------------------------
// Roles and redirects
// ---------------------------------------------------------------------------
test.describe("each demo role lands on its own home", () => {
  const accounts = [
    demoAccount("admin"),
    demoAccount("coordinator", "taichung"),
    demoAccount("coordinator", "toulouse"),
    demoAccount("reviewer", "taichung", 1),
    demoAccount("reviewer", "toulouse", 2),
    demoAccount("applicant", "taichung", 1),
    demoAccount("applicant", "toulouse", 3),
  ];
  for (const account of accounts) {
    test(`${account.role}${account.city ? ` of ${account.city}` : ""} → ${HOME_OF[account.role].path}`, async ({ page }) => {
      // The page shows in the account's own language once signed in.
      await signInUI(page, account.email, DEMO_PASSWORD, "en");
      await expect(page).toHaveURL(`${BASE_URL}${HOME_OF[account.role].path}`);
      await expect(page.getByTestId(HOME_OF[account.role].testId)).toBeVisible();
      await expectLang(page, account.locale);
      await expect(page.getByTestId("signed-in-as")).toHaveText(account.name);
    });
  }
});

test("a signed-out visit to /settings goes to sign-in and comes back", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(`${BASE_URL}/sign-in?next=%2Fsettings`);
  await signInUI(page, demoAccount("applicant", "toulouse", 5).email, DEMO_PASSWORD, "en");
  await expect(page).toHaveURL(`${BASE_URL}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: exactly(t("fr", "settings.title")) })).toBeVisible();
});

test("sign-in does not redirect to another site through next=", async ({ page }) => {
  await page.goto(`/sign-in?next=${encodeURIComponent("//evil.example/x")}`);
  await signInUI(page, demoAccount("applicant", "toulouse", 6).email, DEMO_PASSWORD, "en");
  await expect(page).toHaveURL(`${BASE_URL}/applicant`);
});

// ---------------------------------------------------------------------------
// Abuse and security
// ---------------------------------------------------------------------------
test("the 11th wrong password for one account within a minute gets 429, translated", async ({ browser, playwright }) => {
  // From a client address of its own (e2e/fixtures.ts clientAddress): these dozen
  // attempts count against their own per-IP window, not another test's.
  const origin = { Origin: OTHER_IP_BASE_URL };
  const request = await playwright.request.newContext({ baseURL: OTHER_IP_BASE_URL });
  const context = await browser.newContext({ baseURL: OTHER_IP_BASE_URL, locale: "fr" });
  const page = await context.newPage();
  // The limit counts in fixed one-minute windows of the server clock. If the
  // attempts straddled two windows, start again with another fresh account.
  let verified = false;
  for (let attempt = 1; attempt <= 3 && !verified; attempt++) {
    const account = await signUpFast(request, { email: uniqueEmail("ratelimit"), locale: "fr", origin: OTHER_IP_BASE_URL });
    // Signed out again: a signed-in POST to /sign-in is answered by the page's redirect.
    expect((await request.post("/sign-out", { headers: origin, maxRedirects: 0 })).status()).toBe(302);
    const start = await serverNow(request);
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const response = await request.post("/sign-in", { form: { email: account.email, password: `wrong-${i}` }, headers: origin, maxRedirects: 0 });
      statuses.push(response.status());
    }
    const eleventh = await request.post("/sign-in", { form: { email: account.email, password: "wrong-11" }, headers: { ...origin, "Accept-Language": "fr" }, maxRedirects: 0 });
    // Even the right password is refused while the account is paused.
    const rightButPaused = await request.post("/sign-in", { form: { email: account.email, password: account.password }, headers: origin, maxRedirects: 0 });
    const end = await serverNow(request);
    if (Math.floor(end.getTime() / 60_000) !== Math.floor(start.getTime() / 60_000)) continue;
    expect(statuses).toEqual(Array(10).fill(400));
    expect(eleventh.status()).toBe(429);
    expect(await eleventh.text()).toContain('data-testid="error-429"');
    expect(rightButPaused.status()).toBe(429);

    // In the browser: the translated "too many attempts" page.
    await page.goto("/sign-in");
    await page.getByLabel(t("fr", "auth.fields.email")).fill(account.email);
    await page.getByLabel(t("fr", "auth.fields.password")).fill("wrong-12");
    await page.getByRole("button", { name: exactly(t("fr", "auth.signIn.submit")) }).click();
    await expect(page.getByTestId("error-429")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: exactly(t("fr", "errors.tooMany.title")) })).toBeVisible();
    await expectLang(page, "fr");

    // Another account is not affected.
    expect(await signInFast(request, demoAccount("applicant", "toulouse", 7).email, DEMO_PASSWORD, OTHER_IP_BASE_URL)).toBe("/applicant");
    verified = true;
  }
  expect(verified, "every try straddled two rate-limit windows").toBe(true);
  await context.close();
  await request.dispose();
});

test("cross-origin POSTs to /sign-out and /language get 403 and change nothing", async ({ page, context }) => {
  await signUpFast(context, { email: uniqueEmail("csrf"), locale: "en" });
  await page.goto("/applicant");
  await expect(page.getByTestId("applicant-home")).toBeVisible();
  await expectLang(page, "en");
  const cookiesBefore = await context.cookies();

  for (const body of [{}, { scope: "everywhere" }] as Record<string, string>[]) {
    const response = await page.request.post("/sign-out", { form: body, headers: EVIL, maxRedirects: 0 });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
  }
  const language = await page.request.post("/language", { form: { locale: "fr", returnTo: "/applicant" }, headers: EVIL, maxRedirects: 0 });
  expect(language.status()).toBe(403);
  expect(language.headers()["set-cookie"]).toBeUndefined();
  // No Origin at all (and no Sec-Fetch-Site) is refused as well.
  const anonymous = await page.request.post("/sign-out", { form: {}, maxRedirects: 0 });
  expect(anonymous.status()).toBe(403);

  expect(await context.cookies()).toEqual(cookiesBefore);
  await page.reload();
  await expect(page.getByTestId("applicant-home")).toBeVisible();
  await expectLang(page, "en");
  await expect(page.getByRole("button", { name: exactly(t("en", "nav.signOut")) })).toBeVisible();

  // The same POST from our own origin does sign out, even without a form body.
  const own = await page.request.post("/sign-out", { headers: SAME_ORIGIN, maxRedirects: 0 });
  expect(own.status()).toBe(302);
  expect(own.headers()["set-cookie"]).toContain("passerelle_session=;");
  await page.goto("/applicant");
  await expect(page).toHaveURL(`${BASE_URL}/sign-in?next=%2Fapplicant`);
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, context }) => {
  await signInUI(page, demoAccount("applicant", "taichung", 4).email, DEMO_PASSWORD, "en");
  await expect(page.getByTestId("applicant-home")).toBeVisible();
  const session = (await context.cookies()).find((c) => c.name === "passerelle_session");
  expect(session, "passerelle_session cookie").toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(session!.path).toBe("/");
  expect(session!.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
  expect(await page.evaluate(() => document.cookie)).not.toContain("passerelle_session");
});

test("GET /healthz reports the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});

for (const locale of LOCALES) {
  test(`an unknown URL shows the translated 404 page (${locale})`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const response = await page.goto("/no/such/page-e2e");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("error-404")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: exactly(t(locale, "errors.notFound.title")) })).toBeVisible();
    await expect(page.getByRole("link", { name: exactly(t(locale, "errors.backHome")) })).toBeVisible();
    await expectLang(page, locale);
    await context.close();
  });
}

test('"sign out everywhere" ends the sessions of other browsers', async ({ browser }) => {
  const laptop = await browser.newContext({ locale: "en" });
  const phone = await browser.newContext({ locale: "en" });
  const account = await signUpFast(laptop, { email: uniqueEmail("everywhere") });
  expect(await signInFast(phone, account.email, account.password)).toBe("/applicant");

  const phonePage = await phone.newPage();
  await phonePage.goto("/applicant");
  await expect(phonePage.getByTestId("applicant-home")).toBeVisible();

  const laptopPage = await laptop.newPage();
  await laptopPage.goto("/settings");
  await laptopPage.getByRole("button", { name: exactly(t("en", "settings.sessions.signOutEverywhere")) }).click();
  await expect(laptopPage).toHaveURL(`${BASE_URL}/`);
  await expect(laptopPage.getByRole("banner").getByRole("link", { name: exactly(t("en", "nav.signIn")) })).toBeVisible();

  await phonePage.reload();
  await expect(phonePage).toHaveURL(`${BASE_URL}/sign-in?next=%2Fapplicant`);
  // The stale cookie is cleared.
  expect((await phone.cookies()).find((c) => c.name === "passerelle_session")).toBeUndefined();

  await laptop.close();
  await phone.close();
});

test("a form too large to read is refused in the visitor's language, and the page says which language it is in", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: "fr" });
  const page = await context.newPage();
  await page.goto("/sign-in");
  // A huge paste, posted by the page itself as the browser would.
  await page.evaluate(() => {
    const form = Object.assign(document.createElement("form"), { method: "post", action: "/sign-in" });
    form.appendChild(Object.assign(document.createElement("input"), { name: "email", value: "x".repeat(1_100_000) }));
    document.body.appendChild(form);
    form.submit();
  });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("fr", "errors.tooLarge.title"));
  await expectLang(page, "fr");
  await expect(page.getByRole("button", { name: LANGUAGE_BUTTON.fr })).toHaveAttribute("aria-pressed", "true");
  await context.close();
});
