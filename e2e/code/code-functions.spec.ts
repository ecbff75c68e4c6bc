import { type APIRequestContext, expect, type Locator, type Page, test } from "@playwright/test";
import { createApiKey, eventBody, klaviyoHeaders, newUserPage, uniqueEmail } from "../shell/helpers";

// The seed's Code example end to end, through the UI in real Chromium: a function made from the
// locale template, edited in Monaco (a typing error marker, then fixed), saved (formatted), tested
// on a recent Placed Order (dry run: the SDK write is shown, not applied), deployed, then run by a
// new Placed Order whose invocation appears in Logs and whose write-back lands on the profile.
// Every tab is screenshotted into test-results/code-screens/ for a look.

const SCREENS = "test-results/code-screens";

// Typed as a user would type it (Monaco indents after each newline, so lines carry no indentation
// of their own; Save formats the result). The JSDoc line gives `event` its type.
const CODE_WITH_TYPE_ERROR = `import { updateProfile } from "hookflow";

/** @param {HookflowEvent | null} event */
export default async function (event, profile, context) {
  const locale = String(event?.properties.customer_locale ?? "");
  console.log("customer_locale is", locale);
  await updateProfile(locale);
  return {locale}
}
`;

async function postEvent(
  request: APIRequestContext,
  key: string,
  email: string,
  properties: Record<string, unknown>,
) {
  const response = await request.post("/api/events", {
    headers: klaviyoHeaders(key),
    data: eventBody({ metric: "Placed Order", email, properties }),
  });
  expect(response.status()).toBe(202);
}

/** The editor's text as rendered (Monaco draws spaces as no-break spaces). */
async function editorText(page: Page): Promise<string> {
  const text = (await page.getByTestId("code-tab").locator(".view-lines").textContent()) ?? "";
  return text.replace(/\u00a0/g, " ");
}

async function replaceEditorText(page: Page, text: string) {
  const editor = page.getByTestId("code-tab").locator(".monaco-editor").first();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(
    text
      .split("\n")
      .map((line) => line.trimStart())
      .join("\n"),
  );
}

async function openTab(page: Page, name: string): Promise<Locator> {
  await page.getByRole("tab", { name }).click();
  const panel = page.getByRole("tabpanel", { name });
  await expect(panel).toBeVisible();
  return panel;
}

