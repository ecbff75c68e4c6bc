import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { ensureMetric } from "@/lib/engine/testing/engine-fixtures";
import { HookflowError } from "@/lib/errors";
import { createEventWebhook } from "@/lib/event-webhooks/create-event-webhook";
import { deleteEventWebhook } from "@/lib/event-webhooks/delete-event-webhook";
import { getDelivery } from "@/lib/event-webhooks/get-delivery";
import { getEventWebhook } from "@/lib/event-webhooks/get-event-webhook";
import { listDeliveries } from "@/lib/event-webhooks/list-deliveries";
import { listEventWebhooks } from "@/lib/event-webhooks/list-event-webhooks";
import { eventWebhookMessageId } from "@/lib/event-webhooks/message-id";
import { replayDelivery, replayFailedDeliveries } from "@/lib/event-webhooks/replay-deliveries";
import { revealSigningSecret } from "@/lib/event-webhooks/reveal-signing-secret";
import { rotateSigningSecret } from "@/lib/event-webhooks/rotate-signing-secret";
import { samplePayload } from "@/lib/event-webhooks/sample-payload";
import { sendTestEvent } from "@/lib/event-webhooks/send-test-event";
import { setEventWebhookEnabled } from "@/lib/event-webhooks/set-event-webhook-enabled";
import { updateEventWebhook } from "@/lib/event-webhooks/update-event-webhook";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture("Acme");
const other = await createApiFixture("Other");
const metricId = (name: string, workspace = workspaceId) =>
  db.prisma.metric.findFirstOrThrow({ where: { workspaceId: workspace, name } }).then((metric) => metric.id);
const opened = await metricId("Opened Email");
const received = await metricId("Received Email");
const unsubscribed = await metricId("Unsubscribed");
const placedOrder = await ensureMetric(workspaceId, "Placed Order");
const otherMetric = await metricId("Opened Email", other.workspaceId);

const URL_OK = "http://127.0.0.1:9/hooks";
const create = (input: Partial<Parameters<typeof createEventWebhook>[0]["input"]> = {}) =>
  createEventWebhook({
    workspaceId,
    input: { name: "Warehouse", url: URL_OK, topics: [opened, received, unsubscribed], ...input },
  });

async function expectHookflowError(promise: Promise<unknown>, status: number, text?: string) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HookflowError);
  expect((error as HookflowError).status).toBe(status);
  if (text) expect((error as HookflowError).message).toContain(text);
  return error as HookflowError;
}

