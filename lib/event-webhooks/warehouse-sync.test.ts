import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { ensureMetric, waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startEngineWorker, type TEngineWorker } from "@/lib/engine/worker";
import type { TBatchDocument } from "@/lib/event-webhooks/batch-document";
import { replayDelivery } from "@/lib/event-webhooks/replay-deliveries";
import { createWebhookWithReceiver, postEvent } from "@/lib/event-webhooks/testing/event-webhook-fixtures";
import { payloadValidators } from "@/lib/event-webhooks/testing/payload-schema";
import type { TWebhookReceiver } from "@/lib/event-webhooks/testing/webhook-receiver";
import { createTestDatabase } from "@/test/database";

// The whole pipeline with the engine's worker running: POST /api/events → ingestion transaction
// (dispatch job) → dispatch job (batches) → the webhook's deliverer job → loopback receivers that
// verify with standardwebhooks and svix. Every wait is bounded.

const db = await createTestDatabase();
const fixture = await createApiFixture("Warehouse Co");
const { workspaceId } = fixture;
const validate = payloadValidators();
const post = (metric: string, email: string, extra: Partial<Parameters<typeof postEvent>[0]> = {}) =>
  postEvent({ key: fixture.fullKey, workspaceId, metric, email, ...extra });

const receivers: TWebhookReceiver[] = [];
async function webhookOn(
  metricNames: string[],
  settings: Parameters<typeof createWebhookWithReceiver>[0]["settings"],
) {
  const created = await createWebhookWithReceiver({ workspaceId, metricNames, settings });
  receivers.push(created.receiver);
  return created;
}
const itemsOf = (receiver: TWebhookReceiver) =>
  receiver.requests.flatMap((request) => (request.json as TBatchDocument).data);

