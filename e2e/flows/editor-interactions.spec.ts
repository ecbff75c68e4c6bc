import { expect, type Page, test } from "@playwright/test";
import { createApiKey, klaviyoHeaders, signUp, uniqueEmail } from "../shell/helpers";
import { canvasNode, connect, newFlow, selectedNodes, settledBox } from "./canvas-helpers";

// The editor's interactions through the UI in real Chromium: selection, clipboard (within a flow
// and into another), duplicate, delete with undo/redo, the shortcuts popover, node search,
// AND/OR condition groups saved and reloaded, and auto-layout.

const edges = (page: Page) => page.locator(".react-flow__edge");
const notice = (page: Page) => page.getByTestId("editor-notice");

/** A blank flow with List trigger → Delay → Webhook, added by click and connected by dragging. */
async function buildChain(page: Page) {
  const url = await newFlow(page);
  await page.getByTestId("palette-list-trigger").click();
  await page.getByTestId("palette-delay").click();
  await page.getByTestId("palette-webhook").click();
  await expect(canvasNode(page, "webhook")).toBeVisible();
  await connect(page, canvasNode(page, "list-trigger"), canvasNode(page, "delay"));
  await connect(page, canvasNode(page, "delay"), canvasNode(page, "webhook"));
  await expect(edges(page)).toHaveCount(2);
  // Zoom to fit (Shift+1) so every node is on screen.
  await page.getByTestId("flow-canvas").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("Shift+Digit1");
  await settledBox(canvasNode(page, "webhook"));
  return url;
}

test("multi-select, copy/paste within a flow and into another, duplicate, delete with undo/redo", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, { name: "Flo Clipboard", email: uniqueEmail("clipboard") });
  await buildChain(page);

  // Shift+drag a box around the delay and the webhook (not the trigger above them).
  const delay = await settledBox(canvasNode(page, "delay"));
  const hook = await settledBox(canvasNode(page, "webhook"));
  await page.keyboard.down("Shift");
  await page.mouse.move(delay.x - 40, delay.y - 8);
  await page.mouse.down();
  await page.mouse.move(hook.x + hook.width + 40, hook.y + hook.height + 16, { steps: 12 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  await expect(selectedNodes(page)).toHaveCount(2);
  await expect(page.getByTestId("inspector")).toContainText("2 nodes selected");

  // Copy: the system clipboard and localStorage both hold the versioned document.
  await page.keyboard.press("ControlOrMeta+c");
  await expect(notice(page)).toHaveText("Copied 2 nodes");
  const clipboard = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(clipboard).toMatchObject({ kind: "hookflow/clipboard", version: 1 });
  expect(clipboard.nodes.map((node: { type: string }) => node.type).sort()).toEqual(["delay", "webhook"]);
  expect(clipboard.edges).toHaveLength(1);
  expect(await page.evaluate(() => localStorage.getItem("hookflow:clipboard"))).toContain(
    "hookflow/clipboard",
  );

  // Paste in the same flow: new nodes, offset, the connection between them kept, selected alone.
  await page.keyboard.press("ControlOrMeta+v");
  await expect(notice(page)).toHaveText("Pasted 2 nodes");
  await expect(canvasNode(page, "delay")).toHaveCount(2);
  await expect(canvasNode(page, "webhook")).toHaveCount(2);
  await expect(edges(page)).toHaveCount(3);
  await expect(selectedNodes(page)).toHaveCount(2);
  const ids = await page
    .locator("[data-testid=flow-node]")
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-node-id")));
  expect(ids).toHaveLength(5);
  expect(new Set(ids).size).toBe(5);

  // The paste is one undo step; redo brings it back.
  await page.keyboard.press("ControlOrMeta+z");
  await expect(canvasNode(page, "delay")).toHaveCount(1);
  await expect(edges(page)).toHaveCount(2);
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(canvasNode(page, "delay")).toHaveCount(2);
  await expect(edges(page)).toHaveCount(3);

  // Duplicating the trigger is refused with the reason; Ctrl/Cmd-click adds to a selection.
  await canvasNode(page, "list-trigger").click();
  await page.keyboard.press("ControlOrMeta+d");
  await expect(notice(page)).toContainText("already has a trigger");
  await expect(canvasNode(page, "list-trigger")).toHaveCount(1);
  await canvasNode(page, "webhook").first().click();
  await canvasNode(page, "delay")
    .first()
    .click({ modifiers: ["ControlOrMeta"] });
  await expect(selectedNodes(page)).toHaveCount(2);
  await page.keyboard.press("ControlOrMeta+d");
  await expect(notice(page)).toHaveText("Duplicated 2 nodes");
  await expect(canvasNode(page, "webhook")).toHaveCount(3);
  await expect(edges(page)).toHaveCount(4);

  // Select all + Delete empties the canvas in one step; one undo restores every node and edge.
  await page.keyboard.press("ControlOrMeta+a");
  await expect(selectedNodes(page)).toHaveCount(7);
  await page.keyboard.press("Delete");
  await expect(page.locator("[data-testid=flow-node]")).toHaveCount(0);
  await expect(edges(page)).toHaveCount(0);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.locator("[data-testid=flow-node]")).toHaveCount(7);
  await expect(edges(page)).toHaveCount(4);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");

  // Paste into a second flow (the last copy: delay → webhook), then it saves there.
  const secondUrl = await newFlow(page);
  await page.getByTestId("flow-canvas").click({ position: { x: 300, y: 200 } });
  await page.keyboard.press("ControlOrMeta+v");
  await expect(notice(page)).toHaveText("Pasted 2 nodes");
  await expect(canvasNode(page, "delay")).toHaveCount(1);
  await expect(canvasNode(page, "webhook")).toHaveCount(1);
  await expect(edges(page)).toHaveCount(1);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  await page.goto(secondUrl);
  await expect(canvasNode(page, "delay")).toHaveCount(1);
  await expect(edges(page)).toHaveCount(1);

  // Typing in a field keeps the keys: Ctrl+A / Delete inside the name field touch no node.
  await canvasNode(page, "delay").click();
  const name = page.getByTestId("inspector").getByLabel("Name on the canvas");
  await name.fill("Wait a day");
  await name.press("ControlOrMeta+a");
  await name.press("Delete");
  await expect(name).toHaveValue("");
  await expect(canvasNode(page, "delay")).toHaveCount(1);
});

