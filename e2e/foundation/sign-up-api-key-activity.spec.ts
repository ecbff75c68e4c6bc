import { expect, test } from "@playwright/test";
import { ApiKeySession, EventsApi } from "klaviyo-api";

// A newcomer's first ten minutes: sign up, create an API key, send an event with the official
// Klaviyo client pointed at Hookflow, and watch it arrive in Activity. Then sign out and back in.

const unique = Date.now().toString(36);
const user = { name: "Erin Example", email: `erin.${unique}@example.com`, password: "correct horse battery" };

test("sign up, create an API key, send an event with the Klaviyo client, see it in Activity", async ({
  page,
  baseURL,
}) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: /create account|sign up/i }).click();
  await expect(page).not.toHaveURL(/sign-up/);

  await page.goto("/settings/api-keys");
  await page
    .getByRole("button", { name: /create (api )?key/i })
    .first()
    .click();
  await page.getByLabel("Name").fill("e2e key");
  await page.getByRole("button", { name: /^create( key)?$/i }).click();
  const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^pk_[0-9a-f]{48}$/);

  const events = new EventsApi(new ApiKeySession(key));
  events.basePath = baseURL ?? "";
  const response = await events.createEvent({
    data: {
      type: "event",
      attributes: {
        properties: { OrderId: `e2e-${unique}`, customer_locale: "de-DE" },
        value: 42,
        metric: { data: { type: "metric", attributes: { name: "Placed Order" } } },
        profile: { data: { type: "profile", attributes: { email: `shopper.${unique}@example.com` } } },
      },
    },
  } as Parameters<EventsApi["createEvent"]>[0]);
  expect(response.response.status).toBe(202);

  await page.goto("/activity");
  const row = page.getByTestId("activity-event").filter({ hasText: `shopper.${unique}@example.com` });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Placed Order");

  await page.getByRole("button", { name: /sign out/i }).click();
  await expect(page).toHaveURL(/sign-in/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).not.toHaveURL(/sign-in/);
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByTestId("form-error")).toContainText(/invalid|incorrect|wrong/i);
});
