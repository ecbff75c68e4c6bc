import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { createApiKey, klaviyoHeaders, newUserPage, signUp, uniqueEmail } from "../shell/helpers";
import { canvasNode, connect } from "./canvas-helpers";

// Versions, compare, restore, export/import, run counts, flows-list search and delete with runs in
// progress — through the UI in real Chromium, as a marketer uses them.

const SCREENSHOTS = "test-results/versions-import-export";

async function createList(page: Page, key: string, name: string): Promise<string> {
  const response = await page.request.post("/api/lists", {
    headers: klaviyoHeaders(key),
    data: { data: { type: "list", attributes: { name } } },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).data.id as string;
}

/** Creates a blank flow and builds trigger (list) → [delay →] webhook on the canvas. */
async function buildListWebhookFlow(page: Page, options: { list: string; url: string; withDelay?: boolean }) {
  await page.goto("/flows");
  await page.getByTestId("new-flow-button").click();
  await page.getByRole("button", { name: /Blank flow/ }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await page.getByTestId("palette-list-trigger").click();
  if (options.withDelay) await page.getByTestId("palette-delay").click();
  await page.getByTestId("palette-webhook").click();
  await expect(canvasNode(page, "webhook")).toBeVisible();
  if (options.withDelay) {
    await connect(page, canvasNode(page, "list-trigger"), canvasNode(page, "delay"));
    await connect(page, canvasNode(page, "delay"), canvasNode(page, "webhook"));
  } else {
    await connect(page, canvasNode(page, "list-trigger"), canvasNode(page, "webhook"));
  }
  await expect(page.locator(".react-flow__edge")).toHaveCount(options.withDelay ? 2 : 1);
  const inspector = page.getByTestId("inspector");
  await canvasNode(page, "list-trigger").click();
  await inspector.getByLabel("List", { exact: true }).selectOption({ label: `${options.list} (0 members)` });
  await canvasNode(page, "webhook").click();
  await inspector.getByLabel("Endpoint URL").fill(options.url);
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  return page.url();
}

/** Renames the flow in the toolbar and waits until the server has it (a reload shows the new name). */
async function renameInEditor(page: Page, name: string) {
  const input = page.getByRole("textbox", { name: "Flow name" });
  await input.fill(name);
  await input.press("Enter");
  await expect(async () => {
    await page.reload();
    await expect(input).toHaveValue(name, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}

async function publishLive(page: Page, version: number) {
  await page.getByTestId("publish-button").click();
  await page.getByRole("button", { name: /Publish live/ }).click();
  await expect(page.getByTestId("publish-message")).toContainText(`Published version ${version} (live)`);
}

test("publish, change, publish again, compare the versions and restore the first as the draft", async ({
  page,
}) => {
  await signUp(page, { name: "Vera Versions", email: uniqueEmail("vera") });
  const key = await createApiKey(page, "versions e2e");
  await createList(page, key, "Newsletter");
  const flowUrl = await buildListWebhookFlow(page, {
    list: "Newsletter",
    url: "https://v1.example.com/hook",
  });
  await publishLive(page, 1);

  // Change the webhook's URL and name, then publish version 2.
  const inspector = page.getByTestId("inspector");
  await canvasNode(page, "webhook").click();
  await inspector.getByLabel("Endpoint URL").fill("https://v2.example.com/hook");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  await publishLive(page, 2);

  // History: the draft, then v2 (live) and v1, each with its author.
  await page.getByTestId("open-versions").click();
  const panel = page.getByTestId("versions-panel");
  const entries = panel.getByTestId("version-entry");
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toHaveAttribute("data-version", "draft");
  await expect(entries.nth(1)).toContainText("Version 2");
  await expect(entries.nth(1)).toContainText("Live");
  await expect(entries.nth(1)).toContainText("Vera Versions");
  await expect(entries.nth(2)).toContainText("Version 1");
  await expect(entries.nth(2)).not.toContainText("Live");
  await page.screenshot({ path: `${SCREENSHOTS}/history.png` });

  // Compare v1 → v2: the webhook is highlighted as changed on the canvas and listed with its field.
  await panel.getByLabel("Compare from").selectOption("1");
  await panel.getByLabel("Compare to").selectOption("2");
  await panel.getByRole("button", { name: "Compare", exact: true }).click();
  const compare = page.getByTestId("version-compare");
  await expect(compare).toContainText("Comparing v1 → v2");
  const changedWebhook = compare.locator('[data-testid="diff-node"][data-diff="changed"]');
  await expect(changedWebhook).toHaveCount(1);
  await expect(changedWebhook).toContainText("POST v2.example.com");
  await expect(compare.locator('[data-testid="diff-node"][data-diff="unchanged"]')).toHaveCount(1);
  const changes = compare.getByTestId("compare-change");
  await expect(changes).toHaveCount(1);
  await expect(changes.first()).toContainText("Webhook changed");
  await expect(changes.first()).toContainText(
    "URL: https://v1.example.com/hook → https://v2.example.com/hook",
  );
  await page.screenshot({ path: `${SCREENSHOTS}/compare-v1-v2.png` });
  await compare.getByRole("button", { name: "Close compare" }).click();

  // A draft change compared with v2: an added node shows as added, a removed connection as removed.
  await page.getByTestId("versions-panel").getByRole("button", { name: "Close version history" }).click();
  await page.getByTestId("palette-delay").click();
  await expect(canvasNode(page, "delay")).toBeVisible();
  await page.getByTestId("open-versions").click();
  await page.getByTestId("version-entry").nth(1).getByRole("button", { name: "Compare with draft" }).click();
  await expect(compare).toContainText("Comparing v2 → Draft");
  await expect(compare.locator('[data-testid="diff-node"][data-diff="added"]')).toContainText("Time delay");
  await expect(compare.getByTestId("compare-change").filter({ hasText: "Time delay added" })).toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/compare-v2-draft.png` });
  await compare.getByRole("button", { name: "Close compare" }).click();

  // Restore v1 as the draft: the canvas shows it, it is saved, and a reload finds it.
  const v1 = page.getByTestId("version-entry").nth(2);
  await v1.getByRole("button", { name: "Restore…" }).click();
  await v1.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByTestId("versions-message")).toContainText("Version 1 restored as the draft");
  await expect(canvasNode(page, "delay")).toHaveCount(0);
  await expect(canvasNode(page, "webhook").getByTestId("node-summary")).toHaveText("POST v1.example.com");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  await page.goto(flowUrl);
  await expect(canvasNode(page, "webhook").getByTestId("node-summary")).toHaveText("POST v1.example.com");
  // Still v2 live: restoring changes the draft only, until it is published.
  await expect(page.getByText("v2 published")).toBeVisible();
});

test("export a flow and import it into another workspace: the missing list is reported", async ({
  page,
  browser,
}) => {
  await signUp(page, { name: "Ezra Exporter", email: uniqueEmail("ezra") });
  const key = await createApiKey(page, "export e2e");
  await createList(page, key, "VIP customers");
  await buildListWebhookFlow(page, { list: "VIP customers", url: "https://crm.example.com/hook" });
  await renameInEditor(page, "VIP welcome");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export", exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("vip-welcome.hookflow.json");
  const file = await download.path();
  const document = JSON.parse(await readFile(file, "utf8"));
  expect(document).toMatchObject({ kind: "hookflow.flow", schemaVersion: 1, flow: { name: "VIP welcome" } });
  expect(Object.values(document.references)).toContainEqual({ kind: "list", name: "VIP customers" });

  // Another user's workspace has no "VIP customers" list.
  const other = await newUserPage(browser, { name: "Ida Importer", email: uniqueEmail("ida") });
  await other.goto("/flows");
  await other.getByTestId("import-flow-button").click();

  // A broken document is refused with the path that is wrong.
  await other.getByLabel("Or paste the JSON").fill(JSON.stringify({ ...document, kind: "zapier.zap" }));
  await other.getByRole("button", { name: "Import as new flow" }).click();
  await expect(other.getByTestId("import-error")).toContainText("kind: This is not a Hookflow flow export");

  await other.getByTestId("import-file").setInputFiles({
    name: "vip-welcome.hookflow.json",
    mimeType: "application/json",
    buffer: await readFile(file),
  });
  await expect(other.getByLabel("Contents of vip-welcome.hookflow.json")).toHaveValue(/hookflow\.flow/);
  await other.getByRole("button", { name: "Import as new flow" }).click();
  const report = other.getByTestId("import-report");
  await expect(report).toContainText("1 reference could not be mapped");
  await expect(other.getByTestId("import-unmapped")).toContainText(
    "List “VIP customers” — used by the List trigger",
  );
  await other.screenshot({ path: `${SCREENSHOTS}/import-report.png` });

  // The imported draft: the trigger is unconfigured (a problem), the webhook came across intact.
  await report.getByRole("link", { name: "Open the flow" }).click();
  await expect(other).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await expect(other.getByRole("textbox", { name: "Flow name" })).toHaveValue("VIP welcome");
  await expect(canvasNode(other, "list-trigger").getByTestId("node-summary")).toHaveText("Choose a list");
  await expect(canvasNode(other, "list-trigger").getByTestId("node-problem-badge")).toBeVisible();
  await expect(canvasNode(other, "webhook").getByTestId("node-summary")).toHaveText("POST crm.example.com");
  await other.goto("/flows");
  await expect(other.getByTestId("flow-row").filter({ hasText: "VIP welcome" })).toContainText(
    "Choose a list",
  );
});

test("flows list search; run counts on the canvas; delete refused while a run waits, then cancel runs and delete", async ({
  page,
}) => {
  const email = uniqueEmail("dora");
  await signUp(page, { name: "Dora Deleter", email });
  const key = await createApiKey(page, "delete e2e");
  const listId = await createList(page, key, "Onboarding");
  const profile = await page.request.post("/api/profile-import", {
    headers: klaviyoHeaders(key),
    data: { data: { type: "profile", attributes: { email: uniqueEmail("shopper") } } },
  });
  expect(profile.status()).toBe(201);
  const profileId = (await profile.json()).data.id as string;

  // A flow that waits a day before its webhook: a run started now stays in progress.
  const flowUrl = await buildListWebhookFlow(page, {
    list: "Onboarding",
    url: "https://example.com/onboarding",
    withDelay: true,
  });
  await renameInEditor(page, "Onboarding drip");
  await publishLive(page, 1);
  // A second flow, so the search has something to leave out.
  await page.goto("/flows");
  await page.getByTestId("new-flow-button").click();
  await page.getByRole("button", { name: /Blank flow/ }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);

  const joined = await page.request.post(`/api/lists/${listId}/relationships/profiles`, {
    headers: klaviyoHeaders(key),
    data: { data: [{ type: "profile", id: profileId }] },
  });
  expect(joined.status()).toBe(204);

  // Search by name (server-side): only the matching flow; its row says who edited it and when.
  await page.goto("/flows");
  await expect(page.getByTestId("flow-row")).toHaveCount(2);
  await page.getByRole("searchbox", { name: "Search flows by name" }).fill("drip");
  await page.getByRole("searchbox", { name: "Search flows by name" }).press("Enter");
  await expect(page).toHaveURL(/\/flows\?q=drip$/);
  const row = page.getByTestId("flow-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Onboarding drip");
  await expect(row.getByTestId("flow-trigger")).toHaveText("Joins Onboarding");
  await expect(row.getByTestId("flow-last-edited")).toContainText("by Dora Deleter");
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId("flow-recent-runs")).toHaveText("1", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: `${SCREENSHOTS}/flows-search.png` });

  // Counts on the canvas for the last 24 hours; the webhook's step is waiting for the delay.
  await page.goto(flowUrl);
  await page.getByTestId("counts-period").selectOption("24h");
  await expect(canvasNode(page, "list-trigger").getByTestId("count-entered")).toContainText("1 run started");
  const webhookCounts = canvasNode(page, "webhook").getByTestId("node-counts");
  await expect(webhookCounts.getByTestId("count-waiting")).toContainText("1 waiting");
  await expect(canvasNode(page, "delay").getByTestId("count-completed")).toContainText("1 done");
  await webhookCounts.click();
  const steps = page.getByTestId("node-steps");
  await expect(steps).toContainText("Webhook: latest steps (24 h)");
  await expect(steps.getByTestId("node-step")).toHaveCount(1);
  await expect(steps.getByTestId("node-step")).toContainText("Scheduled");
  await page.screenshot({ path: `${SCREENSHOTS}/node-counts.png` });
  await steps.getByTestId("node-step").click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);

  // Delete is refused while the run is in progress; "cancel runs and delete" does both.
  await page.goto("/flows?q=drip");
  await page.getByTestId("flow-row-menu").click();
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Delete flow" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText(
    "1 run(s) of this flow are still in progress",
  );
  await page.screenshot({ path: `${SCREENSHOTS}/delete-refused.png` });
  await page.getByRole("button", { name: "Cancel 1 run and delete" }).click();
  await expect(page.getByTestId("flow-row")).toHaveCount(0);
  await page.goto("/flows");
  await expect(page.getByTestId("flow-row")).toHaveCount(1);
  await expect(page.getByTestId("flow-row")).toContainText("Untitled flow");
});
