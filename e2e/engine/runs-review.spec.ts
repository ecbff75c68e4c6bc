import { expect, test } from "@playwright/test";
import { startLoopbackReceiver } from "@/lib/engine/testing/loopback-receiver";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { createApiKey, klaviyoHeaders, newUserPage, uniqueEmail } from "../shell/helpers";
import { connectE2eDatabase, workspaceIdOf } from "./engine-database";

// Issue 4, a manual flow from the runs page: four profiles join the list and wait in "Needs
// review"; one is skipped (its run exits), one approved alone (its webhook is delivered to a
// loopback receiver and the run completes); then the flow is turned off with "Cancel them" and
// the status filter shows the two cancelled runs.

function manualFlowGraph(listId: string, receiverUrl: string) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "trigger", type: "list-trigger", position: { x: 0, y: 0 }, config: { listId } },
      {
        id: "notify",
        type: "webhook",
        label: "Notify CRM",
        position: { x: 0, y: 120 },
        config: { url: receiverUrl, headers: [], body: '{"email": {{ person.email | json }}}' },
      },
    ],
    edges: [{ id: "e1", source: "trigger", sourceHandle: null, target: "notify" }],
    settings: { filters: { match: "all", groups: [] }, reentry: { mode: "always" } },
  };
}

test("manual flow: skip one, approve one, turn off cancelling the rest, filter by status", async ({
  browser,
  request,
}) => {
  const receiver = await startLoopbackReceiver();
  try {
    const ownerEmail = uniqueEmail("mona");
    const page = await newUserPage(browser, { name: "Mona Manual", email: ownerEmail });
    const headers = klaviyoHeaders(await createApiKey(page, "review e2e"));
    const list = await request.post("/api/lists", {
      headers,
      data: { data: { type: "list", attributes: { name: "Leads" } } },
    });
    expect(list.status()).toBe(201);
    const listId = (await list.json()).data.id as string;

    const database = await connectE2eDatabase();
    const flowId = uuidv7();
    try {
      const workspaceId = await workspaceIdOf(database, ownerEmail);
      const graph = manualFlowGraph(listId, receiver.url);
      const versionId = uuidv7();
      await database.query("begin");
      await database.query(
        `insert into flows (id, workspace_id, name, status, trigger_type, trigger_ref, draft_graph)
         values ($1, $2, 'Lead review', 'manual', 'list-trigger', $3, $4)`,
        [flowId, workspaceId, listId, graph],
      );
      await database.query(
        `insert into flow_versions (id, workspace_id, flow_id, number, schema_version, graph)
         values ($1, $2, $3, 1, 1, $4)`,
        [versionId, workspaceId, flowId, graph],
      );
      await database.query("update flows set live_version_id = $1 where id = $2", [versionId, flowId]);
      await database.query("commit");
    } finally {
      await database.end();
    }

    const emails = [0, 1, 2, 3].map((index) => uniqueEmail(`lead${index}`));
    const profileIds: string[] = [];
    for (const email of emails) {
      const profile = await request.post("/api/profile-import", {
        headers,
        data: { data: { type: "profile", attributes: { email } } },
      });
      expect(profile.status()).toBe(201);
      profileIds.push((await profile.json()).data.id as string);
    }
    const joined = await request.post(`/api/lists/${listId}/relationships/profiles`, {
      headers,
      data: { data: profileIds.map((id) => ({ type: "profile", id })) },
    });
    expect(joined.status()).toBe(204);

    await page.goto(`/flows/${flowId}/runs`);
    const queue = page.getByTestId("review-queue");
    await expect(queue.getByTestId("review-step")).toHaveCount(4, { timeout: 30_000 });
    await expect(queue).toContainText("Needs review (4)");

    // Skip the first profile alone: its run exits, nothing is sent.
    await queue.getByRole("button", { name: `Skip ${emails[0]}` }).click();
    await expect(queue.getByTestId("review-step")).toHaveCount(3);
    const runRow = (email: string) => page.getByTestId("run-row").filter({ hasText: email });
    await expect(runRow(emails[0]!)).toHaveAttribute("data-status", "exited", { timeout: 15_000 });

    // Approve the second one through the selection: the webhook goes out, the run completes.
    await queue.getByRole("checkbox", { name: `Select ${emails[1]}` }).check();
    await queue.getByRole("button", { name: "Approve selected" }).click();
    await expect(queue.getByTestId("review-step")).toHaveCount(2);
    await expect(runRow(emails[1]!)).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.body).toContain(emails[1]!);

    // Turn the flow off and cancel the two still waiting.
    await page.getByRole("button", { name: "Turn off" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Cancel them/).check();
    await dialog.getByRole("button", { name: "Turn off" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("flow-off-note")).toBeVisible();
    for (const email of emails.slice(2)) {
      await expect(runRow(email)).toHaveAttribute("data-status", "cancelled", { timeout: 15_000 });
    }

    // The status filter lives in the URL and narrows the list.
    await page.getByLabel("Status").selectOption("cancelled");
    await expect(page).toHaveURL(/status=cancelled/);
    await expect(page.getByTestId("run-row")).toHaveCount(2);
    expect(receiver.requests).toHaveLength(1);
  } finally {
    await receiver.close();
  }
});
