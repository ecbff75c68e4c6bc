import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { createEventWebhook } from "@/lib/event-webhooks/create-event-webhook";
import { eventWebhookMessageId } from "@/lib/event-webhooks/message-id";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();

// Deliveries and attempts have no foreign key to workspaces (migration 20261130054000): a
// workspace's event deliveries must leave with its event webhooks, attempts with their deliveries.
async function webhookWithAttempt() {
  const { workspaceId } = await createApiFixture(`Ws ${uuidv7()}`);
  const metric = await db.prisma.metric.findFirstOrThrow({ where: { workspaceId } });
  const webhook = await createEventWebhook({
    workspaceId,
    input: { name: "W", url: "http://127.0.0.1:9/hooks", topics: [metric.id] },
  });
  const id = uuidv7();
  await db.prisma.webhookDelivery.create({
    data: {
      id,
      workspaceId,
      eventWebhookId: webhook.id,
      messageId: eventWebhookMessageId(id),
      url: "http://127.0.0.1:9/hooks",
      payload: { data: [] },
      status: "succeeded",
      attemptCount: 1,
      attempts: {
        create: [{ workspaceId, number: 1, requestHeaders: {}, requestBody: "", responseStatus: 200 }],
      },
    },
  });
  return workspaceId;
}

const countsOf = async (workspaceId: string) =>
  (
    await db.pool.query<{ deliveries: number; attempts: number }>(
      `select (select count(*)::int from webhook_deliveries where workspace_id = $1) as deliveries,
              (select count(*)::int from webhook_attempts where workspace_id = $1) as attempts`,
      [workspaceId],
    )
  ).rows[0];

describe("event webhook rows without workspace foreign keys", () => {
  it("deleting a workspace deletes its event deliveries and their attempts, and no other's", async () => {
    const doomed = await webhookWithAttempt();
    const kept = await webhookWithAttempt();
    await db.prisma.workspace.delete({ where: { id: doomed } });
    expect(await countsOf(doomed)).toEqual({ deliveries: 0, attempts: 0 });
    expect(await countsOf(kept)).toEqual({ deliveries: 1, attempts: 1 });
  });
});
