import { expect, test } from "@playwright/test";
import { createApiKey, eventBody, klaviyoHeaders, signUp, uniqueEmail } from "../shell/helpers";
import { canvasNode, connect, newFlow } from "./canvas-helpers";

// The code node as a marketer uses it: pick a function in the inspector (its language and
// declared outputs shown), then run it once from the canvas with a real profile and its Placed
// Order event — the same sandbox and SDK as production — as a dry run that shows the write
// without applying it.

test("code node: choose a function and test-run it on a real profile and event", async ({ page }) => {
  const email = uniqueEmail("shopper");
  await signUp(page, { name: "Code Builder", email: uniqueEmail("coder") });
  const key = await createApiKey(page, "code node e2e");
  const posted = await page.request.post("/api/events", {
    headers: klaviyoHeaders(key),
    data: eventBody({ metric: "Placed Order", email, properties: { customer_locale: "de-DE" } }),
  });
  expect(posted.status()).toBe(202);
  await expect
    .poll(async () => {
      const response = await page.request.get("/api/metrics", { headers: klaviyoHeaders(key) });
      return JSON.stringify(await response.json());
    })
    .toContain("Placed Order");

  await page.goto("/code");
  await page.getByRole("button", { name: "New function" }).click();
  const dialog = page.getByRole("dialog", { name: "New function" });
  await dialog.getByLabel("Language").selectOption("javascript");
  await dialog.getByRole("button", { name: "Create function" }).click();
  await expect(page).toHaveURL(/\/code\/[0-9a-f-]{36}/);

  await newFlow(page);
  const inspector = page.getByTestId("inspector");
  await page.getByTestId("palette-metric-trigger").click();
  await canvasNode(page, "metric-trigger").click();
  await inspector.getByLabel("Metric", { exact: true }).selectOption({ label: "Placed Order" });
  await page.getByTestId("palette-code").click();
  await expect(canvasNode(page, "code")).toBeVisible();
  await connect(page, canvasNode(page, "metric-trigger"), canvasNode(page, "code"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);

  await canvasNode(page, "code").click();
  await inspector.getByRole("button", { name: /Save customer locale/ }).click();
  await expect(inspector.getByTestId("code-function-chosen")).toContainText("JavaScript");
  await expect(canvasNode(page, "code")).toContainText("Save customer locale");

  await inspector.getByLabel("Profile", { exact: true }).fill(email.slice(0, 10));
  await inspector.getByRole("button", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) }).click();
  await expect(inspector.locator("#webhook-preview-event")).not.toHaveValue("");
  await inspector.getByRole("button", { name: "Run once" }).click();
  const result = inspector.getByTestId("code-node-test-result");
  await expect(result).toContainText("updateProfile");
  await expect(result).toContainText("de-DE");
  await expect(result).toContainText(/not applied/i);
});