test("the shortcuts popover lists the table; Ctrl/Cmd+K finds and focuses a node", async ({
  page,
}, testInfo) => {
  await signUp(page, { name: "Flo Keys", email: uniqueEmail("keys") });
  await buildChain(page);

  // "?" opens the list, Escape closes it; the toolbar button opens it too.
  await page.keyboard.press("?");
  const popover = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(popover).toBeVisible();
  for (const line of [
    "Undo",
    "Redo",
    "Copy the selected nodes",
    "Paste nodes",
    "Duplicate the selected nodes",
  ])
    await expect(popover).toContainText(line);
  await expect(popover).toContainText("Select the nodes inside a box");
  await expect(popover).toContainText("Find a node");
  expect(await popover.getByTestId("shortcut-row").count()).toBeGreaterThanOrEqual(17);
  await page.screenshot({ path: testInfo.outputPath("shortcuts.png") });
  await page.keyboard.press("Escape");
  await expect(popover).toHaveCount(0);
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(popover).toBeVisible();
  await popover.getByRole("button", { name: "Close shortcuts" }).click();
  await expect(popover).toHaveCount(0);

  // Give the delay a name, then move the view away from it.
  await canvasNode(page, "delay").click();
  await page.getByTestId("inspector").getByLabel("Name on the canvas").fill("Cooling-off");
  await page.getByTestId("flow-canvas").click({ position: { x: 10, y: 10 } });
  await expect(selectedNodes(page)).toHaveCount(0);
  const canvas = page.getByTestId("flow-canvas");
  const pane = await canvas.boundingBox();
  await page.mouse.move(pane!.x + 100, pane!.y + 100);
  await page.mouse.wheel(0, 900);

  // Search by name: Enter selects it, centres it and opens its inspector.
  await page.keyboard.press("ControlOrMeta+k");
  const search = page.getByRole("dialog", { name: "Find a node" });
  await expect(search).toBeVisible();
  await search.getByLabel("Search nodes").fill("cooling");
  await expect(search.getByTestId("node-search-result")).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("node-search.png") });
  await page.keyboard.press("Enter");
  await expect(search).toHaveCount(0);
  await expect(page.getByTestId("node-inspector")).toHaveAttribute("data-node-type", "delay");
  await expect(selectedNodes(page)).toHaveCount(1);
  const box = await settledBox(canvasNode(page, "delay"));
  const area = (await canvas.boundingBox())!;
  expect(Math.abs(box.x + box.width / 2 - (area.x + area.width / 2))).toBeLessThan(24);
  expect(Math.abs(box.y + box.height / 2 - (area.y + area.height / 2))).toBeLessThan(24);

  // By type with the arrows: "webhook" then down/up stays in the list; summary text matches too.
  await page.keyboard.press("ControlOrMeta+k");
  await search.getByLabel("Search nodes").fill("enter the url");
  await expect(search.getByTestId("node-search-result")).toHaveCount(1);
  await search.getByLabel("Search nodes").fill("");
  await expect(search.getByTestId("node-search-result")).toHaveCount(3);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(search.getByTestId("node-search-result").nth(2)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("node-inspector")).toHaveAttribute("data-node-type", "webhook");
  // Escape closes the palette without moving anything.
  await page.keyboard.press("ControlOrMeta+k");
  await expect(search).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(search).toHaveCount(0);
  await expect(page.getByTestId("node-inspector")).toHaveAttribute("data-node-type", "webhook");
});

