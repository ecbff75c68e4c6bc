import { expect, test } from "@playwright/test";
import { createApiKey, klaviyoHeaders, newUserPage, uniqueEmail } from "../shell/helpers";
import { connectE2eDatabase, insertLiveFlow, workspaceIdOf } from "./engine-database";

// A list-triggered flow (seeded in the database: the flow builder is another issue) whose one
// step is a conditional split. Its "no" branch is left unconnected on purpose: the editor would
// ask for a step there, and any other step type either waits (a delay) or has no handler yet
// (webhook, code). The engine follows the "yes" branch and finishes the run.
function splitFlowGraph(listId: string) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "trigger", type: "list-trigger", position: { x: 0, y: 0 }, config: { listId } },
      {
        id: "has-email",
        type: "split",
        label: "Has an email?",
        position: { x: 0, y: 120 },
        config: {
          conditions: {
            match: "all",
            groups: [
              {
                match: "all",
                conditions: [{ kind: "profile-property", property: "email", operator: "exists" }],
              },
            ],
          },
        },
      },
    ],
    edges: [{ id: "e1", source: "trigger", sourceHandle: null, target: "has-email" }],
    settings: { filters: { match: "all", groups: [] }, reentry: { mode: "always" } },
  };
}

test("a list join starts a run that shows on the runs page and completes; a test run does too", async ({
  browser,
  request,
}) => {
  const ownerEmail = uniqueEmail("rita");
  const page = await newUserPage(browser, { name: "Rita Runs", email: ownerEmail });
  const key = await createApiKey(page, "engine e2e");
  const headers = klaviyoHeaders(key);

  const list = await request.post("/api/lists", {
    headers,
    data: { data: { type: "list", attributes: { name: "Newsletter" } } },
  });
  expect(list.status()).toBe(201);
  const listId = (await list.json()).data.id as string;
  const shopper = uniqueEmail("shopper");
  const profile = await request.post("/api/profile-import", {
    headers,
    data: { data: { type: "profile", attributes: { email: shopper, first_name: "Sam" } } },
  });
  expect(profile.status()).toBe(201);
  const profileId = (await profile.json()).data.id as string;

  const database = await connectE2eDatabase();
  let flowId: string;
  try {
    flowId = await insertLiveFlow(database, {
      workspaceId: await workspaceIdOf(database, ownerEmail),
      name: "Welcome series",
      graph: splitFlowGraph(listId),
    });
  } finally {
    await database.end();
  }

  // The flows list shows it and links to its runs.
  await page.goto("/flows");
  const flowRow = page.getByTestId("flow-row").filter({ hasText: "Welcome series" });
  await expect(flowRow).toContainText("Live");
  await expect(flowRow).toContainText("Joins Newsletter");
  await flowRow.getByRole("link", { name: "Welcome series" }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}/runs$`));
  await expect(page.getByText("No runs yet")).toBeVisible();

  // The trigger: the profile joins the list through the API. The page refreshes by itself.
  const joined = await request.post(`/api/lists/${listId}/relationships/profiles`, {
    headers,
    data: { data: [{ type: "profile", id: profileId }] },
  });
  expect(joined.status()).toBe(204);
  const runRow = page.getByTestId("run-row").filter({ hasText: shopper });
  await expect(runRow).toBeVisible({ timeout: 30_000 });
  await expect(runRow).toHaveAttribute("data-status", "completed", { timeout: 30_000 });

  // The run page: header and the step timeline.
  await runRow.getByRole("link", { name: shopper }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}/runs/[0-9a-f-]{36}$`));
  const header = page.getByTestId("run-header");
  await expect(header.getByTestId("run-status")).toHaveAttribute("data-status", "completed");
  await expect(header.getByTestId("run-profile")).toHaveText(shopper);
  await expect(header).toContainText("v1");
  const step = page.getByTestId("step");
  await expect(step).toHaveCount(1);
  await expect(step).toHaveAttribute("data-node-id", "has-email");
  await expect(step).toHaveAttribute("data-status", "completed");
  await expect(step).toContainText("Has an email?");
  await expect(step).toContainText("1 attempt");

  // "Test with profile…" starts a test run by email and opens it; it completes live.
  await page.getByRole("link", { name: /All runs of Welcome series/ }).click();
  await page.getByRole("button", { name: "Test with profile…" }).click();
  await page.getByLabel("Profile id or email").fill(shopper.toUpperCase());
  await page.getByRole("button", { name: "Start test run" }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}/runs/[0-9a-f-]{36}$`));
  await expect(page.getByTestId("run-header")).toContainText("Test run");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "completed", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("step")).toHaveAttribute("data-status", "completed");
});