describe("event webhook settings", () => {
  it("creates a webhook on message metrics with defaults and its own whsec_ secret, which never leaks", async () => {
    const webhook = await create();
    expect(webhook).toMatchObject({
      name: "Warehouse",
      url: URL_OK,
      enabled: true,
      disabledReason: null,
      batchSize: 100,
      batchWindowMs: 1000,
      maxConcurrency: 4,
      disableAfterFailingDays: 5,
      payloadVersion: 1,
    });
    expect(webhook.topics.map((topic) => topic.name)).toEqual([
      "Opened Email",
      "Received Email",
      "Unsubscribed",
    ]);
    expect(JSON.stringify(webhook)).not.toMatch(/secretEncrypted|whsec_/);
    const { secret, previousSecret } = await revealSigningSecret({ workspaceId, webhookId: webhook.id });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(previousSecret).toBeNull();
    const another = await create({ name: "Second" });
    expect((await revealSigningSecret({ workspaceId, webhookId: another.id })).secret).not.toBe(secret);
  });

  it("refuses a bad URL with a 400 naming the field", async () => {
    const privateUrl = await expectHookflowError(create({ url: "http://10.0.0.7/hook" }), 400, "url: ");
    expect(privateUrl.pointer).toBe("url");
    expect(privateUrl.message).toContain("10.0.0.7");
    await expectHookflowError(create({ url: "ftp://127.0.0.1/hook" }), 400, "Only http and https");
    await expectHookflowError(create({ url: "http://user:pw@127.0.0.1/hook" }), 400, "credentials");
    await expectHookflowError(create({ url: "not a url" }), 400, "not a valid URL");
  });

  it("refuses topics that are not metrics of the workspace, and out-of-range settings", async () => {
    const foreign = await expectHookflowError(create({ topics: [opened, otherMetric] }), 400, otherMetric);
    expect(foreign.pointer).toBe("topics");
    await expectHookflowError(create({ topics: [uuidv7()] }), 400, "does not exist in this workspace");
    const cases: [Record<string, unknown>, string][] = [
      [{ topics: [] }, "topics"],
      [{ batchSize: 0 }, "batchSize"],
      [{ batchSize: 101 }, "batchSize"],
      [{ batchSize: 1.5 }, "batchSize"],
      [{ batchWindowMs: -1 }, "batchWindowMs"],
      [{ batchWindowMs: 60_001 }, "batchWindowMs"],
      [{ maxConcurrency: 51 }, "maxConcurrency"],
      [{ disableAfterFailingDays: 0 }, "disableAfterFailingDays"],
      [{ name: "  " }, "name"],
    ];
    for (const [input, field] of cases) {
      const error = await create(input as never).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(input)).toBeInstanceOf(z.ZodError);
      expect((error as z.ZodError).issues[0]!.path).toEqual([field]);
    }
    // The edges are allowed: N = 1, no window.
    await expect(create({ batchSize: 1, batchWindowMs: 0, maxConcurrency: 1 })).resolves.toMatchObject({
      batchSize: 1,
      batchWindowMs: 0,
    });
  });

  it("updates settings and replaces topics; the URL is checked again", async () => {
    const webhook = await create();
    const updated = await updateEventWebhook({
      workspaceId,
      webhookId: webhook.id,
      input: { name: "Orders", topics: [placedOrder], batchSize: 10, batchWindowMs: 0, maxConcurrency: 2 },
    });
    expect(updated).toMatchObject({
      name: "Orders",
      batchSize: 10,
      batchWindowMs: 0,
      maxConcurrency: 2,
      url: URL_OK,
    });
    expect(updated.topics).toEqual([{ metricId: placedOrder, name: "Placed Order" }]);
    await expectHookflowError(
      updateEventWebhook({ workspaceId, webhookId: webhook.id, input: { url: "http://192.168.1.1/" } }),
      400,
      "url: ",
    );
    await expectHookflowError(
      updateEventWebhook({ workspaceId, webhookId: webhook.id, input: { topics: [otherMetric] } }),
      400,
    );
    expect((await getEventWebhook({ workspaceId, webhookId: webhook.id })).name).toBe("Orders");
  });

  it("disabling and enabling: enabling clears the reason and the failing streak and wakes the deliverer", async () => {
    const webhook = await create();
    await setEventWebhookEnabled({ workspaceId, webhookId: webhook.id, enabled: false });
    await db.prisma.eventWebhook.update({
      where: { id: webhook.id },
      data: { disabledReason: "Disabled automatically: 410 Gone", failingSince: new Date() },
    });
    const enabled = await setEventWebhookEnabled({ workspaceId, webhookId: webhook.id, enabled: true });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    const jobs = await db.pool.query("select 1 from graphile_worker._private_jobs where key = $1", [
      `hookflow.event-webhook-deliver:${webhook.id}`,
    ]);
    expect(jobs.rowCount).toBe(1);
  });

  it("rotation keeps the old secret signing for 24 h, then only the new one", async () => {
    const webhook = await create();
    const before = await revealSigningSecret({ workspaceId, webhookId: webhook.id });
    const rotatedAt = new Date("2026-11-29T12:00:00Z");
    const rotated = await rotateSigningSecret({ workspaceId, webhookId: webhook.id, now: rotatedAt });
    expect(rotated.secret).not.toBe(before.secret);
    expect(rotated.previousSecretExpiresAt).toEqual(new Date("2026-11-30T12:00:00Z"));
    const during = await revealSigningSecret({
      workspaceId,
      webhookId: webhook.id,
      now: new Date("2026-11-30T11:59:00Z"),
    });
    expect(during).toEqual({
      secret: rotated.secret,
      previousSecret: before.secret,
      previousSecretExpiresAt: rotated.previousSecretExpiresAt,
    });
    const after = await revealSigningSecret({
      workspaceId,
      webhookId: webhook.id,
      now: new Date("2026-11-30T12:00:01Z"),
    });
    expect(after).toEqual({ secret: rotated.secret, previousSecret: null, previousSecretExpiresAt: null });
  });

  it("lists and deletes", async () => {
    const webhook = await create({ name: "AAA first" });
    const listed = await listEventWebhooks({ workspaceId });
    expect(listed[0]!.id).toBe(webhook.id);
    expect(await listEventWebhooks({ workspaceId: other.workspaceId })).toEqual([]);
    await deleteEventWebhook({ workspaceId, webhookId: webhook.id });
    expect((await listEventWebhooks({ workspaceId })).some((row) => row.id === webhook.id)).toBe(false);
    await expectHookflowError(getEventWebhook({ workspaceId, webhookId: webhook.id }), 404);
  });
});

