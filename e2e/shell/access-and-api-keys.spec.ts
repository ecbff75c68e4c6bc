import { expect, test } from "@playwright/test";
import { createApiKey, eventBody, klaviyoHeaders, newUserPage, PASSWORD, uniqueEmail } from "./helpers";

test("a signed-out visitor is sent to sign in and brought back to the page they asked for", async ({
  browser,
  page,
}) => {
  const user = { name: "Rita Return", email: uniqueEmail("rita") };
  await (await newUserPage(browser, user)).context().close();

  await page.goto("/settings/members");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fmembers/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/members$/);
});

test("the session endpoint for Activity refuses a visitor without a session", async ({ request }) => {
  const response = await request.get("/api/app/activity");
  expect(response.status()).toBe(401);
});

test("a revoked key is refused by the API", async ({ browser, request }) => {
  const page = await newUserPage(browser, { name: "Kim Keys", email: uniqueEmail("kim") });
  const key = await createApiKey(page, "to revoke");
  const event = eventBody({ metric: "Placed Order", email: uniqueEmail("buyer") });
  expect((await request.post("/api/events", { headers: klaviyoHeaders(key), data: event })).status()).toBe(
    202,
  );

  const row = page.getByTestId("api-key-row").filter({ hasText: "to revoke" });
  await row.getByRole("button", { name: "Revoke to revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: /revoke/i })).toHaveCount(0);
  // Refused within the key cache's 5 s TTL (docs/decisions.md). Not at once: the server action's
  // forgetApiKey() and the route handler's cache are different module instances in a Next build
  // (measured: 5.0 s) — tighten this to an immediate check once the cache lives on globalThis.
  await expect
    .poll(
      async () => (await request.post("/api/events", { headers: klaviyoHeaders(key), data: event })).status(),
      {
        timeout: 10_000,
        intervals: [250],
      },
    )
    .toBe(401);
});

test("sign-up errors are shown next to their fields", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill("Short Password");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText(/Use at least \d+ characters/)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
});
