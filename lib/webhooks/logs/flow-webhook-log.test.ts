import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { sealSecret } from "@/lib/crypto/secret-box";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { runSteps } from "@/lib/engine/run-steps";
import {
  ensureMetric,
  metricTriggerNode,
  publishTestFlow,
  webhookNode,
} from "@/lib/engine/testing/engine-fixtures";
import { triggerEvents } from "@/lib/engine/trigger-events";
import { HookflowError } from "@/lib/errors";
import { startWebhookReceiver } from "@/lib/event-webhooks/testing/webhook-receiver";
import { createWebhookStepHandler } from "@/lib/webhooks/flow-webhook-handler";
import { flowWebhookSecret } from "@/lib/webhooks/flow-webhook-secret";
import { getFlowDelivery, listFlowDeliveries } from "@/lib/webhooks/logs/list-flow-deliveries";
import {
  FLOW_REPLAY_TASK,
  requestFlowReplays,
  runFlowReplays,
} from "@/lib/webhooks/logs/replay-failed-flow-deliveries";
import { replayFlowDelivery } from "@/lib/webhooks/logs/replay-flow-delivery";
import { deliverySummary } from "@/lib/webhooks/stats/delivery-summary";
import { deliveryTimeseries } from "@/lib/webhooks/stats/delivery-timeseries";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture("Acme");
const other = await createApiFixture("Other");
const receiver = await startWebhookReceiver();
receiver.secrets.push(await flowWebhookSecret(db.pool, workspaceId));
afterAll(() => receiver.close());
await db.prisma.secret.create({
  data: { workspaceId, name: "ERP_TOKEN", ciphertext: sealSecret("tok-987654") },
});

// Retries 10 ms apart, run at once by the loop below: the schedule is controlled, nothing waits.
const handlers = { ...STEP_HANDLERS, webhook: createWebhookStepHandler({ schedule: [10] }) };
const metricId = await ensureMetric(workspaceId, "Order Paid");
const { flowId } = await publishTestFlow({
  workspaceId,
  nodes: [
    metricTriggerNode(metricId),
    webhookNode("erp", {
      url: receiver.url,
      headers: [{ name: "Authorization", value: "Bearer {{ secrets.ERP_TOKEN }}" }],
      body: '{"email": {{ person.email | json }}, "order": {{ event.OrderId | json }}}',
    }),
  ],
});

let counter = 0;
/** One event → one run → the webhook step driven to its end (each retry run at once). */
async function runOnce() {
  counter++;
  const profile = await db.prisma.profile.create({ data: { workspaceId, email: `p${counter}@example.com` } });
  const event = await db.pool.query<{ id: string }>(
    `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id)
     values (gen_random_uuid(), $1, $2, $3, $4, now(), $5) returning id`,
    [workspaceId, metricId, profile.id, JSON.stringify({ OrderId: `A-${counter}` }), `log-${counter}`],
  );
  await triggerEvents([event.rows[0]!.id], { database: db.pool });
  for (let round = 0; round < 5; round++) {
    const due = await db.prisma.step.findMany({ where: { run: { flowId }, status: "scheduled" } });
    if (due.length === 0) break;
    await runSteps(
      due.map((step) => step.id),
      String(counter * 10 + round),
      { database: db.pool, handlers },
    );
  }
}