let worker: TEngineWorker;
beforeAll(async () => {
  worker = await startEngineWorker({
    database: db.pool,
    concurrency: 4,
    pollIntervalMs: 50,
    eventWebhooks: { schedule: [50, 50] },
  });
});
afterAll(async () => {
  await worker.stop();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

describe("the seed's warehouse sync story", () => {
  it("one webhook on Opened Email + Received Email + Unsubscribed receives each such event, signed, in the documented format", async () => {
    await ensureMetric(workspaceId, "Placed Order");
    const { webhookId, receiver } = await webhookOn(["Opened Email", "Received Email", "Unsubscribed"], {
      batchWindowMs: 200,
    });
    const profile = { first_name: "Ada", last_name: "Lovelace", properties: { tier: "gold" } };
    const expected = [
      {
        id: await post("Received Email", "ada@example.com", { profile, properties: { Subject: "Hi" } }),
        topic: "Received Email",
      },
      {
        id: await post("Opened Email", "ada@example.com", { properties: { Subject: "Hi" } }),
        topic: "Opened Email",
      },
      { id: await post("Unsubscribed", "bob@example.com"), topic: "Unsubscribed" },
    ];
    await post("Placed Order", "ada@example.com", { value: 20 });
    await post("Clicked Email", "ada@example.com");
    await waitFor(async () => itemsOf(receiver).length >= 3, { timeoutMs: 10_000, what: "three items" });
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing else may follow
    const items = itemsOf(receiver);
    expect(
      items.map((item) => ({ id: item.id, topic: item.topic })).sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual([...expected].sort((a, b) => a.id.localeCompare(b.id)));
    for (const request of receiver.requests) {
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.verified).toEqual([{ secret: receiver.secrets[0], standardwebhooks: true, svix: true }]);
      expect(validate(request.json)).toEqual([]);
      expect((request.json as TBatchDocument).meta).toMatchObject({
        workspace_id: workspaceId,
        webhook_id: webhookId,
      });
    }
    const received = items.find((item) => item.topic === "Received Email")!;
    expect(received.payload.event).toMatchObject({
      metric: { name: "Received Email" },
      properties: { Subject: "Hi" },
    });
    expect(received.payload.profile).toMatchObject({
      email: "ada@example.com",
      first_name: "Ada",
      last_name: "Lovelace",
      properties: { tier: "gold" },
    });
    const deliveries = await db.prisma.webhookDelivery.findMany({ where: { eventWebhookId: webhookId } });
    expect(deliveries.every((delivery) => delivery.status === "succeeded")).toBe(true);
    expect(deliveries.reduce((sum, delivery) => sum + delivery.eventCount, 0)).toBe(3);
  });
});

describe("batching with the worker", () => {
  it("a full batch is sent at once, long before its window ends", async () => {
    await ensureMetric(workspaceId, "Batch Full");
    const { receiver } = await webhookOn(["Batch Full"], { batchSize: 5, batchWindowMs: 30_000 });
    const started = Date.now();
    for (let index = 0; index < 5; index++) await post("Batch Full", `full${index}@example.com`);
    await receiver.waitForRequests(1, 10_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(receiver.requests).toHaveLength(1);
    expect((receiver.requests[0]!.json as TBatchDocument).data).toHaveLength(5);
  });

  it("a partial batch is flushed when its window ends, not before", async () => {
    await ensureMetric(workspaceId, "Batch Window");
    const { receiver } = await webhookOn(["Batch Window"], { batchSize: 100, batchWindowMs: 400 });
    const posted = Date.now();
    await post("Batch Window", "w1@example.com");
    await post("Batch Window", "w2@example.com");
    await receiver.waitForRequests(1, 15_000);
    expect(receiver.requests[0]!.receivedAt - posted).toBeGreaterThanOrEqual(400);
    expect((receiver.requests[0]!.json as TBatchDocument).data).toHaveLength(2);
  });
});

describe("retries and replay with the worker", () => {
  it("a 500 is retried by a scheduled wake-up with the same webhook-id; a replay sends it once more", async () => {
    await ensureMetric(workspaceId, "Retry Me");
    const { webhookId, receiver } = await webhookOn(["Retry Me"], { batchSize: 1, batchWindowMs: 0 });
    receiver.script.push({ status: 500 });
    await post("Retry Me", "r@example.com");
    await receiver.waitForRequests(2, 10_000);
    expect(receiver.requests.map((request) => request.webhookId)).toEqual([
      receiver.requests[0]!.webhookId,
      receiver.requests[0]!.webhookId,
    ]);
    const delivery = await waitFor(
      async () => {
        const row = await db.prisma.webhookDelivery.findFirst({ where: { eventWebhookId: webhookId } });
        return row?.status === "succeeded" && row;
      },
      { what: "the delivery to succeed" },
    );
    await replayDelivery({ workspaceId, deliveryId: delivery.id });
    await receiver.waitForRequests(3, 10_000);
    expect(receiver.requests[2]!.webhookId).toBe(delivery.messageId);
    const attempts = await waitFor(
      async () => {
        const rows = await db.prisma.webhookAttempt.findMany({
          where: { deliveryId: delivery.id },
          orderBy: { number: "asc" },
        });
        return rows.length === 3 && rows;
      },
      { what: "three attempts" },
    );
    expect(attempts.map((attempt) => [attempt.responseStatus, attempt.isReplay])).toEqual([
      [500, false],
      [200, false],
      [200, true],
    ]);
  });
});

describe("isolation between endpoints", () => {
  it("a slow endpoint does not delay another endpoint's deliveries", async () => {
    await ensureMetric(workspaceId, "Slow Topic");
    await ensureMetric(workspaceId, "Fast Topic");
    const slow = await webhookOn(["Slow Topic"], { batchSize: 1, batchWindowMs: 0, maxConcurrency: 2 });
    const fast = await webhookOn(["Fast Topic"], { batchSize: 1, batchWindowMs: 0 });
    slow.receiver.fallback = { status: 200, delayMs: 4_000 };
    for (let index = 0; index < 4; index++) await post("Slow Topic", `slow${index}@example.com`);
    await slow.receiver.waitForRequests(2, 10_000); // the slow endpoint is now busy (2 in flight)
    for (let index = 0; index < 3; index++) await post("Fast Topic", `fast${index}@example.com`);
    await fast.receiver.waitForRequests(3, 10_000);
    // All three arrived while the slow endpoint still held both its requests (not a wall-clock
    // bound: a loaded machine slows both sides alike).
    expect(slow.receiver.inFlight).toBe(2);
    // The slow endpoint still has its own backlog, and never more than its limit in flight.
    expect(slow.receiver.requests).toHaveLength(2);
    expect(slow.receiver.maxInFlight).toBeLessThanOrEqual(2);
    await slow.receiver.waitForRequests(4, 20_000);
  });
});
