import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { ensureMetric } from "@/lib/engine/testing/engine-fixtures";
import type { TBatchDocument } from "@/lib/event-webhooks/batch-document";
import { deliverEventWebhook } from "@/lib/event-webhooks/deliver-event-webhook";
import { dispatchEventWebhooks } from "@/lib/event-webhooks/dispatch-events";
import { getDelivery } from "@/lib/event-webhooks/get-delivery";
import { replayDelivery, replayFailedDeliveries } from "@/lib/event-webhooks/replay-deliveries";
import { rotateSigningSecret } from "@/lib/event-webhooks/rotate-signing-secret";
import { sendTestEvent } from "@/lib/event-webhooks/send-test-event";
import { createWebhookWithReceiver, postEvent } from "@/lib/event-webhooks/testing/event-webhook-fixtures";
import { payloadValidators } from "@/lib/event-webhooks/testing/payload-schema";
import { runDispatchJobs } from "@/lib/event-webhooks/testing/run-dispatch-jobs";
import type { TWebhookReceiver } from "@/lib/event-webhooks/testing/webhook-receiver";
import { createTestDatabase } from "@/test/database";

// The dispatch and delivery functions driven directly (no worker), with an injected clock and a
// short retry schedule: each behaviour is observed step by step. The worker-driven pipeline is
// in event-webhooks.e2e.test.ts.

const db = await createTestDatabase();
const fixture = await createApiFixture();
const { workspaceId } = fixture;
await ensureMetric(workspaceId, "Placed Order");
const validate = payloadValidators();

const DAY_MS = 24 * 60 * 60 * 1000;
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
const SCHEDULE = [30, 30];
const deliver = (webhookId: string, extra: Partial<Parameters<typeof deliverEventWebhook>[1]> = {}) =>
  deliverEventWebhook(webhookId, { database: db.pool, now, schedule: SCHEDULE, random: () => 0.5, ...extra });
// The dispatch jobs ingestion enqueued (windowed webhooks); due-at-once batches need none.
const dispatch = (eventIds: string[]) => runDispatchJobs(db.pool, eventIds, now);
const post = (
  metric: string,
  email = "ada@example.com",
  extra: Partial<Parameters<typeof postEvent>[0]> = {},
) => postEvent({ key: fixture.fullKey, workspaceId, metric, email, ...extra });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const receivers: TWebhookReceiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
});
async function webhookOn(
  metricNames: string[],
  settings: Parameters<typeof createWebhookWithReceiver>[0]["settings"] = {},
) {
  const created = await createWebhookWithReceiver({ workspaceId, metricNames, settings });
  receivers.push(created.receiver);
  return created;
}
const deliveriesOf = (webhookId: string) =>
  db.prisma.webhookDelivery.findMany({
    where: { eventWebhookId: webhookId },
    orderBy: { createdAt: "asc" },
    include: { attempts: { orderBy: { number: "asc" } } },
  });
const storedText = async (deliveryId: string) =>
  (
    await db.pool.query<{ text: string }>(
      "select payload::text as text from webhook_deliveries where id = $1",
      [deliveryId],
    )
  ).rows[0]!.text;
const webhookRow = (webhookId: string) =>
  db.prisma.eventWebhook.findUniqueOrThrow({ where: { id: webhookId } });

function expectVerifiedEverywhere(receiver: TWebhookReceiver) {
  for (const request of receiver.requests) {
    expect(request.verified.length).toBeGreaterThan(0);
    for (const check of request.verified) expect(check).toMatchObject({ standardwebhooks: true, svix: true });
    expect(validate(request.json)).toEqual([]);
  }
}

describe("dispatch from ingestion", () => {
  it("enqueues one dispatch job per ingestion batch only when an enabled webhook subscribes; backfills never", async () => {
    const jobsFor = async (eventId: string) =>
      (
        await db.pool.query(
          `select j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
           where t.identifier = 'hookflow.event_webhooks_dispatch' and j.payload::text like $1`,
          [`%${eventId}%`],
        )
      ).rows as { key: string }[];
    const unheard = await post("Clicked SMS");
    expect(await jobsFor(unheard)).toEqual([]);
    const { webhookId } = await webhookOn(["Clicked SMS"]);
    const heard = await post("Clicked SMS");
    expect(await jobsFor(heard)).toEqual([{ key: `hookflow.event_webhooks_dispatch:${heard}` }]);
    const backfill = await post("Clicked SMS", "ada@example.com", { isBackfill: true });
    expect(await jobsFor(backfill)).toEqual([]);
    // The job marks itself done in its own commit: its key is removed with the appends.
    await dispatchEventWebhooks({
      eventIds: [heard],
      database: db.pool,
      jobKey: `hookflow.event_webhooks_dispatch:${heard}`,
    });
    expect(await jobsFor(heard)).toEqual([]);
    expect((await deliveriesOf(webhookId)).map((delivery) => delivery.eventCount)).toEqual([1]);
  });
});

