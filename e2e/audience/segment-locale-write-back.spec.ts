import { type APIRequestContext, expect, test } from "@playwright/test";
import { createApiKey, eventBody, klaviyoHeaders, newUserPage, uniqueEmail } from "../shell/helpers";

// The seed's worked example end to end (Code + Segments): Shopify Markets puts `customer_locale`
// on Placed Order; a JavaScript function from the locale template saves it as the profile's
// `locale`; a segment "locale starts with de" built in the UI then finds the shopper. Before the
// order the shopper is a profile without a locale, so the preview shows only the German profile
// that already had one; after the order the shopper joins the saved segment through the
// code write-back (upsertProfiles → incremental re-evaluation), with no recompute.

async function postOrder(request: APIRequestContext, key: string, email: string, locale?: string) {
  const response = await request.post("/api/events", {
    headers: klaviyoHeaders(key),
    data: eventBody({
      metric: "Placed Order",
      email,
      properties: { OrderId: `o-${email}`, ...(locale ? { customer_locale: locale } : {}) },
    }),
  });
  expect(response.status()).toBe(202);
}

test("a Placed Order's locale, written back by a code function, puts the shopper in a segment", async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const page = await newUserPage(browser, { name: "Lotte Locale", email: uniqueEmail("lotte") });
  const key = await createApiKey(page, "locale e2e");
  const shopper = uniqueEmail("shopper");
  const german = uniqueEmail("greta");
  // The shopper exists (an earlier order without customer_locale); Greta already has a locale.
  await postOrder(request, key, shopper);
  const imported = await request.post("/api/profile-import", {
    headers: klaviyoHeaders(key),
    data: { data: { type: "profile", attributes: { email: german, locale: "de-AT" } } },
  });
  expect(imported.status()).toBe(201);

  // The function, from the seed's template, deployed.
  await page.goto("/code");
  await page.getByRole("button", { name: "New function" }).click();
  const dialog = page.getByRole("dialog", { name: "New function" });
  await expect(dialog.getByLabel("Template")).toHaveValue("locale-write-back");
  await dialog.getByLabel("Language").selectOption("javascript");
  await dialog.getByRole("button", { name: "Create function" }).click();
  await expect(page).toHaveURL(/\/code\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("code-tab")).toHaveAttribute("data-editor-ready", "true", {
    timeout: 30_000,
  });
  await page.getByRole("button", { name: "Deploy" }).click();
  await expect(page.getByTestId("function-status")).toHaveText("Deployed v1");

  // The segment, built in the UI: the preview finds Greta only.
  await page.goto("/segments/new");
  await page.getByLabel("Segment name").fill("German-speaking shoppers");
  await page.getByLabel("Property").fill("locale");
  await page.getByLabel("Operator").selectOption({ label: "starts with" });
  await page.getByLabel("Value").fill("de");
  const preview = page.getByTestId("segment-preview");
  await expect(preview.getByTestId("preview-size")).toHaveText("1");
  await expect(preview.getByRole("list", { name: "Sample profiles" })).toContainText(german);
  await expect(preview).not.toContainText(shopper);
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page).toHaveURL(/\/segments\/[0-9a-f-]{36}$/);
  const segmentUrl = page.url();
  await expect(page.getByTestId("segment-size")).toHaveText("1 members");

  // The order with customer_locale: the function writes it back and the shopper joins.
  await postOrder(request, key, shopper, "de-DE");
  const members = page.getByRole("table", { name: "Members" });
  await expect(async () => {
    await page.goto(segmentUrl);
    await expect(members).toContainText(shopper, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("segment-size")).toHaveText("2 members");
  await page.screenshot({ path: "test-results/segment-locale-joined.png", fullPage: true });

  // Why: the explanation names the matched condition; the profile shows locale and membership.
  await members.getByRole("row").filter({ hasText: shopper }).getByRole("link", { name: "Why?" }).click();
  // The link navigates (?explain=<id>): wait for the panel to hold the id before explaining.
  await expect(page).toHaveURL(/explain=[0-9a-f-]{36}/);
  await expect(page.getByLabel("Profile id")).toHaveValue(/[0-9a-f-]{36}/);
  await page.getByRole("button", { name: "Explain" }).click();
  const explanation = page.getByTestId("segment-explanation");
  await expect(explanation).toContainText(`${shopper} is a member`);
  await expect(explanation.getByTestId("explained-condition")).toContainText("✓ matched");
  await members.getByRole("link", { name: shopper }).click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}$/);
  // The Identity card's Locale (the timeline also shows the order's customer_locale).
  await expect(page.locator("dd").filter({ hasText: /^de-DE$/ })).toBeVisible();
  await expect(page.getByTestId("memberships")).toContainText("German-speaking shoppers");
});