describe("deliveries: stats, log, filters", () => {
  async function seedDelivery(
    webhookId: string,
    options: {
      status: "pending" | "succeeded" | "failed";
      topics: string[];
      attempts: { status: number; ms: number }[];
      createdAt: Date;
    },
  ) {
    const id = uuidv7(options.createdAt.getTime());
    await db.prisma.webhookDelivery.create({
      data: {
        id,
        workspaceId,
        eventWebhookId: webhookId,
        messageId: eventWebhookMessageId(id),
        url: URL_OK,
        topics: options.topics,
        topic: options.topics.join(", "),
        eventCount: 1,
        payload: { data: [], meta: {} },
        status: options.status,
        attemptCount: options.attempts.length,
        createdAt: options.createdAt,
        attempts: {
          create: options.attempts.map((attempt, index) => ({
            workspaceId,
            number: index + 1,
            requestHeaders: {},
            requestBody: "{}",
            responseStatus: attempt.status,
            durationMs: attempt.ms,
          })),
        },
      },
    });
    return id;
  }

  it("reports success rate and p50 latency of the last 24 h; lists with filters and a keyset cursor; shows attempts", async () => {
    const webhook = await create();
    const now = new Date();
    const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const ok = await seedDelivery(webhook.id, {
      status: "succeeded",
      topics: ["Opened Email"],
      attempts: [{ status: 200, ms: 10 }],
      createdAt: minutesAgo(5),
    });
    const retried = await seedDelivery(webhook.id, {
      status: "succeeded",
      topics: ["Opened Email", "Unsubscribed"],
      attempts: [
        { status: 500, ms: 1000 },
        { status: 200, ms: 20 },
      ],
      createdAt: minutesAgo(4),
    });
    const failed = await seedDelivery(webhook.id, {
      status: "failed",
      topics: ["Received Email"],
      attempts: [{ status: 404, ms: 30 }],
      createdAt: minutesAgo(3),
    });
    const stats = (await getEventWebhook({ workspaceId, webhookId: webhook.id })).stats;
    expect(stats).toMatchObject({
      attempts: 4,
      successRate: 0.5,
      p50LatencyMs: 25,
      pending: 0,
      failedLast24h: 1,
    });

    const all = await listDeliveries({ workspaceId, webhookId: webhook.id });
    expect(all.deliveries.map((delivery) => delivery.id)).toEqual([failed, retried, ok]);
    const byStatus = await listDeliveries({
      workspaceId,
      webhookId: webhook.id,
      filters: { status: "failed" },
    });
    expect(byStatus.deliveries.map((delivery) => delivery.id)).toEqual([failed]);
    const byTopic = await listDeliveries({
      workspaceId,
      webhookId: webhook.id,
      filters: { topic: "Opened Email" },
    });
    expect(byTopic.deliveries.map((delivery) => delivery.id)).toEqual([retried, ok]);
    const byTime = await listDeliveries({
      workspaceId,
      webhookId: webhook.id,
      filters: { from: minutesAgo(4.5), to: minutesAgo(3.5) },
    });
    expect(byTime.deliveries.map((delivery) => delivery.id)).toEqual([retried]);
    const first = await listDeliveries({ workspaceId, webhookId: webhook.id, pageSize: 2 });
    expect(first.deliveries).toHaveLength(2);
    const second = await listDeliveries({
      workspaceId,
      webhookId: webhook.id,
      pageSize: 2,
      cursor: first.nextCursor,
    });
    expect(second).toMatchObject({ deliveries: [{ id: ok }], nextCursor: null });
    await expectHookflowError(listDeliveries({ workspaceId, webhookId: webhook.id, cursor: "garbage" }), 400);

    const detail = await getDelivery({ workspaceId, deliveryId: retried });
    expect(detail.attempts.map((attempt) => [attempt.number, attempt.responseStatus])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(detail.messageId).toBe(eventWebhookMessageId(retried));

    const replayed = await replayFailedDeliveries({
      workspaceId,
      webhookId: webhook.id,
      from: minutesAgo(60),
      to: now,
    });
    expect(replayed.count).toBe(1);
    expect((await getDelivery({ workspaceId, deliveryId: failed })).isReplayRequested).toBe(true);
  });

  it("a replay needs a delivery that was sent and an enabled webhook", async () => {
    const webhook = await create();
    const collecting = await seedDelivery(webhook.id, {
      status: "pending",
      topics: ["Opened Email"],
      attempts: [],
      createdAt: new Date(),
    });
    await expectHookflowError(
      replayDelivery({ workspaceId, deliveryId: collecting }),
      409,
      "not been sent yet",
    );
    const failed = await seedDelivery(webhook.id, {
      status: "failed",
      topics: ["Opened Email"],
      attempts: [{ status: 500, ms: 1 }],
      createdAt: new Date(),
    });
    await setEventWebhookEnabled({ workspaceId, webhookId: webhook.id, enabled: false });
    await expectHookflowError(replayDelivery({ workspaceId, deliveryId: failed }), 409, "disabled");
    await expectHookflowError(
      replayFailedDeliveries({ workspaceId, webhookId: webhook.id, from: new Date(0), to: new Date() }),
      409,
    );
  });
});

describe("workspace isolation", () => {
  it("another workspace's webhook, delivery or metric is not found (404) through every function", async () => {
    const webhook = await create();
    const delivery = uuidv7();
    await db.prisma.webhookDelivery.create({
      data: {
        id: delivery,
        workspaceId,
        eventWebhookId: webhook.id,
        messageId: eventWebhookMessageId(delivery),
        url: URL_OK,
        payload: {},
        status: "failed",
        attemptCount: 1,
      },
    });
    const intruder = { workspaceId: other.workspaceId, webhookId: webhook.id };
    const refusals: (() => Promise<unknown>)[] = [
      () => getEventWebhook(intruder),
      () => updateEventWebhook({ ...intruder, input: { name: "Mine now" } }),
      () => setEventWebhookEnabled({ ...intruder, enabled: false }),
      () => deleteEventWebhook(intruder),
      () => revealSigningSecret(intruder),
      () => rotateSigningSecret(intruder),
      () => listDeliveries(intruder),
      () => replayFailedDeliveries({ ...intruder, from: new Date(0), to: new Date() }),
      () => sendTestEvent({ ...intruder, metricId: otherMetric }),
      () => getDelivery({ workspaceId: other.workspaceId, deliveryId: delivery }),
      () => replayDelivery({ workspaceId: other.workspaceId, deliveryId: delivery }),
      () => samplePayload({ workspaceId: other.workspaceId, metricId: opened }),
      () => sendTestEvent({ workspaceId, webhookId: webhook.id, metricId: otherMetric }),
      () => getEventWebhook({ workspaceId, webhookId: "not-a-uuid" }),
    ];
    for (const refusal of refusals) await expectHookflowError(refusal(), 404, "not found");
    const untouched = await getEventWebhook({ workspaceId, webhookId: webhook.id });
    expect(untouched).toMatchObject({ name: "Warehouse", enabled: true });
    expect(await revealSigningSecret({ workspaceId, webhookId: webhook.id })).toMatchObject({
      previousSecret: null,
    });
  });
});