describe("batching", () => {
  it("events within the window go out as ONE signed request in the documented format, when the window ends", async () => {
    const { webhookId, receiver } = await webhookOn(["Opened Email", "Received Email", "Unsubscribed"], {
      batchSize: 100,
      batchWindowMs: 60_000,
    });
    const ids = [
      await post("Received Email"),
      await post("Opened Email", "grace@example.com"),
      await post("Unsubscribed"),
    ];
    for (const id of ids) await dispatch([id]);
    const [open] = await deliveriesOf(webhookId);
    expect(open).toMatchObject({ status: "pending", eventCount: 3, attemptCount: 0 });
    expect(open!.topics).toEqual(["Opened Email", "Received Email", "Unsubscribed"]);
    expect(await deliver(webhookId)).toEqual({ attempts: 0 }); // the window is still open
    offsetMs = 61_000;
    try {
      expect(await deliver(webhookId)).toEqual({ attempts: 1 });
    } finally {
      offsetMs = 0;
    }
    expect(receiver.requests).toHaveLength(1);
    expectVerifiedEverywhere(receiver);
    const body = receiver.requests[0]!.json as TBatchDocument;
    expect(body.data.map((item) => [item.id, item.topic])).toEqual([
      [ids[0], "Received Email"],
      [ids[1], "Opened Email"],
      [ids[2], "Unsubscribed"],
    ]);
    expect(body.data[1]!.payload.profile.email).toBe("grace@example.com");
    expect(body.meta).toMatchObject({ workspace_id: workspaceId, webhook_id: webhookId, payload_version: 1 });
    expect(receiver.requests[0]!.webhookId).toBe(open!.messageId);
    const [sent] = await deliveriesOf(webhookId);
    expect(sent).toMatchObject({ status: "succeeded", attemptCount: 1 });
    // What is stored is what was sent: the sealed document, its text the body byte for byte.
    expect(receiver.requests[0]!.json).toEqual(sent!.payload);
    expect(await storedText(sent!.id)).toBe(receiver.requests[0]!.body);
  });

  it("a full batch goes at once; the remainder waits for its own window", async () => {
    const { webhookId, receiver } = await webhookOn(["Placed Order"], {
      batchSize: 3,
      batchWindowMs: 60_000,
    });
    const ids = [];
    for (let index = 0; index < 4; index++)
      ids.push(await post("Placed Order", `p${index}@example.com`, { value: 10 + index }));
    await dispatch(ids.slice(0, 2));
    await dispatch(ids.slice(2));
    expect((await deliveriesOf(webhookId)).map((delivery) => delivery.eventCount)).toEqual([3, 1]);
    await deliver(webhookId);
    expect(receiver.requests.map((request) => (request.json as TBatchDocument).data.length)).toEqual([3]);
    expect((receiver.requests[0]!.json as TBatchDocument).data[0]!.payload.event).toMatchObject({
      value: 10,
      value_currency: "USD",
    });
    offsetMs = 61_000;
    try {
      await deliver(webhookId);
    } finally {
      offsetMs = 0;
    }
    expect(receiver.requests.map((request) => (request.json as TBatchDocument).data.length)).toEqual([3, 1]);
    expect(new Set(receiver.requests.map((request) => request.webhookId)).size).toBe(2);
    expectVerifiedEverywhere(receiver);
  });

  it("a collecting batch has no document yet: it is built at the first send, with the profile as it is then", async () => {
    const { webhookId, receiver } = await webhookOn(["Unsubscribed"], {
      batchSize: 100,
      batchWindowMs: 60_000,
    });
    const kept = await post("Unsubscribed", "late-change@example.com", { profile: { first_name: "Before" } });
    await dispatch([kept]);
    const [collecting] = await deliveriesOf(webhookId);
    expect(collecting!.eventIds).toEqual([kept]);
    expect((await getDelivery({ workspaceId, deliveryId: collecting!.id })).payload).toBeNull();
    // A later event updates the profile (it is not dispatched: only the first one is in the batch).
    await post("Unsubscribed", "late-change@example.com", { profile: { first_name: "After" } });
    const gone = await post("Unsubscribed", "deleted@example.com");
    await dispatch([gone]);
    expect((await deliveriesOf(webhookId)).map((delivery) => delivery.eventIds)).toEqual([[kept, gone]]);
    await db.prisma.profile.deleteMany({ where: { workspaceId, email: "deleted@example.com" } });
    offsetMs = 61_000;
    try {
      await deliver(webhookId);
    } finally {
      offsetMs = 0;
    }
    const items = (receiver.requests[0]!.json as TBatchDocument).data;
    expect(items.map((item) => [item.id, item.payload.profile.first_name])).toEqual([[kept, "After"]]);
    const sealed = await getDelivery({ workspaceId, deliveryId: collecting!.id });
    expect(sealed).toMatchObject({ status: "succeeded", eventCount: 1 });
    expect(sealed.payload).toEqual(receiver.requests[0]!.json);
  });

  it("a batch whose events are all gone by the time it is due is dropped, not sent", async () => {
    // (A batch due when dispatched — full, or no window — is sealed by the dispatch itself.)
    const { webhookId, receiver } = await webhookOn(["Unsubscribed"], { batchSize: 2, batchWindowMs: 30 });
    const gone = await post("Unsubscribed", "vanished@example.com");
    await dispatch([gone]);
    await db.prisma.profile.deleteMany({ where: { workspaceId, email: "vanished@example.com" } });
    await sleep(40);
    expect(await deliver(webhookId)).toEqual({ attempts: 0 });
    expect(await deliveriesOf(webhookId)).toEqual([]);
    expect(receiver.requests).toEqual([]);
  });

  it("N = 1 sends one request per event, each with its own webhook-id", async () => {
    const { webhookId, receiver } = await webhookOn(["Opened Email"], {
      batchSize: 1,
      batchWindowMs: 60_000,
    });
    const ids = [await post("Opened Email"), await post("Opened Email"), await post("Opened Email")];
    await dispatch(ids);
    expect(await deliver(webhookId)).toEqual({ attempts: 3 });
    expect(
      receiver.requests.map((request) => (request.json as TBatchDocument).data.map((item) => item.id)),
    ).toEqual(expect.arrayContaining(ids.map((id) => [id])));
    expect(new Set(receiver.requests.map((request) => request.webhookId)).size).toBe(3);
    expectVerifiedEverywhere(receiver);
  });
});

