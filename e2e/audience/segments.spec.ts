import { expect, test } from "@playwright/test";
import { createApiKey, klaviyoHeaders, newUserPage, uniqueEmail } from "../shell/helpers";

// A marketer builds "locale starts with de" in the builder, watches the live preview find the
// German-speaking profile (and not the other one), saves, finds that profile among the members
// and asks why it is in the segment. Profiles come in through the Klaviyo-compatible API.

test("build a segment in the UI: preview, save, members, explanation", async ({ browser, request }) => {
  const page = await newUserPage(browser, { name: "Sally Segments", email: uniqueEmail("sally") });
  const headers = klaviyoHeaders(await createApiKey(page, "segments e2e"));
  const german = uniqueEmail("greta");
  const american = uniqueEmail("abe");
  for (const [email, locale] of [
    [german, "de-DE"],
    [american, "en-US"],
  ]) {
    const created = await request.post("/api/profile-import", {
      headers,
      data: { data: { type: "profile", attributes: { email, locale } } },
    });
    expect(created.status()).toBe(201);
  }

  await page.goto("/segments");
  await expect(page.getByText("No segments yet")).toBeVisible();
  await page.getByRole("link", { name: "New segment" }).click();
  await expect(page).toHaveURL(/\/segments\/new$/);
  await page.getByLabel("Segment name").fill("German speakers");
  await page.getByLabel("Property").fill("locale");
  await page.getByLabel("Operator").selectOption({ label: "starts with" });
  await page.getByLabel("Value").fill("de");

  const preview = page.getByTestId("segment-preview");
  await expect(preview.getByTestId("preview-size")).toHaveText("1");
  await expect(preview.getByRole("list", { name: "Sample profiles" })).toContainText(german);
  await expect(preview).not.toContainText(american);
  await page.screenshot({ path: "test-results/segments-builder.png", fullPage: true });

  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page).toHaveURL(/\/segments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("German speakers");
  await expect(page.getByTestId("segment-size")).toHaveText("1 members");
  const members = page.getByRole("table", { name: "Members" });
  await expect(members).toContainText(german);
  await expect(members).not.toContainText(american);
  await expect(page.getByTestId("size-chart")).toBeVisible();

  await members.getByRole("link", { name: "Why?" }).click();
  // The link navigates (?explain=<id>): wait for the panel to hold the id before explaining.
  await expect(page).toHaveURL(/explain=[0-9a-f-]{36}/);
  await expect(page.getByLabel("Profile id")).toHaveValue(/[0-9a-f-]{36}/);
  await page.getByRole("button", { name: "Explain" }).click();
  const explanation = page.getByTestId("segment-explanation");
  await expect(explanation).toContainText(`${german} is a member`);
  await expect(explanation.getByTestId("explained-condition")).toContainText("✓ matched");
  await expect(explanation.getByTestId("explained-condition")).toContainText('locale starts with "de"');
  await page.screenshot({ path: "test-results/segments-page.png", fullPage: true });

  await page.goto("/segments");
  const row = page.getByRole("row").filter({ hasText: "German speakers" });
  await expect(row).toContainText("1");
});