test("a conditional split with two AND/OR groups is saved and reloads", async ({ page }, testInfo) => {
  await signUp(page, { name: "Flo Groups", email: uniqueEmail("groups") });
  const key = await createApiKey(page, "groups e2e");
  const response = await page.request.post("/api/lists", {
    headers: klaviyoHeaders(key),
    data: { data: { type: "list", attributes: { name: "VIP" } } },
  });
  expect(response.status()).toBe(201);
  const listId = (await response.json()).data.id as string;

  const url = await newFlow(page);
  await page.getByTestId("palette-split").click();
  const inspector = page.getByTestId("inspector");
  await expect(inspector.getByTestId("node-inspector")).toHaveAttribute("data-node-type", "split");

  // Group 1: tier equals gold AND country equals DE.
  await inspector.getByRole("button", { name: "Add condition" }).click();
  await inspector.getByLabel("Property").fill("tier");
  await inspector.getByLabel("Value").fill("gold");
  await inspector.getByRole("button", { name: "Add condition" }).click();
  await inspector.getByLabel("Property").nth(1).fill("location.country");
  await inspector.getByLabel("Value").nth(1).fill("DE");
  // Group 2: in the VIP list. The unchosen list is reported naming node, group and condition.
  await inspector.getByRole("button", { name: "Add group" }).click();
  const second = inspector.getByRole("group", { name: "Group 2" });
  await second.getByLabel("Condition kind").selectOption({ label: "In list" });
  await expect(page.getByTestId("problems-panel")).toContainText(
    "Conditional split, group 2, condition 1: choose a list",
  );
  await second.getByLabel("List").selectOption({ label: "VIP" });
  await expect(page.getByTestId("problems-panel")).not.toContainText("choose a list");
  await expect(inspector.getByLabel("Match groups")).toHaveValue("any");
  await expect(canvasNode(page, "split").getByTestId("node-summary")).toHaveText("3 conditions");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  await page.screenshot({ path: testInfo.outputPath("split-groups.png") });

  await page.goto(url);
  await canvasNode(page, "split").click();
  await expect(inspector.getByTestId("condition-group")).toHaveCount(2);
  const first = inspector.getByRole("group", { name: "Group 1" });
  await expect(first.getByLabel("Group 1 match")).toHaveValue("all");
  await expect(first.getByLabel("Property").first()).toHaveValue("tier");
  await expect(first.getByLabel("Value").nth(1)).toHaveValue("DE");
  await expect(inspector.getByRole("group", { name: "Group 2" }).getByLabel("List")).toHaveValue(listId);
  await expect(inspector.getByLabel("Match groups")).toHaveValue("any");

  // Removing a group is one undoable edit.
  await inspector.getByRole("button", { name: "Remove group 2" }).click();
  await expect(inspector.getByTestId("condition-group")).toHaveCount(1);
  await page.getByTestId("flow-canvas").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("ControlOrMeta+z");
  await canvasNode(page, "split").click();
  await expect(inspector.getByTestId("condition-group")).toHaveCount(2);
});

test("auto-layout places branches side by side and is one undo step", async ({ page }, testInfo) => {
  await signUp(page, { name: "Flo Layout", email: uniqueEmail("layout") });
  await newFlow(page);
  await page.getByTestId("palette-list-trigger").click();
  await page.getByTestId("palette-delay").click();
  await page.getByTestId("palette-webhook").click();
  await expect(canvasNode(page, "webhook")).toBeVisible();
  // Click-to-add stacks the nodes; wire both under the trigger so they are siblings.
  await page.getByTestId("flow-canvas").click({ position: { x: 10, y: 10 } });
  await page.keyboard.press("Shift+Digit1");
  await connect(page, canvasNode(page, "list-trigger"), canvasNode(page, "delay"));
  await connect(page, canvasNode(page, "list-trigger"), canvasNode(page, "webhook"));
  await expect(edges(page)).toHaveCount(2);
  const before = await settledBox(canvasNode(page, "webhook"));
  expect(before.y).toBeGreaterThan((await settledBox(canvasNode(page, "delay"))).y + 40);

  await page.getByRole("button", { name: "Auto-layout" }).click();
  await expect
    .poll(async () => {
      const delay = await canvasNode(page, "delay").boundingBox();
      const hook = await canvasNode(page, "webhook").boundingBox();
      return delay && hook ? Math.abs(delay.y - hook.y) < 2 && Math.abs(delay.x - hook.x) > 100 : false;
    })
    .toBe(true);
  const trigger = await settledBox(canvasNode(page, "list-trigger"));
  const delay = await settledBox(canvasNode(page, "delay"));
  expect(trigger.y + trigger.height).toBeLessThan(delay.y);
  await page.screenshot({ path: testInfo.outputPath("auto-layout.png") });

  await page.keyboard.press("ControlOrMeta+z");
  await expect
    .poll(async () => {
      const d = await canvasNode(page, "delay").boundingBox();
      const w = await canvasNode(page, "webhook").boundingBox();
      return d && w ? Math.abs(d.y - w.y) > 40 : false;
    })
    .toBe(true);
});