describe("retries and endpoint health", () => {
  async function oneDelivery(settings: Parameters<typeof webhookOn>[1] = {}) {
    const hook = await webhookOn(["Opened Email"], { batchSize: 1, batchWindowMs: 0, ...settings });
    await dispatch([await post("Opened Email")]);
    return hook;
  }

  it("retries a 500 with the same webhook-id, then succeeds; every attempt is recorded", async () => {
    const { webhookId, receiver } = await oneDelivery();
    receiver.script.push({ status: 500 });
    await deliver(webhookId);
    let [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({ status: "pending", attemptCount: 1 });
    expect(delivery!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1_000);
    await sleep(40);
    await deliver(webhookId);
    [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 2 });
    expect(delivery!.attempts.map((attempt) => [attempt.responseStatus, attempt.isReplay])).toEqual([
      [500, false],
      [200, false],
    ]);
    expect(delivery!.attempts[0]!.error).toBe("Receiver answered 500");
    expect(receiver.requests.map((request) => request.webhookId)).toEqual([
      delivery!.messageId,
      delivery!.messageId,
    ]);
    expect(receiver.requests[0]!.body).toBe(receiver.requests[1]!.body);
    expectVerifiedEverywhere(receiver);
    expect((await webhookRow(webhookId)).failingSince).toBeNull();
  });

  it("fails the delivery after the last scheduled try", async () => {
    const { webhookId, receiver } = await oneDelivery();
    receiver.fallback = { status: 503 };
    for (let round = 0; round < 3; round++) {
      await deliver(webhookId);
      await sleep(40);
    }
    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 3, nextAttemptAt: null });
    expect(receiver.requests).toHaveLength(3);
  });

  it("honours Retry-After on 429: the retry is scheduled (and its wake-up queued) for then", async () => {
    const { webhookId, receiver } = await oneDelivery();
    receiver.script.push({ status: 429, headers: { "retry-after": "120" } });
    const before = Date.now();
    await deliver(webhookId, { schedule: undefined });
    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({ status: "pending", attemptCount: 1 });
    const waitMs = delivery!.nextAttemptAt!.getTime() - before;
    expect(waitMs).toBeGreaterThanOrEqual(119_000);
    expect(waitMs).toBeLessThan(125_000);
    const wake = await db.pool.query<{ run_at: Date }>(
      `select run_at from graphile_worker._private_jobs where payload->>'webhookId' = $1 and run_at > now() + interval '100 seconds'`,
      [webhookId],
    );
    // One wake-up, at the retry time rounded up to the next 100 ms.
    expect(wake.rows).toHaveLength(1);
    const lateByMs = wake.rows[0]!.run_at.getTime() - delivery!.nextAttemptAt!.getTime();
    expect(lateByMs).toBeGreaterThanOrEqual(0);
    expect(lateByMs).toBeLessThan(100);
  });

  it("410 Gone disables the endpoint at once, with a visible reason; nothing more is collected or sent", async () => {
    const { webhookId, receiver } = await oneDelivery();
    receiver.script.push({ status: 410 });
    await deliver(webhookId);
    const webhook = await webhookRow(webhookId);
    expect(webhook.enabled).toBe(false);
    expect(webhook.disabledReason).toMatch(/^Disabled automatically on .*: the endpoint answered 410 Gone/);
    expect((await deliveriesOf(webhookId))[0]).toMatchObject({ status: "failed", attemptCount: 1 });
    await dispatch([await post("Opened Email")]);
    expect(await deliveriesOf(webhookId)).toHaveLength(1);
    expect(await deliver(webhookId)).toEqual({ attempts: 0 });
    expect(receiver.requests).toHaveLength(1);
  });

  it("other 4xx are final and leave the endpoint enabled (its failing streak starts)", async () => {
    const { webhookId, receiver } = await oneDelivery();
    receiver.script.push({ status: 422 });
    await deliver(webhookId);
    await sleep(40);
    await deliver(webhookId);
    expect(receiver.requests).toHaveLength(1);
    expect((await deliveriesOf(webhookId))[0]).toMatchObject({ status: "failed", attemptCount: 1 });
    const webhook = await webhookRow(webhookId);
    expect(webhook).toMatchObject({ enabled: true, disabledReason: null });
    expect(webhook.failingSince).not.toBeNull();
  });

  it("disables an endpoint failing continuously for N days, counted from the first failure of the streak", async () => {
    const { webhookId, receiver } = await webhookOn(["Opened Email"], {
      batchSize: 1,
      batchWindowMs: 0,
      disableAfterFailingDays: 5,
    });
    const attemptAt = async (day: number, status: number) => {
      offsetMs = day * DAY_MS;
      try {
        receiver.script.push({ status });
        await dispatch([await post("Opened Email")]);
        await deliver(webhookId);
      } finally {
        offsetMs = 0;
      }
      return webhookRow(webhookId);
    };
    expect((await attemptAt(0, 404)).failingSince).not.toBeNull();
    expect((await attemptAt(1, 200)).failingSince).toBeNull(); // a success ends the streak
    const streakStart = (await attemptAt(2, 404)).failingSince!;
    expect(await attemptAt(6.9, 404)).toMatchObject({ enabled: true, failingSince: streakStart });
    const disabled = await attemptAt(7.01, 404);
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabledReason).toContain(
      `every delivery attempt has failed since ${streakStart.toISOString()}`,
    );
    expect(disabled.disabledReason).toContain("Receiver answered 404");
  });

  it("a refused target (SSRF guard at send time) is recorded as a clear error and not retried", async () => {
    const { webhookId } = await oneDelivery();
    await db.prisma.eventWebhook.update({ where: { id: webhookId }, data: { url: "http://10.0.0.7/hook" } });
    await deliver(webhookId);
    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 1, url: "http://10.0.0.7/hook" });
    expect(delivery!.attempts[0]!.error).toContain("10.0.0.7");
    expect(delivery!.attempts[0]!.responseStatus).toBeNull();
  });

  it("a delivery cut off by a crash (left delivering) is sent again with the same webhook-id", async () => {
    const { webhookId, receiver } = await oneDelivery();
    await db.pool.query("update webhook_deliveries set status = 'delivering' where event_webhook_id = $1", [
      webhookId,
    ]);
    await deliver(webhookId);
    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 1 });
    expect(receiver.requests.map((request) => request.webhookId)).toEqual([delivery!.messageId]);
  });
});

