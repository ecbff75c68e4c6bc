import { expect, type Locator, type Page } from "@playwright/test";

// Canvas helpers for the flow editor specs: nodes by type, boxes once the viewport stops moving,
// connecting two nodes by dragging between their handles.

export function canvasNode(page: Page, type: string): Locator {
  return page.locator(`[data-testid="flow-node"][data-node-type="${type}"]`);
}

/** React Flow's wrapper of each node: it carries the `selected` class. */
export function selectedNodes(page: Page): Locator {
  return page.locator(".react-flow__node.selected");
}

/** The element's box once it stops moving (the canvas animates its viewport). */
export async function settledBox(locator: Locator) {
  let last = "";
  await expect
    .poll(async () => {
      const box = JSON.stringify(await locator.boundingBox());
      const isSettled = box === last && box !== "null";
      last = box;
      return isSettled;
    })
    .toBe(true);
  return JSON.parse(last) as { x: number; y: number; width: number; height: number };
}

/** Drags from one node's output handle to another node's input handle with the mouse. */
export async function dragConnection(
  page: Page,
  from: Locator,
  to: Locator,
  handle = ".react-flow__handle.source",
): Promise<void> {
  const start = await settledBox(from.locator("xpath=..").locator(handle));
  const end = await settledBox(to.locator("xpath=..").locator(".react-flow__handle.target"));
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 10 });
  await page.mouse.up();
}

/**
 * Connects two nodes with the mouse and waits for the new edge. On a loaded machine the canvas can
 * still be settling (fit view, a re-render after autosave) when the drag starts, and the drop then
 * misses the handle: the drag is tried again, up to three times. For a connection the editor must
 * refuse, use dragConnection.
 */
export async function connect(page: Page, from: Locator, to: Locator, handle = ".react-flow__handle.source") {
  const edges = page.locator(".react-flow__edge");
  const before = await edges.count();
  for (let attempt = 1; ; attempt++) {
    await dragConnection(page, from, to, handle);
    try {
      await expect(edges).toHaveCount(before + 1, { timeout: attempt < 3 ? 3_000 : 10_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export async function newFlow(page: Page, template: RegExp = /Blank flow/): Promise<string> {
  await page.goto("/flows");
  await page.getByTestId("new-flow-button").click();
  await page.getByRole("button", { name: template }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("flow-canvas")).toBeVisible();
  return page.url();
}