describe("a flow webhook node's delivery log", () => {
  it("lists the node's deliveries with filters and pages; each expands to its attempts", async () => {
    receiver.script.push({ status: 200 });
    await runOnce();
    receiver.script.push({ status: 500 }, { status: 500 });
    await runOnce();
    const all = await listFlowDeliveries({ workspaceId, flowId, nodeId: "erp" });
    expect(all.deliveries.map((delivery) => delivery.status)).toEqual(["failed", "succeeded"]);
    expect(all.deliveries[1]).toMatchObject({ profileEmail: "p1@example.com", attemptCount: 1 });
    expect(all.deliveries[0]!.runId).toEqual(expect.any(String));

    const failed = await listFlowDeliveries({
      workspaceId,
      flowId,
      nodeId: "erp",
      filters: { status: "failed" },
    });
    expect(failed.deliveries).toHaveLength(1);
    const future = await listFlowDeliveries({
      workspaceId,
      flowId,
      nodeId: "erp",
      filters: { from: new Date(Date.now() + 60_000) },
    });
    expect(future.deliveries).toHaveLength(0);
    const first = await listFlowDeliveries({ workspaceId, flowId, nodeId: "erp", pageSize: 1 });
    const second = await listFlowDeliveries({
      workspaceId,
      flowId,
      nodeId: "erp",
      pageSize: 1,
      cursor: first.nextCursor,
    });
    expect([...first.deliveries, ...second.deliveries].map((d) => d.id)).toEqual(
      all.deliveries.map((d) => d.id),
    );
    expect(second.nextCursor).toBeNull();

    const detail = await getFlowDelivery({ workspaceId, deliveryId: all.deliveries[0]!.id });
    expect(detail.attempts.map((attempt) => attempt.responseStatus)).toEqual([500, 500]);
    expect(detail.attempts[0]!.requestHeaders.authorization).toBe("••••");
  });

  it("charts success rate and latency per hour and sums the last 24 h, test sends excluded", async () => {
    const subject = { flowId, nodeId: "erp" };
    const buckets = await deliveryTimeseries({ workspaceId, subject, window: "24h" });
    expect(buckets.length).toBeGreaterThanOrEqual(24);
    expect(buckets.length).toBeLessThanOrEqual(25);
    // Every attempt happened just now: in the last bucket (or the two last, across an hour's edge).
    const filled = buckets.filter((bucket) => bucket.attempts > 0);
    expect(filled.length).toBeGreaterThanOrEqual(1);
    expect(buckets.indexOf(filled[0]!)).toBeGreaterThanOrEqual(buckets.length - 2);
    expect(filled.reduce((sum, bucket) => sum + bucket.attempts, 0)).toBe(3);
    expect(filled.reduce((sum, bucket) => sum + bucket.succeeded, 0)).toBe(1);
    expect(filled.every((bucket) => bucket.successRate !== null && bucket.p50Ms !== null)).toBe(true);
    expect(
      buckets.filter((bucket) => bucket.attempts === 0).every((bucket) => bucket.successRate === null),
    ).toBe(true);
    // Hours from now on the injected clock: the window has moved past every attempt.
    const later = await deliveryTimeseries({
      workspaceId,
      subject,
      window: "24h",
      now: new Date(Date.now() + 2 * 86_400_000),
    });
    expect(later.every((bucket) => bucket.attempts === 0)).toBe(true);
    expect(await deliverySummary({ workspaceId, subject })).toMatchObject({
      attempts: 3,
      pending: 0,
      failedLast24h: 1,
    });
  });

  it("replays a finished delivery: same webhook-id, verified signature, secret header rebuilt, body as sent", async () => {
    const [failed] = (
      await listFlowDeliveries({ workspaceId, flowId, nodeId: "erp", filters: { status: "failed" } })
    ).deliveries;
    const before = receiver.requests.length;
    const result = await replayFlowDelivery({ workspaceId, deliveryId: failed!.id });
    expect(result).toMatchObject({ attemptNumber: 3, status: 200, isSuccess: true });
    const [original, replayed] = [receiver.requests[before - 1]!, receiver.requests[before]!];
    expect(replayed.webhookId).toBe(original.webhookId);
    expect(replayed.body).toBe(original.body);
    expect(replayed.headers.authorization).toBe("Bearer tok-987654");
    expect(replayed.verified.every((check) => check.standardwebhooks && check.svix)).toBe(true);
    const detail = await getFlowDelivery({ workspaceId, deliveryId: failed!.id });
    expect(detail.status).toBe("succeeded");
    expect(detail.attempts.at(-1)).toMatchObject({ number: 3, isReplay: true, responseStatus: 200 });
    expect(JSON.stringify(detail.attempts)).not.toContain("tok-987654");
  });

  it("leaves a retrying delivery to its step, and hides other workspaces' nodes and deliveries", async () => {
    const [delivery] = (await listFlowDeliveries({ workspaceId, flowId, nodeId: "erp" })).deliveries;
    await db.pool.query("update webhook_deliveries set status = 'pending' where id = $1", [delivery!.id]);
    await expect(replayFlowDelivery({ workspaceId, deliveryId: delivery!.id })).rejects.toThrow(
      /still retrying/,
    );
    const notFound = (promise: Promise<unknown>) =>
      expect(promise).rejects.toSatisfy((error) => error instanceof HookflowError && error.status === 404);
    await notFound(listFlowDeliveries({ workspaceId: other.workspaceId, flowId, nodeId: "erp" }));
    await notFound(listFlowDeliveries({ workspaceId, flowId, nodeId: "trigger" }));
    await notFound(getFlowDelivery({ workspaceId: other.workspaceId, deliveryId: delivery!.id }));
    await notFound(replayFlowDelivery({ workspaceId: other.workspaceId, deliveryId: delivery!.id }));
  });

  it("replays every failed delivery of a time range through queued jobs, each once", async () => {
    receiver.script.push({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await runOnce();
    await runOnce();
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) };
    const failed = (
      await listFlowDeliveries({ workspaceId, flowId, nodeId: "erp", filters: { status: "failed" } })
    ).deliveries.map((delivery) => delivery.id);
    expect(failed).toHaveLength(2);
    await expect(
      requestFlowReplays({ workspaceId: other.workspaceId, flowId, nodeId: "erp", ...range }),
    ).rejects.toThrow(/not found/);

    expect(await requestFlowReplays({ workspaceId, flowId, nodeId: "erp", ...range })).toEqual({ count: 2 });
    // Asked twice: nothing more is queued while the first replays wait.
    expect(await requestFlowReplays({ workspaceId, flowId, nodeId: "erp", ...range })).toEqual({ count: 0 });
    const listed = await listFlowDeliveries({
      workspaceId,
      flowId,
      nodeId: "erp",
      filters: { status: "failed" },
    });
    expect(listed.deliveries.every((delivery) => delivery.isReplayRequested)).toBe(true);
    const jobs = await db.pool.query("select 1 from graphile_worker.jobs where task_identifier = $1", [
      FLOW_REPLAY_TASK,
    ]);
    expect(jobs.rows).toHaveLength(1);

    const before = receiver.requests.length;
    expect(await runFlowReplays({ workspaceId, deliveryIds: failed }, { database: db.pool })).toEqual({
      replayed: 2,
      skipped: 0,
    });
    expect(receiver.requests.length - before).toBe(2);
    // The job retried after a crash: already replayed, so skipped.
    expect(await runFlowReplays({ workspaceId, deliveryIds: failed }, { database: db.pool })).toEqual({
      replayed: 0,
      skipped: 2,
    });
    for (const id of failed) {
      const detail = await getFlowDelivery({ workspaceId, deliveryId: id });
      expect(detail).toMatchObject({ status: "succeeded", isReplayRequested: false });
      expect(detail.attempts.at(-1)).toMatchObject({ isReplay: true, responseStatus: 200 });
    }
  });
});
