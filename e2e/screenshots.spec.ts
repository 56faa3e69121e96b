import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { LANGUAGE_BUTTON, demoAccount, expect, expectLang, signInFast, test, type Locale } from "./fixtures.ts";

/**
 * Visual smoke test: the main pages at phone and desktop width in zh-TW and
 * fr. Asserts nothing overflows sideways; the pictures go to E2E_SHOTS_DIR
 * (e.g. /tmp/shots) for a person to look at, else into the test's output.
 */
const WIDTHS = { mobile: { width: 375, height: 812 }, desktop: { width: 1280, height: 900 } };

async function shoot(page: Page, name: string, dir: string): Promise<void> {
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} overflows sideways by ${overflow}px at ${size.width}px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(dir, `${name}-${label}.png`), fullPage: true });
  }
}

// One test: both languages switch the shared demo admin's language, so they must not run at the same time.
test("screenshots of the main pages in zh-TW and fr", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const dir = process.env.E2E_SHOTS_DIR ?? testInfo.outputPath("shots");
  mkdirSync(dir, { recursive: true });
  const admin = demoAccount("admin");
  for (const locale of ["zh-TW", "fr"] as Locale[]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    for (const route of ["sign-up", "sign-in"]) {
      await page.goto(`/${route}`);
      await expectLang(page, locale);
      await shoot(page, `${route}-${locale}`, dir);
    }
    // Applicants of each city have that city's language.
    expect(await signInFast(context, demoAccount("applicant", locale === "zh-TW" ? "taichung" : "toulouse", 1).email)).toBe("/applicant");
    await page.goto("/applicant");
    await expect(page.getByTestId("applicant-home")).toBeVisible();
    await expectLang(page, locale);
    await shoot(page, `applicant-${locale}`, dir);
    await context.close();

    // The admin writes in English: switch, take the pictures, switch back.
    const adminContext = await browser.newContext({ locale });
    const adminPage = await adminContext.newPage();
    await signInFast(adminContext, admin.email);
    await adminPage.goto("/admin");
    await adminPage.getByRole("button", { name: LANGUAGE_BUTTON[locale], exact: true }).click();
    await expectLang(adminPage, locale);
    await expect(adminPage.getByTestId("admin-home")).toBeVisible();
    await shoot(adminPage, `admin-${locale}`, dir);
    await adminPage.getByRole("button", { name: LANGUAGE_BUTTON[admin.locale], exact: true }).click();
    await expectLang(adminPage, admin.locale);
    await adminContext.close();
  }
});