test("a code function from the template: typed editor, test run, deploy, run on a new event", async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const page = await newUserPage(browser, { name: "Cody Coder", email: uniqueEmail("cody") });
  const key = await createApiKey(page, "code e2e");
  const firstShopper = uniqueEmail("shopper-one");
  const secondShopper = uniqueEmail("shopper-two");
  await postEvent(request, key, firstShopper, { OrderId: "A-1", customer_locale: "de-DE" });

  // The list, then a new function from the seed's template.
  await page.goto("/code");
  await expect(page.getByText("No functions yet")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/0-list-empty.png`, fullPage: true });
  await page.getByRole("button", { name: "New function" }).click();
  const dialog = page.getByRole("dialog", { name: "New function" });
  await expect(dialog.getByLabel("Template")).toHaveValue("locale-write-back");
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue("Save customer locale");
  await dialog.getByLabel("Language").selectOption("javascript");
  await dialog.getByRole("button", { name: "Create function" }).click();
  await expect(page).toHaveURL(/\/code\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Save customer locale");
  await expect(page.getByTestId("function-status")).toHaveText("Draft");

  // Monaco: loaded client-side, typings active. A wrong argument type is underlined and listed.
  const codeTab = page.getByTestId("code-tab");
  await expect(codeTab).toHaveAttribute("data-editor-ready", "true", { timeout: 30_000 });
  await expect(codeTab.locator(".view-lines")).toContainText("customer_locale");
  await replaceEditorText(page, CODE_WITH_TYPE_ERROR);
  const problems = page.getByTestId("code-problems");
  const typeError = problems.getByTestId("code-problem").filter({
    hasText: "Argument of type 'string' is not assignable to parameter of type 'Record<string, unknown>'",
  });
  await expect(typeError).toBeVisible({ timeout: 30_000 });
  await expect(typeError).toHaveAttribute("data-severity", "error");
  await expect(typeError).toContainText("7:");
  await expect(codeTab.locator(".squiggly-error").first()).toBeAttached();
  await page.screenshot({ path: `${SCREENS}/1-code-type-error.png`, fullPage: true });

  // Fix it; save with Ctrl/Cmd+S, which formats first (`{locale}` → `{ locale }`).
  await replaceEditorText(
    page,
    CODE_WITH_TYPE_ERROR.replace("await updateProfile(locale);", "await updateProfile({ locale });"),
  );
  await expect(problems).toHaveAttribute("data-errors", "0", { timeout: 30_000 });
  await expect(page.getByTestId("unsaved-changes")).toBeVisible();
  await page.keyboard.press("ControlOrMeta+S");
  await expect(page.getByTestId("header-notice")).toHaveText("Draft saved");
  await expect(page.getByTestId("unsaved-changes")).toBeHidden();
  expect(await editorText(page)).toContain("return { locale }");
  await page.screenshot({ path: `${SCREENS}/2-code-saved.png`, fullPage: true });

  // Settings: the template subscribed Placed Order; Opened Email is listed but refused.
  const settings = await openTab(page, "Settings");
  await expect(settings.getByTestId("selected-code-topics")).toContainText("Placed Order");
  await settings.getByLabel("Search metrics").fill("email");
  await expect(settings.getByRole("checkbox", { name: /Opened Email/ })).toBeDisabled();
  await expect(settings.getByRole("checkbox", { name: /Received Email/ })).toBeDisabled();
  await expect(settings.getByRole("checkbox", { name: /Clicked Email/ })).toBeEnabled();
  await expect(settings.getByTestId("forbidden-topic-reason")).toContainText(
    "cannot be triggered by Opened Email or Received Email",
  );
  await page.screenshot({ path: `${SCREENS}/3-settings.png`, fullPage: true });

  // Environment variables: write-only after saving.
  const env = await openTab(page, "Environment variables");
  await env.getByLabel("Name").fill("SHOP_TOKEN");
  await env.getByLabel("Value").fill("super-secret-value");
  await env.getByRole("button", { name: "Save variable" }).click();
  await expect(env.getByTestId("env-var")).toContainText("SHOP_TOKEN");
  await expect(env).not.toContainText("super-secret-value");
  await page.screenshot({ path: `${SCREENS}/4-env.png`, fullPage: true });

  // Test on the recent Placed Order, dry run: the log and the SDK write, not applied.
  const testPanel = await openTab(page, "Test");
  await expect(testPanel.getByLabel("Event (10 most recent)")).toContainText(firstShopper);
  await expect(testPanel.getByTestId("test-event-properties")).toContainText('"customer_locale": "de-DE"');
  await testPanel.getByRole("button", { name: "Run", exact: true }).click();
  const result = testPanel.getByTestId("test-result").getByTestId("invocation-result");
  await expect(result).toHaveAttribute("data-status", "ok", { timeout: 30_000 });
  await expect(result.getByTestId("invocation-logs")).toContainText("customer_locale is de-DE");
  const write = result.getByTestId("invocation-sdk-call");
  await expect(write).toHaveAttribute("data-method", "updateProfile");
  await expect(write).toContainText('"locale":"de-DE"');
  await expect(write).toContainText("Not applied (dry run)");
  await expect(result.getByTestId("invocation-return")).toContainText('"locale": "de-DE"');
  await expect(result.getByTestId("invocation-duration")).toHaveText(/\d/);
  await expect(result.getByTestId("invocation-cpu")).toHaveText(/\d/);
  await page.screenshot({ path: `${SCREENS}/5-test.png`, fullPage: true });

  // Deploy: version 1 is live.
  await page.getByRole("button", { name: "Deploy" }).click();
  await expect(page.getByTestId("header-notice")).toHaveText("Version 1 is live");
  await expect(page.getByTestId("function-status")).toHaveText("Deployed v1");

  // Versions: v1 is live, its source readable (read-only).
  await page.getByTestId("versions-button").click();
  const versions = page.getByRole("dialog", { name: "Versions" });
  await expect(versions.getByTestId("version-item")).toHaveCount(1);
  await expect(versions.getByTestId("version-item")).toContainText("v1");
  await expect(versions.getByTestId("version-item")).toContainText("Live");
  await expect(versions.locator(".view-lines")).toContainText("updateProfile", { timeout: 30_000 });
  await page.screenshot({ path: `${SCREENS}/5b-versions.png`, fullPage: true });
  await page.keyboard.press("Escape");
  await expect(versions).toBeHidden();

  // A new Placed Order runs the deployed version: its invocation appears in Logs.
  await postEvent(request, key, secondShopper, { OrderId: "A-2", customer_locale: "de-AT" });
  const logs = await openTab(page, "Logs");
  const row = logs.getByTestId("invocation-row").filter({ hasText: secondShopper });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toHaveAttribute("data-status", "ok");
  await expect(row.getByTestId("invocation-trigger")).toHaveText("Placed Order");
  await expect(row).toContainText("v1");
  await row.getByRole("button", { name: /Show invocation/ }).click();
  const detail = logs.getByTestId("invocation-detail");
  await expect(detail.getByTestId("invocation-logs")).toContainText("customer_locale is de-AT");
  await expect(detail.getByTestId("invocation-sdk-call")).toContainText("Applied");
  await page.screenshot({ path: `${SCREENS}/6-logs.png`, fullPage: true });

  // The write-back: the second shopper's profile has locale de-AT.
  const profiles = await request.get(
    `/api/profiles?filter=${encodeURIComponent(`equals(email,"${secondShopper}")`)}`,
    {
      headers: klaviyoHeaders(key),
    },
  );
  expect(profiles.status()).toBe(200);
  const body = (await profiles.json()) as { data: { attributes: { locale?: string | null } }[] };
  expect(body.data[0]?.attributes.locale).toBe("de-AT");

  // The list shows the function deployed, with its last run.
  await page.goto("/code");
  const listRow = page.getByTestId("function-row").filter({ hasText: "Save customer locale" });
  await expect(listRow.getByTestId("function-status")).toHaveText("Deployed v1");
  await expect(listRow.getByTestId("function-topics")).toContainText("Placed Order");
  await expect(listRow.getByTestId("function-error-rate")).toHaveText("0 %");
  await page.screenshot({ path: `${SCREENS}/7-list.png`, fullPage: true });

  // Duplicate (a draft copy opens), then delete the copy from its page.
  await listRow.getByRole("button", { name: "Actions for Save customer locale" }).click();
  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Save customer locale");
  await expect(page.getByTestId("function-status")).toHaveText("Draft");
  const copyName = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  expect(copyName).not.toBe("Save customer locale");
  await page.getByRole("button", { name: `Actions for ${copyName}` }).click();
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete function" }).click();
  await expect(page).toHaveURL(/\/code$/);
  await expect(page.getByTestId("function-row")).toHaveCount(1);
});
