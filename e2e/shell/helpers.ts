import { type Browser, expect, type Page } from "@playwright/test";

// Each spec creates its own users through the UI, with addresses unique to the run, so specs never
// depend on each other or on seed data.

export const PASSWORD = "correct horse battery";

let counter = 0;
export function uniqueEmail(name: string): string {
  counter += 1;
  return `${name}.${Date.now().toString(36)}${counter}@example.com`;
}

export async function signUp(
  page: Page,
  user: { name: string; email: string; workspaceName?: string },
  path = "/sign-up",
): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  const email = page.getByLabel("Email");
  if ((await email.inputValue()) !== user.email) await email.fill(user.email);
  await page.getByLabel("Password").fill(PASSWORD);
  if (user.workspaceName) await page.getByLabel(/workspace name/i).fill(user.workspaceName);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/activity/);
}

export async function newUserPage(
  browser: Browser,
  user: { name: string; email: string; workspaceName?: string },
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, user);
  return page;
}

export async function createApiKey(page: Page, name: string): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByRole("button", { name: "Create API key" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^pk_[0-9a-f]{48}$/);
  await page.getByRole("button", { name: "I have copied the key" }).click();
  return key;
}

export function eventBody(options: { metric: string; email: string; properties?: Record<string, unknown> }) {
  return {
    data: {
      type: "event",
      attributes: {
        properties: options.properties ?? {},
        metric: { data: { type: "metric", attributes: { name: options.metric } } },
        profile: { data: { type: "profile", attributes: { email: options.email } } },
      },
    },
  };
}

export function klaviyoHeaders(key: string) {
  return {
    authorization: `Klaviyo-API-Key ${key}`,
    revision: "2024-10-15",
    "content-type": "application/vnd.api+json",
  };
}
