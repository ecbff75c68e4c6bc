import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { createDatabase } from "@/lib/db/prisma";
import { ensureMetric, waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startEngineWorker } from "@/lib/engine/worker";
import type { TBatchDocument } from "@/lib/event-webhooks/batch-document";
import { deliverEventWebhook } from "@/lib/event-webhooks/deliver-event-webhook";
import { enqueueEventWebhookDispatch } from "@/lib/event-webhooks/enqueue-dispatch";
import { WAKE_CHANNEL } from "@/lib/event-webhooks/insert-deliveries";
import { listenForWakes, stopListeningForWakes } from "@/lib/event-webhooks/listen-for-wakes";
import { createWebhookWithReceiver, postEvent } from "@/lib/event-webhooks/testing/event-webhook-fixtures";
import type { TWebhookReceiver } from "@/lib/event-webhooks/testing/webhook-receiver";
import { NOW_KEY_PREFIX } from "@/lib/event-webhooks/wake-deliverer";
import type { TCommittedEvent } from "@/lib/ingestion/on-events-committed";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { createTestDatabase } from "@/test/database";

// Webhooks whose batches are due at once (batch size 1, or no window) get their deliveries in
// the ingestion transaction, and their deliverer is woken by pg_notify → the worker's listener
// (or its sweep). Real PostgreSQL, real loopback receivers, real engine workers.

const db = await createTestDatabase();
const fixture = await createApiFixture("Wake Co");
const { workspaceId } = fixture;
// A metric name that needs quoting in an array literal (insert-deliveries.ts builds them).
const ODD_METRIC = 'Odd "name", {braces} \\ back\\slash';
for (const metric of ["Due", "Windowed", "Quiet", "Swept", "Shared", ODD_METRIC])
  await ensureMetric(workspaceId, metric);
const pools: pg.Pool[] = [];
const receivers: TWebhookReceiver[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.end();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});
async function webhookOn(
  metric: string,
  settings: Parameters<typeof createWebhookWithReceiver>[0]["settings"],
) {
  const created = await createWebhookWithReceiver({ workspaceId, metricNames: [metric], settings });
  receivers.push(created.receiver);
  return created;
}
const post = (metric: string, email = "wake@example.com") =>
  postEvent({ key: fixture.fullKey, workspaceId, metric, email });
const deliveriesOf = (webhookId: string) =>
  db.pool.query<{
    event_ids: string[];
    payload: TBatchDocument;
    status: string;
    due: boolean;
    topics: string[];
  }>(
    `select event_ids, payload, status, next_attempt_at <= now() as due, topics from webhook_deliveries
     where event_webhook_id = $1 order by created_at`,
    [webhookId],
  );
const dispatchJobsOf = (eventId: string) =>
  db.pool.query<{ payload: { webhookIds: string[] } }>(
    `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'hookflow.event_webhooks_dispatch' and j.payload::text like $1`,
    [`%${eventId}%`],
  );
const delivererJobs = (webhookId: string) =>
  db.pool.query("select id from graphile_worker.jobs where key = $1", [`${NOW_KEY_PREFIX}${webhookId}`]);

// Sessions of this database, opened since `since`, whose last statement was the wake-up LISTEN
// (completed: idle).
const listeningSessions = async (since: Date) =>
  (
    await db.pool.query<{ count: number }>(
      `select count(*)::int as count from pg_stat_activity
       where datname = current_database() and state = 'idle' and query = $1 and backend_start >= $2`,
      [`listen ${WAKE_CHANNEL}`, since],
    )
  ).rows[0]!.count;

async function committedEvent(eventId: string): Promise<TCommittedEvent> {
  const row = await db.pool.query(
    `select e.id, e.workspace_id, e.metric_id, m.name, e.profile_id, e.time, e.unique_id
     from events e join metrics m on m.id = e.metric_id where e.id = $1`,
    [eventId],
  );
  const event = row.rows[0];
  return {
    id: event.id,
    workspaceId: event.workspace_id,
    metricId: event.metric_id,
    metricName: event.name,
    isMessageMetric: false,
    profileId: event.profile_id,
    time: event.time,
    uniqueId: event.unique_id,
    properties: {},
    value: null,
    valueCurrency: null,
    isBackfill: false,
  };
}

