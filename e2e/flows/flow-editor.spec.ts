import { expect, type Page, test } from "@playwright/test";
import { createApiKey, signUp, uniqueEmail } from "../shell/helpers";
import { canvasNode, connect, dragConnection } from "./canvas-helpers";
import { monacoText, setMonacoText } from "./monaco-helpers";

// The flow builder through the UI, as a marketer uses it: create a blank flow, drag a List
// trigger and a Webhook from the palette (HTML5 drag and drop), connect them, configure both in
// the inspector, see validation messages and fix them, watch autosave, reload and find it all,
// then publish.

async function createList(page: Page, key: string, name: string): Promise<string> {
  const response = await page.request.post("/api/lists", {
    headers: {
      authorization: `Klaviyo-API-Key ${key}`,
      revision: "2024-10-15",
      "content-type": "application/vnd.api+json",
    },
    data: { data: { type: "list", attributes: { name } } },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).data.id as string;
}

test("build, configure, autosave, reload and publish a flow", async ({ page }) => {
  await signUp(page, { name: "Flo Builder", email: uniqueEmail("builder") });
  const key = await createApiKey(page, "flow builder e2e");
  await createList(page, key, "Newsletter");

  // A blank flow from the flows list opens the editor.
  await page.goto("/flows");
  await page.getByTestId("new-flow-button").click();
  await page.getByRole("button", { name: /Blank flow/ }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  const flowUrl = page.url();
  const canvas = page.getByTestId("flow-canvas");
  await expect(canvas).toBeVisible();

  // Drag a List trigger and a Webhook from the palette onto the canvas.
  await page.getByTestId("palette-list-trigger").dragTo(canvas, { targetPosition: { x: 400, y: 120 } });
  await expect(canvasNode(page, "list-trigger")).toBeVisible();
  await page.getByTestId("palette-webhook").dragTo(canvas, { targetPosition: { x: 400, y: 320 } });
  await expect(canvasNode(page, "webhook")).toBeVisible();

  // Unconnected, the webhook is a problem; connecting it clears that one.
  const problems = page.getByTestId("problems-panel");
  await expect(problems).toContainText("Not connected to the trigger");
  await connect(page, canvasNode(page, "list-trigger"), canvasNode(page, "webhook"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await expect(problems).not.toContainText("Not connected to the trigger");

  // Configure the trigger: choose the list (the picker shows member counts).
  await canvasNode(page, "list-trigger").click();
  const inspector = page.getByTestId("inspector");
  await inspector.getByLabel("List", { exact: true }).selectOption({ label: "Newsletter (0 members)" });
  await expect(canvasNode(page, "list-trigger").getByTestId("node-summary")).toHaveText("Joins Newsletter");

  // Configure the webhook: a wrong URL and a broken body template are shown at the field; fix them.
  await canvasNode(page, "webhook").click();
  await inspector.getByLabel("Endpoint URL").fill("ftp://example.com");
  await expect(inspector).toContainText("Enter the webhook's URL (http:// or https://)");
  await expect(canvasNode(page, "webhook").getByTestId("node-problem-badge")).toBeVisible();
  await inspector.getByLabel("Endpoint URL").fill("https://example.com/hooks/welcome");
  const body = inspector.getByTestId("monaco-editor");
  await setMonacoText(page, body, '{\n  "name": {{ person.first_name | json }\n}');
  await expect(inspector).toContainText(/Body template, line 2/);
  await setMonacoText(page, body, '{\n  "name": {{ person.first_name | json }}\n}');
  await expect(inspector).not.toContainText(/Body template, line/);
  await expect(canvasNode(page, "webhook").getByTestId("node-problem-badge")).toHaveCount(0);
  await expect(problems).toHaveCount(0);

  // Autosave: the status goes back to saved without pressing anything.
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");

  // Reload: everything is still there.
  await page.goto(flowUrl);
  await expect(canvasNode(page, "list-trigger").getByTestId("node-summary")).toHaveText("Joins Newsletter");
  await expect(canvasNode(page, "webhook").getByTestId("node-summary")).toHaveText("POST example.com");
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await canvasNode(page, "webhook").click();
  await expect
    .poll(() => monacoText(inspector.getByTestId("monaco-editor")))
    .toBe('{\n  "name": {{ person.first_name | json }}\n}');

  // Publish live: version 1, and the flows list shows it live.
  await page.getByTestId("publish-button").click();
  await page.getByRole("button", { name: /Publish live/ }).click();
  await expect(page.getByTestId("publish-message")).toContainText("Published version 1 (live)");
  await page.goto("/flows");
  await expect(page.getByTestId("flow-row").filter({ hasText: "Untitled flow" })).toContainText("Live");
});

test("a connection that would loop is refused while dragging, with the reason; undo and redo", async ({
  page,
}) => {
  await signUp(page, { name: "Flo Refused", email: uniqueEmail("refused") });
  await page.goto("/flows");
  await page.getByTestId("new-flow-button").click();
  await page.getByRole("button", { name: /Blank flow/ }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  // Click-to-add (the keyboard path) puts each node below the last.
  await page.getByTestId("palette-list-trigger").click();
  await page.getByTestId("palette-delay").click();
  await page.getByTestId("palette-webhook").click();
  await expect(canvasNode(page, "webhook")).toBeVisible();
  await connect(page, canvasNode(page, "list-trigger"), canvasNode(page, "delay"));
  await connect(page, canvasNode(page, "delay"), canvasNode(page, "webhook"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  // Webhook → delay would close a loop: refused, and the canvas says why.
  await dragConnection(page, canvasNode(page, "webhook"), canvasNode(page, "delay"));
  await expect(page.getByTestId("connection-refusal")).toContainText("loop back");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  // Undo removes the last connection, redo brings it back.
  await page.getByTestId("flow-canvas").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
});

test("templates: birthday card's date trigger, and a message metric refused with the seed's reason", async ({
  page,
}) => {
  await signUp(page, { name: "Flo Templates", email: uniqueEmail("templates") });
  await page.goto("/flows");
  await page.getByTestId("new-flow-button").click();
  await page.getByRole("button", { name: /Birthday card by mail/ }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await expect(canvasNode(page, "date-trigger").getByTestId("node-summary")).toHaveText(
    "14 days before birthday, yearly, 09:00",
  );
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await expect(page.getByTestId("inspector").getByLabel("Re-entry")).toHaveValue("always");

  await page.goto("/flows");
  await page.getByTestId("new-flow-button").click();
  await page.getByRole("button", { name: /Save shopper locale/ }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await expect(canvasNode(page, "code")).toBeVisible();
  await canvasNode(page, "metric-trigger").click();
  const inspector = page.getByTestId("inspector");
  await inspector
    .getByLabel("Metric", { exact: true })
    .selectOption({ label: "Clicked Email (message event: not allowed)" });
  await expect(inspector).toContainText("Flows cannot be triggered by message events");
  await expect(inspector).toContainText("event webhook");
  // Publishing is refused with the same reason.
  await page.getByTestId("publish-button").click();
  await page.getByRole("button", { name: /Publish live/ }).click();
  await expect(page.getByTestId("problems-panel")).toContainText("Publishing refused");
  await expect(page.getByTestId("problems-panel")).toContainText(
    "Flows cannot be triggered by message events",
  );
});

test("a save from another tab is a conflict: the user can overwrite with their version", async ({ page }) => {
  await signUp(page, { name: "Flo Tabs", email: uniqueEmail("tabs") });
  await page.goto("/flows");
  await page.getByTestId("new-flow-button").click();
  await page.getByRole("button", { name: /Blank flow/ }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(other.getByTestId("flow-canvas")).toBeVisible();

  await page.getByTestId("palette-webhook").click();
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  await other.getByTestId("palette-delay").click();
  await expect(other.getByTestId("save-status")).toHaveAttribute("data-status", "conflict");
  await other.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(other.getByTestId("save-status")).toHaveAttribute("data-status", "saved");

  await page.reload();
  await expect(canvasNode(page, "delay")).toBeVisible();
  await expect(canvasNode(page, "webhook")).toHaveCount(0);
});
