import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { runSteps } from "@/lib/engine/run-steps";
import {
  ensureMetric,
  metricTriggerNode,
  publishTestFlow,
  webhookNode,
} from "@/lib/engine/testing/engine-fixtures";
import { triggerEvents } from "@/lib/engine/trigger-events";
import { createWebhookStepHandler } from "@/lib/webhooks/flow-webhook-handler";
import { MAX_STORED_RESPONSE_BYTES } from "@/lib/webhooks/send-request";
import { createTestDatabase } from "@/test/database";

// Webhook receivers on 127.0.0.1 that behave badly: hang, reset the connection, drip the answer
// one byte at a time, or send a 5 GB body. Each is the target of a flow webhook step run by the
// engine's own code (runSteps + the real handler, response deadline shortened to 500 ms).
// Expected: the step ends within a bound, a failed attempt is recorded with a clear error and a
// retry is scheduled; the 5 GB body is read only up to the stored excerpt and the connection is
// closed, with no memory blow-up.

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture("Hostile receivers");
const TIMEOUT_MS = 500;
const GIGABYTE = 1024 ** 3;

type TBehaviour = (request: http.IncomingMessage, response: http.ServerResponse, socket: Socket) => void;
const behaviours: Record<string, TBehaviour> = {
  hang: () => {},
  reset: (_request, _response, socket) => socket.destroy(),
  drip: (_request, response) => {
    response.writeHead(200, { "content-type": "text/plain" });
    const timer = setInterval(() => {
      if (!response.write("x")) return;
    }, 50);
    response.on("close", () => clearInterval(timer));
  },
  huge: (_request, response) => {
    response.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": String(5 * GIGABYTE),
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < 5 * GIGABYTE && !response.destroyed) {
        sent += chunk.length;
        hugeBytesSent = sent;
        if (!response.write(chunk)) return void response.once("drain", pump);
      }
    };
    pump();
  },
};
let hugeBytesSent = 0;
const closedConnections: string[] = [];

const server = http.createServer((request, response) => {
  const name = (request.url ?? "/").slice(1);
  request.resume();
  request.socket.once("close", () => closedConnections.push(name));
  behaviours[name]?.(request, response, request.socket);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const handlers = {
  ...STEP_HANDLERS,
  webhook: createWebhookStepHandler({ schedule: [60_000], responseTimeoutMs: TIMEOUT_MS }),
};

let counter = 0;
async function deliverTo(path: string) {
  counter++;
  const metricId = await ensureMetric(workspaceId, `Hostile ${counter}`);
  const { flowId } = await publishTestFlow({
    workspaceId,
    nodes: [metricTriggerNode(metricId), webhookNode("hook", { url: `${BASE}/${path}`, body: '{"n": 1}' })],
  });
  const profile = await db.prisma.profile.create({
    data: { workspaceId, email: `hostile${counter}@example.com` },
  });
  const event = await db.pool.query<{ id: string }>(
    `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id)
     values (gen_random_uuid(), $1, $2, $3, '{}', now(), $4) returning id`,
    [workspaceId, metricId, profile.id, `hostile-${counter}`],
  );
  await triggerEvents([event.rows[0]!.id], { database: db.pool });
  const pending = await db.prisma.step.findMany({ where: { run: { flowId }, status: "scheduled" } });
  const started = performance.now();
  await runSteps(
    pending.map((step) => step.id),
    String(800_000 + counter),
    { database: db.pool, handlers },
  );
  const elapsedMs = performance.now() - started;
  const step = await db.prisma.step.findFirstOrThrow({ where: { run: { flowId }, nodeId: "hook" } });
  const delivery = await db.prisma.webhookDelivery.findFirstOrThrow({
    where: { stepId: step.id },
    include: { attempts: true },
  });
  return { step, delivery, attempt: delivery.attempts[0]!, elapsedMs };
}

function expectFailedAndRetried(outcome: Awaited<ReturnType<typeof deliverTo>>, error: RegExp) {
  expect(outcome.elapsedMs, "bounded by the response deadline, not the step timeout (30 s)").toBeLessThan(
    5_000,
  );
  expect(outcome.delivery.attempts).toHaveLength(1);
  expect(outcome.attempt.error).toMatch(error);
  expect(outcome.delivery.status).toBe("pending");
  expect(outcome.delivery.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now() + 30_000);
  expect(outcome.step.status).toBe("scheduled");
  expect(outcome.step.scheduledFor?.getTime()).toBeGreaterThan(Date.now() + 30_000);
}

describe("hostile webhook receivers", () => {
  it("a receiver that never answers: failed attempt 'No response within 0.5 s', retry scheduled", async () => {
    expectFailedAndRetried(await deliverTo("hang"), /No (complete )?response within 0.5 s/);
  });

  it("a receiver that resets the connection: failed attempt naming the reset, retry scheduled", async () => {
    expectFailedAndRetried(await deliverTo("reset"), /closed|reset|socket/i);
  });

  it("a receiver that drips its answer byte by byte: cut at the deadline, recorded, retried", async () => {
    const outcome = await deliverTo("drip");
    expectFailedAndRetried(outcome, /No complete response within 0.5 s/);
    expect(closedConnections).toContain("drip");
  });

  it("a 5 GB body: read up to the stored excerpt, connection closed, no memory blow-up", async () => {
    const rssBefore = process.memoryUsage().rss;
    const outcome = await deliverTo("huge");
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(outcome.attempt.responseStatus).toBe(200);
    expect(Buffer.byteLength(outcome.attempt.responseBody ?? "")).toBe(MAX_STORED_RESPONSE_BYTES);
    expect(outcome.delivery.status).toBe("succeeded");
    await expect.poll(() => closedConnections.includes("huge"), { timeout: 5_000 }).toBe(true);
    // What the receiver managed to push before the socket closed: socket buffers, not the body.
    expect(hugeBytesSent).toBeLessThan(64 * 1024 * 1024);
    expect(rssGrowth).toBeLessThan(200 * 1024 * 1024);
    console.info(
      `[hostile] 5 GB body: ${(hugeBytesSent / 1024 / 1024).toFixed(1)} MiB sent before close, rss +${(rssGrowth / 1024 / 1024).toFixed(1)} MiB, ${outcome.elapsedMs.toFixed(0)} ms`,
    );
  });
});
