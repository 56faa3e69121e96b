import { createTeamFast, exactly, expect, freshApplicant, startProposalFast, t, tempFile, test, tinyPdf } from "./fixtures.ts";

// The core path works with JavaScript switched off: plain forms, server redirects, server errors.
test.use({ javaScriptEnabled: false, viewport: { width: 375, height: 800 }, locale: "fr" });

test("without JavaScript an applicant signs in, fills the proposal, uploads the deck and submits", async ({ page, context }) => {
  const { email, password } = await freshApplicant(context, "nojs", "fr");
  const teamId = await createTeamFast(context, { name: "Sans JS SAS", cityId: "toulouse" });
  const proposalId = await startProposalFast(context, teamId, "taichung-toulouse-applicants");
  await context.clearCookies();

  await page.goto("/sign-in");
  await page.getByLabel(t("fr", "auth.fields.email")).fill(email);
  await page.getByLabel(t("fr", "auth.fields.password")).fill(password);
  await page.getByRole("button", { name: exactly(t("fr", "auth.signIn.submit")) }).click();
  await expect(page).toHaveURL(/\/applicant$/);

  await page.goto(`/applicant/proposals/${proposalId}/edit`);
  await page.locator("#title").fill("Capteurs sans JavaScript");
  await page.locator("#topicId").selectOption({ index: 1 });
  for (const id of ["summaryEn", "summaryHome", "problem", "product", "traction", "team", "wants"]) await page.locator(`#${id}`).fill(`Texte pour ${id}`);
  await page.locator("#deck").setInputFiles(tempFile("deck.pdf", tinyPdf()));
  await page.getByRole("button", { name: exactly(t("fr", "proposal.submit")) }).click();

  await expect(page).toHaveURL(new RegExp(`/applicant/proposals/${proposalId}\\?submitted=1$`));
  await expect(page.getByTestId("proposal-state")).toHaveAttribute("data-state", "submitted");
  await expect(page.getByTestId("versions").locator("li")).toHaveCount(1);
});
