import { expect, test } from "@playwright/test";
import { createApiKey, eventBody, klaviyoHeaders, newUserPage, uniqueEmail } from "../shell/helpers";

// A marketer searches a profile that arrived with an event through the API, opens it, edits a
// property (saved through the API's writer), sees it stored after a reload, and sees the event in
// the profile's activity timeline.

test("search a profile, open it, edit a property, see its event", async ({ browser, request }) => {
  const page = await newUserPage(browser, { name: "Paula Profiles", email: uniqueEmail("paula") });
  const headers = klaviyoHeaders(await createApiKey(page, "profiles e2e"));
  const customer = uniqueEmail("grace");
  const other = uniqueEmail("alan");
  for (const email of [customer, other]) {
    const sent = await request.post("/api/events", {
      headers,
      data: eventBody({ metric: "Placed Order", email, properties: { total: 42 } }),
    });
    expect(sent.status()).toBe(202);
  }
  const viewed = await request.post("/api/events", {
    headers,
    data: eventBody({ metric: "Viewed Product", email: customer, properties: { sku: "A-1" } }),
  });
  expect(viewed.status()).toBe(202);

  await page.goto("/profiles");
  await page.getByLabel("Search profiles", { exact: true }).fill(customer.slice(0, 12));
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=/);
  const rows = page.getByTestId("profile-row");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(customer);
  await page.screenshot({ path: "test-results/profiles-list.png", fullPage: true });

  await rows.getByRole("link", { name: customer }).click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(customer);

  await page.getByRole("button", { name: "Add property" }).click();
  const row = page.getByTestId("property-row").last();
  await row.getByLabel("Property name").fill("plan");
  await row.getByLabel("Value of plan").fill("pro");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved");

  await page.reload();
  await expect(page.getByLabel("Value of plan")).toHaveValue("pro");
  await expect(page.getByLabel("Type of plan")).toHaveValue("string");

  const timeline = page.getByTestId("timeline-event");
  await expect(timeline).toHaveCount(2);
  await page.getByLabel("Filter by metric").selectOption({ label: "Placed Order" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/metric=/);
  await expect(timeline).toHaveCount(1);
  await expect(timeline).toContainText("Placed Order");
  await expect(timeline).toContainText('"total":42');
  await page.screenshot({ path: "test-results/profile-page.png", fullPage: true });

  // Identifiers are edited in the same form: an invalid value and another profile's email are
  // refused next to their field (nothing saved); a free email is saved and becomes the title.
  const details = page.getByRole("form", { name: "Profile details" });
  const emailField = details.getByLabel("Email");
  await emailField.fill("not-an-email");
  await details.getByRole("button", { name: "Save changes" }).click();
  await expect(emailField).toHaveAttribute("aria-invalid", "true");
  await expect(details.getByText("Not a valid email address")).toBeVisible();
  await emailField.fill(other.toUpperCase());
  await details.getByLabel("Phone number").fill("+1 500 555 0199");
  await details.getByRole("button", { name: "Save changes" }).click();
  await expect(details.getByText("Another profile already has this email address")).toBeVisible();
  await page.screenshot({ path: "test-results/profile-identity-conflict.png", fullPage: true });
  const renamed = uniqueEmail("grace.new");
  await emailField.fill(renamed);
  await details.getByRole("button", { name: "Save changes" }).click();
  await expect(details.getByRole("status")).toHaveText("Saved");
  await expect(emailField).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(renamed);
  await page.reload();
  await expect(details.getByLabel("Phone number")).toHaveValue("+15005550199");
});

test("create a profile in a dialog, then delete it after confirming", async ({ browser }) => {
  const page = await newUserPage(browser, { name: "Cora Create", email: uniqueEmail("cora") });
  const email = uniqueEmail("new.person");
  await page.goto("/profiles");
  await page.getByRole("button", { name: "New profile" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("First name").fill("Nora");
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nora");

  await page.getByRole("button", { name: "Delete profile" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete profile" }).click();
  await expect(page).toHaveURL(/\/profiles$/);
  await expect(page.getByText("No profiles yet")).toBeVisible();
});
