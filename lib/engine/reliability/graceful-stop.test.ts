import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { spawnRecordingWorker, type TRecordingWorker } from "@/lib/engine/reliability/recording-workers";
import {
  insertTriggeredEvents,
  publishSplitWebhookFlow,
  waitForCompletedRuns,
  webhookStepsOf,
} from "@/lib/engine/reliability/reliability-fixtures";
import { waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startLoopbackReceiver } from "@/lib/engine/testing/loopback-receiver";
import { createTestDatabase } from "@/test/database";

// Issue 4: "`npm run worker` … graceful shutdown on SIGTERM: finishes or returns its jobs". A real
// worker process (the engine as worker/main.ts starts it, with the stand-in webhook handler) gets
// SIGTERM while webhook deliveries are in flight to a slow loopback receiver: those steps finish
// and commit, the process exits 0 holding nothing, and a second worker does the rest, so every
// key is delivered exactly once (a graceful stop retries nothing).

const RUNS = 200;
const SLOW_ANSWER_MS = 1_500;

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture("Graceful");
const receiver = await startLoopbackReceiver({ delayMs: SLOW_ANSWER_MS });
const workers: TRecordingWorker[] = [];

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await receiver.close();
});

describe("SIGTERM to a worker with steps in flight", () => {
  it("finishes the running steps, exits 0 holding no job, and another worker does the rest once", async () => {
    const { flowId, metricId } = await publishSplitWebhookFlow({
      workspaceId,
      metricName: "Graceful Stop",
      receiverUrl: receiver.url,
    });
    const first = await spawnRecordingWorker({
      databaseUrl: db.url,
      receiverUrl: receiver.url,
      concurrency: 2,
    });
    workers.push(first);
    // Two events per trigger job (a job absorbs up to 8 waiting ones): a job holds few steps, so the
    // stop waits seconds, and most runs are still queued when it comes.
    await insertTriggeredEvents(db.pool, {
      workspaceId,
      metricId,
      count: RUNS,
      label: "graceful",
      eventsPerJob: 2,
    });
    await waitFor(async () => receiver.requests.length > 0, {
      timeoutMs: 20_000,
      what: "a delivery in flight",
    });

    const stopBegan = Date.now();
    await first.stop();
    const exit = await first.exited;
    expect(exit.code, first.output()).toBe(0);
    // It waited for the slow answers it was waiting on, instead of dropping them.
    expect(Date.now() - stopBegan).toBeGreaterThan(SLOW_ANSWER_MS / 3);

    // Every delivery that reached the receiver was answered and its step committed as completed.
    const delivered = new Set(receiver.requests.map((request) => request.key));
    const steps = await webhookStepsOf(db.pool, flowId);
    const completed = steps.filter((step) => step.status === "completed");
    expect(completed.map((step) => step.key).sort()).toEqual([...delivered].sort());
    expect(completed.every((step) => step.attempts === 1)).toBe(true);
    const held = await db.pool.query(
      `select (select count(*) from steps where status = 'running')::int as running,
              (select count(*) from graphile_worker._private_jobs where locked_at is not null)::int as locked,
              (select count(*) from engine_workers)::int as registered`,
    );
    expect(held.rows[0]).toEqual({ running: 0, locked: 0, registered: 0 });
    expect(completed.length).toBeLessThan(RUNS);

    receiver.setBehaviour({ delayMs: 0 });
    const second = await spawnRecordingWorker({
      databaseUrl: db.url,
      receiverUrl: receiver.url,
      concurrency: 2,
    });
    workers.push(second);
    await waitForCompletedRuns(db.pool, { flowId, count: RUNS, timeoutMs: 30_000 });
    const perKey = receiver.deliveredByKey();
    expect(perKey.size).toBe(RUNS);
    expect([...perKey.values()].filter((count) => count !== 1)).toEqual([]);
    const final = await webhookStepsOf(db.pool, flowId);
    expect(final.every((step) => step.status === "completed" && step.attempts === 1)).toBe(true);
  }, 90_000);
});