describe("deliveries inserted by ingestion", () => {
  it("a due-at-once webhook's delivery commits with the event, sealed; a windowed one gets a dispatch job naming it", async () => {
    const due = await webhookOn("Due", { batchSize: 1 });
    const windowed = await webhookOn("Due", { batchSize: 10, batchWindowMs: 60_000 });
    const eventId = await post("Due");
    const rows = (await deliveriesOf(due.webhookId)).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event_ids: [eventId], status: "pending", due: true });
    expect(rows[0]!.payload.data.map((item) => item.id)).toEqual([eventId]);
    expect(rows[0]!.topics).toEqual(["Due"]);
    expect((await dispatchJobsOf(eventId)).rows.map((job) => job.payload.webhookIds)).toEqual([
      [windowed.webhookId],
    ]);
    expect((await deliveriesOf(windowed.webhookId)).rows).toEqual([]);
    // Nothing subscribed: nothing written.
    const quiet = await post("Quiet");
    expect((await dispatchJobsOf(quiet)).rows).toEqual([]);
  });

  it("stores the topic of any metric name (quotes, commas, braces, backslashes)", async () => {
    const odd = await webhookOn(ODD_METRIC, { batchSize: 1 });
    const eventId = await post(ODD_METRIC);
    const rows = (await deliveriesOf(odd.webhookId)).rows;
    expect(rows.map((row) => [row.event_ids, row.topics])).toEqual([[[eventId], [ODD_METRIC]]]);
    expect(rows[0]!.payload.data[0]!.topic).toBe(ODD_METRIC);
  });

  it("rolled back with the ingestion transaction: no delivery, no wake-up; committed: both", async () => {
    const eventId = await post("Shared");
    const { webhookId } = await webhookOn("Shared", { batchSize: 1 });
    const event = await committedEvent(eventId);
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (message) => heard.push(message.payload ?? ""));
    await listener.query(`listen ${WAKE_CHANNEL}`);
    try {
      await expect(
        withPgTransaction(
          async (tx) => {
            await enqueueEventWebhookDispatch(tx, [event]);
            throw new Error("ingestion failed after the webhook part");
          },
          { database: db.pool },
        ),
      ).rejects.toThrow("ingestion failed");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await deliveriesOf(webhookId)).rows).toEqual([]);
      expect(heard).toEqual([]);
      await withPgTransaction((tx) => enqueueEventWebhookDispatch(tx, [event]), { database: db.pool });
      await waitFor(async () => heard.length > 0, { timeoutMs: 5_000, what: "the wake-up" });
      expect(heard).toEqual([webhookId]);
      expect((await deliveriesOf(webhookId)).rows.map((row) => row.event_ids)).toEqual([[eventId]]);
    } finally {
      await listener.end();
    }
  });

  it("a wake-up nobody heard: the sweep queues the deliverer, which sends it", async () => {
    const { webhookId, receiver } = await webhookOn("Swept", { batchSize: 1 });
    const eventId = await post("Swept"); // no listener runs in this file's process yet
    expect((await delivererJobs(webhookId)).rows).toEqual([]);
    const sweeping = createDatabase(db.url, 2);
    pools.push(sweeping.pool);
    listenForWakes(sweeping.pool, { sweepMs: 200 });
    try {
      await waitFor(async () => (await delivererJobs(webhookId)).rows.length === 1, {
        timeoutMs: 5_000,
        what: "the swept deliverer job",
      });
    } finally {
      stopListeningForWakes(sweeping.pool);
    }
    await deliverEventWebhook(webhookId, { database: db.pool, lingerMs: 0 });
    expect(receiver.requests.map((request) => (request.json as TBatchDocument).data[0]!.id)).toEqual([
      eventId,
    ]);
  });
});

describe("two worker processes", () => {
  it("every event is delivered once, by one deliverer at a time (maxConcurrency 1 holds across both), woken by the notification", async () => {
    const { receiver } = await webhookOn("Windowed", { batchSize: 1, maxConcurrency: 1 });
    receiver.fallback = { status: 200, delayMs: 15 };
    const workers = [];
    const started = new Date(Date.now() - 1); // PostgreSQL runs on this machine: same clock
    for (let n = 0; n < 2; n++) {
      const database = createDatabase(db.url, 4);
      pools.push(database.pool);
      // The sweep never runs during the test: whatever is delivered was woken by pg_notify.
      workers.push(
        await startEngineWorker({
          database: database.pool,
          concurrency: 2,
          pollIntervalMs: 100,
          eventWebhooks: { wakeSweepMs: 3_600_000 },
        }),
      );
    }
    try {
      // Both listeners connected before the events (a notification nobody hears is lost).
      await waitFor(async () => (await listeningSessions(started)) >= 2, {
        timeoutMs: 10_000,
        what: "two listeners",
      });
      const ids: string[] = [];
      for (let n = 0; n < 20; n++) ids.push(await post("Windowed", `two.${n}@example.com`));
      await receiver.waitForRequests(20, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more may follow
      const sent = receiver.requests.map((request) => (request.json as TBatchDocument).data[0]!.id);
      expect(sent.sort()).toEqual([...ids].sort());
      expect(receiver.maxInFlight).toBe(1);
    } finally {
      for (const worker of workers) await worker.stop();
    }
  });
});
