import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { createDatabase } from "@/lib/db/prisma";
import { ensureMetric, waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startEngineWorker } from "@/lib/engine/worker";
import { deliverEventWebhook } from "@/lib/event-webhooks/deliver-event-webhook";
import { createWebhookWithReceiver, postEvent } from "@/lib/event-webhooks/testing/event-webhook-fixtures";
import { runDispatchJobs } from "@/lib/event-webhooks/testing/run-dispatch-jobs";
import type { TWebhookReceiver } from "@/lib/event-webhooks/testing/webhook-receiver";
import { createTestDatabase } from "@/test/database";

// Per-endpoint limits (issue 5): the request rate holds when a webhook's deliverer jobs move
// between worker processes (two connection pools, as two processes have), and an endpoint that
// hangs keeps its requests to its own concurrency while another endpoint's deliveries go out.

const db = await createTestDatabase();
// A second "process": its own pool on the same database.
const other = createDatabase(db.url, 4);
const fixture = await createApiFixture("Limits Co");
const { workspaceId } = fixture;
for (const metric of ["Rated", "Unlimited", "Hanging", "Quick"]) await ensureMetric(workspaceId, metric);

const receivers: TWebhookReceiver[] = [];
afterAll(async () => {
  await other.pool.end();
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
async function postMany(metric: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    ids.push(
      await postEvent({ key: fixture.fullKey, workspaceId, metric, email: `limits.${n}@example.com` }),
    );
  }
  return ids;
}
/** The fewest milliseconds spanned by `count` consecutive arrivals. */
function tightestSpan(receiver: TWebhookReceiver, count: number): number {
  const times = receiver.requests.map((request) => request.receivedAt).sort((a, b) => a - b);
  let tightest = Number.POSITIVE_INFINITY;
  for (let i = 0; i + count - 1 < times.length; i++)
    tightest = Math.min(tightest, times[i + count - 1]! - times[i]!);
  return tightest;
}

describe("per-endpoint rate limit", () => {
  it("holds across deliverer jobs running in two processes in turn: never more than the rate in any second", async () => {
    const settings = { batchSize: 1, batchWindowMs: 0, maxConcurrency: 8 };
    const rated = await webhookOn("Rated", { ...settings, maxRequestsPerSecond: 10 });
    const unlimited = await webhookOn("Unlimited", settings);
    const events = 24;
    await runDispatchJobs(db.pool, await postMany("Rated", events));
    await runDispatchJobs(db.pool, await postMany("Unlimited", events));

    // Each job stops claiming after 200 ms and the next one runs in the other "process", as
    // graphile-worker hands a webhook's queue to whichever worker is free.
    const pools = [db.pool, other.pool];
    let jobs = 0;
    while (rated.receiver.requests.length < events && jobs < 40) {
      await deliverEventWebhook(rated.webhookId, { database: pools[jobs % 2]!, budgetMs: 200 });
      jobs++;
    }
    await deliverEventWebhook(unlimited.webhookId, { database: db.pool });

    expect(jobs).toBeGreaterThanOrEqual(2);
    expect(new Set(rated.receiver.requests.map((request) => request.webhookId)).size).toBe(events);
    // 11 arrivals span at least ~1 s (slots 100 ms apart; 5 % for timer and socket jitter):
    // no second holds more than 10 requests.
    expect(tightestSpan(rated.receiver, 11)).toBeGreaterThanOrEqual(950);
    // The control: without a limit the same requests go out far faster (the check can fail).
    expect(unlimited.receiver.requests).toHaveLength(events);
    expect(tightestSpan(unlimited.receiver, 11)).toBeLessThan(950);
  });
});

describe("a slow endpoint does not starve the others", () => {
  it("while one endpoint hangs (held to its own concurrency), another endpoint's deliveries go out", async () => {
    const slow = await webhookOn("Hanging", { batchSize: 1, batchWindowMs: 0, maxConcurrency: 2 });
    const quick = await webhookOn("Quick", { batchSize: 1, batchWindowMs: 0, maxConcurrency: 2 });
    slow.receiver.fallback = { status: 200, delayMs: 3_000 };
    // A worker with two slots: the hanging endpoint's deliverer holds one for seconds.
    const worker = await startEngineWorker({ database: db.pool, concurrency: 2, pollIntervalMs: 50 });
    try {
      await postMany("Hanging", 3);
      await waitFor(async () => slow.receiver.inFlight === 2, { timeoutMs: 5_000 });
      await postMany("Quick", 3);
      await quick.receiver.waitForRequests(3, 2_500);
      // Every quick delivery arrived while the first two slow requests were still unanswered,
      // and the third slow one still waits for one of them (its concurrency is 2).
      expect(slow.receiver.inFlight).toBe(2);
      expect(slow.receiver.requests).toHaveLength(2);
      await slow.receiver.waitForRequests(3, 10_000);
      expect(slow.receiver.maxInFlight).toBe(2);
    } finally {
      await worker.stop();
    }
  }, 20_000);
});