describe("per-endpoint concurrency", () => {
  it("keeps at most maxConcurrency requests in flight, and sends everything", async () => {
    const { webhookId, receiver } = await webhookOn(["Placed Order"], {
      batchSize: 1,
      batchWindowMs: 0,
      maxConcurrency: 2,
    });
    receiver.fallback = { status: 200, delayMs: 100 };
    const ids = [];
    for (let index = 0; index < 6; index++) ids.push(await post("Placed Order"));
    await dispatch(ids);
    expect(await deliver(webhookId)).toEqual({ attempts: 6 });
    expect(receiver.requests).toHaveLength(6);
    expect(receiver.maxInFlight).toBe(2);
  });
});

describe("signing secret rotation", () => {
  it("while the old secret is valid both sign (old and new receivers verify); after expiry only the new one", async () => {
    const {
      webhookId,
      secret: first,
      receiver,
    } = await webhookOn(["Opened Email"], { batchSize: 1, batchWindowMs: 0 });
    const rotated = await rotateSigningSecret({ workspaceId, webhookId });
    receiver.secrets.push(rotated.secret);
    await dispatch([await post("Opened Email")]);
    await deliver(webhookId);
    expect(receiver.requests[0]!.headers["webhook-signature"]).toMatch(/^v1,\S+ v1,\S+$/);
    expect(receiver.requests[0]!.verified).toEqual([
      { secret: first, standardwebhooks: true, svix: true },
      { secret: rotated.secret, standardwebhooks: true, svix: true },
    ]);
    // A rotation made 25 h ago: the secret it replaced stopped signing an hour ago.
    const again = await rotateSigningSecret({
      workspaceId,
      webhookId,
      now: new Date(Date.now() - 25 * 3_600_000),
    });
    receiver.secrets.push(again.secret);
    await dispatch([await post("Opened Email")]);
    await deliver(webhookId);
    expect(receiver.requests[1]!.headers["webhook-signature"]).toMatch(/^v1,\S+$/);
    expect(receiver.requests[1]!.verified).toEqual([
      { secret: first, standardwebhooks: false, svix: false },
      { secret: rotated.secret, standardwebhooks: false, svix: false },
      { secret: again.secret, standardwebhooks: true, svix: true },
    ]);
  });
});

