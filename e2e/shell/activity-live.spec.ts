import { expect, test } from "@playwright/test";
import { createApiKey, eventBody, klaviyoHeaders, newUserPage, uniqueEmail } from "./helpers";

test("Activity explains the first event, then shows events live, expandable and filterable", async ({
  browser,
  request,
}) => {
  const page = await newUserPage(browser, { name: "Lena Live", email: uniqueEmail("lena") });
  await expect(page.getByTestId("welcome-banner")).toBeVisible();
  const guide = page.getByTestId("first-event-guide");
  await expect(guide).toContainText("/api/events");
  await expect(guide).toContainText("revision: 2024-10-15");
  await expect(guide).toContainText("Authorization: Klaviyo-API-Key");

  const key = await createApiKey(page, "live test");
  await page.goto("/activity");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");

  // Sent while the page is open: it must appear without a reload.
  const shopper = uniqueEmail("shopper");
  const sent = await request.post("/api/events", {
    headers: klaviyoHeaders(key),
    data: eventBody({
      metric: "Placed Order",
      email: shopper,
      properties: { OrderId: "A-1001", customer_locale: "de-DE" },
    }),
  });
  expect(sent.status()).toBe(202);
  const row = page.getByTestId("activity-event").filter({ hasText: shopper });
  await expect(row).toContainText("Placed Order", { timeout: 15_000 });
  await row.getByRole("button").click();
  await expect(row.locator("pre")).toContainText('"OrderId": "A-1001"');

  // A second metric, then the filter narrows the feed to one metric (through the URL).
  await request.post("/api/events", {
    headers: klaviyoHeaders(key),
    data: eventBody({ metric: "Viewed Product", email: shopper, properties: { ProductId: "P-7" } }),
  });
  await page.reload();
  await expect(page.getByTestId("activity-event")).toHaveCount(2);
  await page.getByLabel("Metric").selectOption({ label: "Placed Order" });
  await expect(page).toHaveURL(/metric=/);
  await expect(page.getByTestId("activity-event")).toHaveCount(1);
  await expect(page.getByTestId("activity-event")).toContainText("Placed Order");
});

test("Load more walks older events with the cursor, without duplicates", async ({ browser, request }) => {
  const page = await newUserPage(browser, { name: "Paul Pages", email: uniqueEmail("paul") });
  const key = await createApiKey(page, "pages test");
  for (let index = 0; index < 55; index++) {
    const response = await request.post("/api/events", {
      headers: klaviyoHeaders(key),
      data: eventBody({ metric: "Page Test", email: `p${index}.${uniqueEmail("x")}`, properties: { index } }),
    });
    expect(response.status()).toBe(202);
  }
  await page.goto("/activity");
  await expect(page.getByTestId("activity-event")).toHaveCount(50);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(page.getByTestId("activity-event")).toHaveCount(55);
  await expect(page.getByText("That is every event")).toBeVisible();
});