describe("replay", () => {
  it("resends the same document with the same webhook-id as a new attempt marked replay", async () => {
    const { webhookId, receiver } = await webhookOn(["Opened Email"], { batchSize: 1, batchWindowMs: 0 });
    await dispatch([await post("Opened Email")]);
    await deliver(webhookId);
    const [delivery] = await deliveriesOf(webhookId);
    const requested = await replayDelivery({ workspaceId, deliveryId: delivery!.id });
    expect(requested.isReplayRequested).toBe(true);
    await deliver(webhookId);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.webhookId).toBe(receiver.requests[0]!.webhookId);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
    expectVerifiedEverywhere(receiver);
    const replayed = await getDelivery({ workspaceId, deliveryId: delivery!.id });
    expect(replayed).toMatchObject({ status: "succeeded", attemptCount: 2, isReplayRequested: false });
    expect(replayed.attempts.map((attempt) => attempt.isReplay)).toEqual([false, true]);
    // Attempts keep no copy of the document; the log shows the bytes sent, rebuilt from it.
    const stored = await db.pool.query<{ request_body: string }>(
      "select request_body from webhook_attempts where delivery_id = $1",
      [delivery!.id],
    );
    expect(stored.rows.map((row) => row.request_body)).toEqual(["", ""]);
    expect(replayed.attempts.map((attempt) => attempt.requestBody)).toEqual(
      receiver.requests.map((request) => request.body),
    );
    expect(await storedText(delivery!.id)).toBe(receiver.requests[0]!.body);
  });

  it("a delivery stored as jsonb (before 2026-11-30) is replayed with the bytes its first attempt sent", async () => {
    const { webhookId, receiver } = await webhookOn(["Opened Email"], { batchSize: 1, batchWindowMs: 0 });
    await dispatch([
      await post("Opened Email", "legacy@example.com", { properties: { b: 1, a: { d: 2, c: 3 } } }),
    ]);
    await deliver(webhookId);
    const [delivery] = await deliveriesOf(webhookId);
    // What migration 20261130064000 left in older rows: jsonb's text (its spacing, its key order).
    await db.pool.query("update webhook_deliveries set payload = payload::jsonb::json where id = $1", [
      delivery!.id,
    ]);
    expect(await storedText(delivery!.id)).toMatch(/^\{"data": \[/);
    await replayDelivery({ workspaceId, deliveryId: delivery!.id });
    await deliver(webhookId);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
    expectVerifiedEverywhere(receiver);
    const replayed = await getDelivery({ workspaceId, deliveryId: delivery!.id });
    expect(replayed.attempts.map((attempt) => attempt.requestBody)).toEqual([
      receiver.requests[0]!.body,
      receiver.requests[0]!.body,
    ]);
  });

  it("replays every failed delivery of a time range; a replay that succeeds marks the delivery succeeded", async () => {
    const { webhookId, receiver } = await webhookOn(["Opened Email"], { batchSize: 1, batchWindowMs: 0 });
    receiver.script.push({ status: 400 }, { status: 400 });
    await dispatch([await post("Opened Email"), await post("Opened Email")]);
    await deliver(webhookId);
    expect((await deliveriesOf(webhookId)).map((delivery) => delivery.status)).toEqual(["failed", "failed"]);
    const { count } = await replayFailedDeliveries({
      workspaceId,
      webhookId,
      from: new Date(Date.now() - 60_000),
      to: new Date(Date.now() + 1_000),
    });
    expect(count).toBe(2);
    await deliver(webhookId);
    const deliveries = await deliveriesOf(webhookId);
    expect(deliveries.map((delivery) => delivery.status)).toEqual(["succeeded", "succeeded"]);
    expect(deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.isReplay))).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});

describe("send test event", () => {
  it("sends a sample of the topic, marked test, signed and in the documented format, recorded as a delivery", async () => {
    const { webhookId, receiver } = await webhookOn(["Opened Email", "Unsubscribed"]);
    const metric = await db.prisma.metric.findFirstOrThrow({ where: { workspaceId, name: "Unsubscribed" } });
    const result = await sendTestEvent({ workspaceId, webhookId, metricId: metric.id });
    expect(result).toMatchObject({
      status: "succeeded",
      isTest: true,
      topics: ["Unsubscribed"],
      attemptCount: 1,
    });
    expect(result.attempt).toMatchObject({ number: 1, responseStatus: 200, isReplay: false });
    expect(receiver.requests).toHaveLength(1);
    // Sent from memory, shown from the stored document: the same bytes.
    expect(result.attempt.requestBody).toBe(receiver.requests[0]!.body);
    expect(await storedText(result.id)).toBe(receiver.requests[0]!.body);
    expectVerifiedEverywhere(receiver);
    const body = receiver.requests[0]!.json as TBatchDocument;
    expect(body.meta).toMatchObject({ test: true, webhook_id: webhookId, workspace_id: workspaceId });
    expect(body.data[0]!.topic).toBe("Unsubscribed");
    expect(body.data[0]!.payload.profile.email).toBe("sample.person@example.com");
  });

  it("a failing test send is not retried and does not count against the endpoint", async () => {
    const { webhookId, receiver } = await webhookOn(["Opened Email"]);
    receiver.script.push({ status: 500 });
    const metric = await db.prisma.metric.findFirstOrThrow({ where: { workspaceId, name: "Opened Email" } });
    const result = await sendTestEvent({ workspaceId, webhookId, metricId: metric.id });
    expect(result).toMatchObject({ status: "failed", nextAttemptAt: null, attempt: { responseStatus: 500 } });
    expect((await webhookRow(webhookId)).failingSince).toBeNull();
    expect(await deliver(webhookId)).toEqual({ attempts: 0 });
  });
});
