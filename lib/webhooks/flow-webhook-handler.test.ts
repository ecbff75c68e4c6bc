import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
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
import { createWebhookStepHandler } from "@/lib/webhooks/flow-webhook-handler";
import { flowWebhookSecret } from "@/lib/webhooks/flow-webhook-secret";
import { createGuardedDispatcher, parseAllowlist } from "@/lib/webhooks/ssrf";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture();

// A receiver on 127.0.0.1 answering from a script (status, headers), recording what it got.
type TReceived = { headers: http.IncomingHttpHeaders; body: string };
const received: TReceived[] = [];
let script: { status: number; headers?: Record<string, string> }[] = [];
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
    const next = script.shift() ?? { status: 200 };
    response
      .writeHead(next.status, { "content-type": "application/json", ...next.headers })
      .end('{"ok":true}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const RECEIVER = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const handlers = { ...STEP_HANDLERS, webhook: createWebhookStepHandler({ schedule: [10, 10] }) };

let counter = 0;
async function runFlowOnce(
  config: { url?: string; body: string; headers?: { name: string; value: string }[] },
  options: { handlers?: typeof handlers; rounds?: number } = {},
) {
  counter++;
  const metricId = await ensureMetric(workspaceId, `Hook Metric ${counter}`);
  const { flowId } = await publishTestFlow({
    workspaceId,
    nodes: [
      metricTriggerNode(metricId),
      webhookNode("hook", { url: config.url ?? RECEIVER, headers: config.headers, body: config.body }),
    ],
  });
  const profile = await db.prisma.profile.create({
    data: {
      workspaceId,
      email: `hook${counter}@example.com`,
      firstName: 'Ada "The Countess"',
      properties: { "Favorite Color": "teal" },
    },
  });
  const event = await db.pool.query<{ id: string }>(
    `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id)
     values (gen_random_uuid(), $1, $2, $3, $4, '2026-11-29T10:00:00Z', $5) returning id`,
    [
      workspaceId,
      metricId,
      profile.id,
      JSON.stringify({ OrderId: "A-1", Items: ["shirt"] }),
      `evt-${counter}`,
    ],
  );
  await triggerEvents([event.rows[0]!.id], { database: db.pool });
  // Drive the step until it settles (each retry is scheduled a few ms ahead: run it at once).
  for (let round = 0; round < (options.rounds ?? 10); round++) {
    const pending = await db.prisma.step.findMany({ where: { run: { flowId }, status: "scheduled" } });
    if (pending.length === 0) break;
    await runSteps(
      pending.map((step) => step.id),
      String(counter * 100 + round),
      { database: db.pool, handlers: options.handlers ?? handlers },
    );
  }
  const run = await db.prisma.run.findFirstOrThrow({ where: { flowId }, include: { steps: true } });
  const deliveries = await db.prisma.webhookDelivery.findMany({
    where: { stepId: run.steps[0]?.id },
    include: { attempts: { orderBy: { number: "asc" } } },
  });
  return { run, step: run.steps[0]!, delivery: deliveries[0] };
}

describe("flow webhook step", () => {
  it("renders the body with person/event (Klaviyo lookup forms too) and signs it so the official verifiers accept it", async () => {
    received.length = 0;
    const { run, step, delivery } = await runFlowOnce({
      body: '{"email": "{{ person.email }}", "color": "{{ person|lookup:\'Favorite Color\' }}", "order": "{{ event|lookup:\'OrderId\' }}", "name": {{ person.first_name | json }}}',
    });
    expect(run.status).toBe("completed");
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(JSON.parse(request!.body)).toEqual({
      email: `hook${counter}@example.com`,
      color: "teal",
      order: "A-1",
      name: 'Ada "The Countess"',
    });
    const secret = await flowWebhookSecret(db.pool, workspaceId);
    const headers = {
      "webhook-id": String(request!.headers["webhook-id"]),
      "webhook-timestamp": String(request!.headers["webhook-timestamp"]),
      "webhook-signature": String(request!.headers["webhook-signature"]),
    };
    expect(() => new StandardWebhook(secret).verify(request!.body, headers)).not.toThrow();
    expect(() =>
      new SvixWebhook(secret).verify(request!.body, {
        "svix-id": headers["webhook-id"],
        "svix-timestamp": headers["webhook-timestamp"],
        "svix-signature": headers["webhook-signature"],
      }),
    ).not.toThrow();
    expect(() => new StandardWebhook(secret).verify(`${request!.body} `, headers)).toThrow();
    expect(step.output).toMatchObject({ status: 200, attempt: 1 });
    expect(delivery).toMatchObject({
      status: "succeeded",
      attemptCount: 1,
      messageId: headers["webhook-id"],
    });
    expect(delivery!.attempts[0]).toMatchObject({ number: 1, responseStatus: 200, error: null });
  });

  it("retries 5xx with the same webhook-id and records every attempt", async () => {
    received.length = 0;
    script = [{ status: 500 }, { status: 503 }];
    const { run, step, delivery } = await runFlowOnce({ body: '{"n": 1}' });
    expect(run.status).toBe("completed");
    expect(received).toHaveLength(3);
    expect(new Set(received.map((request) => request.headers["webhook-id"])).size).toBe(1);
    expect(step.attempts).toBe(3);
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 3 });
    expect(delivery!.attempts.map((attempt) => attempt.responseStatus)).toEqual([500, 503, 200]);
    expect(delivery!.attempts[0]!.error).toBe("Receiver answered 500");
  });

  it("honours Retry-After on 429 (the step is scheduled for then)", async () => {
    received.length = 0;
    script = [{ status: 429, headers: { "retry-after": "120" } }];
    const before = Date.now();
    const slow = { ...STEP_HANDLERS, webhook: createWebhookStepHandler() };
    const { step, delivery } = await runFlowOnce({ body: "{}" }, { handlers: slow, rounds: 1 });
    // The first attempt failed; the retry waits until Retry-After (not the 5 s first interval).
    expect(step.status).toBe("scheduled");
    expect(step.scheduledFor!.getTime() - before).toBeGreaterThanOrEqual(119_000);
    expect(step.scheduledFor!.getTime() - before).toBeLessThan(125_000);
    expect(delivery).toMatchObject({ status: "pending", attemptCount: 1 });
    expect(delivery!.nextAttemptAt!.getTime() - before).toBeGreaterThanOrEqual(119_000);
  });

  it("does not retry 410 Gone or other 4xx", async () => {
    received.length = 0;
    script = [{ status: 410 }];
    const { run, delivery } = await runFlowOnce({ body: "{}" });
    expect(run.status).toBe("failed");
    expect(run.error).toContain("Receiver answered 410");
    expect(received).toHaveLength(1);
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 1 });
  });

  it("fails at once, sending nothing, when the body does not render to JSON, pointing at the template", async () => {
    received.length = 0;
    const { run } = await runFlowOnce({ body: '{"name": "{{ person.first_name }}"}' });
    expect(run.status).toBe("failed");
    expect(run.error).toContain("not valid JSON");
    expect(received).toHaveLength(0);
  });

  it("retries a render that ran out of time (wall clock: a starved CPU can cause it), then fails", async () => {
    received.length = 0;
    const { run, step } = await runFlowOnce({
      body: '{% for i in (1..100000) %}{% for j in (1..100000) %}{% endfor %}{% endfor %}{"a": 1}',
    });
    expect(run.status).toBe("failed");
    expect(run.error).toContain("took too long to render");
    expect(step.attempts).toBe(3);
    expect(received).toHaveLength(0);
  });

  it("decrypts secrets only to send: the receiver gets the value, the stored attempt a mask", async () => {
    received.length = 0;
    await db.prisma.secret.create({
      data: { workspaceId, name: "ERP_TOKEN", ciphertext: sealSecret("tok-123456") },
    });
    const { run, delivery } = await runFlowOnce({
      body: '{"token_echo": "{{ secrets.ERP_TOKEN }}"}',
      headers: [{ name: "Authorization", value: "Bearer {{ secrets.ERP_TOKEN }}" }],
    });
    expect(run.status).toBe("completed");
    expect(received[0]!.headers.authorization).toBe("Bearer tok-123456");
    const stored = JSON.stringify(delivery!.attempts[0]);
    expect(stored).not.toContain("tok-123456");
    // The delivery's stored document too (it once kept the rendered JSON with the value in clear).
    expect(JSON.stringify(delivery!.payload)).not.toContain("tok-123456");
    expect(delivery!.payload).toEqual({ token_echo: "••••" });
    // The node's delivery log finds it by flow and node.
    expect(delivery).toMatchObject({ flowId: run.flowId, nodeId: "hook" });
    expect((delivery!.attempts[0]!.requestHeaders as Record<string, string>).authorization).toBe("••••");
  });

  it("fails with a clear error when a template names a secret that does not exist", async () => {
    const { run } = await runFlowOnce({
      body: "{}",
      headers: [{ name: "X-Key", value: "{{ secrets.NOPE }}" }],
    });
    expect(run.status).toBe("failed");
    expect(run.error).toContain('Secret "NOPE" is not defined');
  });

  it("refuses a private target without connecting, and does not retry", async () => {
    const dialled: string[] = [];
    const guarded = createGuardedDispatcher({
      allowlist: parseAllowlist(undefined),
      resolve: async () => [{ address: "10.0.0.7", family: 4 }],
      dial: async (_options, addresses) => {
        dialled.push(...addresses.map((entry) => entry.address));
        throw new Error("must not dial");
      },
    });
    const ssrf = { ...STEP_HANDLERS, webhook: createWebhookStepHandler({ dispatcher: () => guarded }) };
    const { run, delivery } = await runFlowOnce(
      { url: "http://intranet.example/hook", body: "{}" },
      { handlers: ssrf },
    );
    expect(run.status).toBe("failed");
    expect(run.error).toContain("10.0.0.7 is a private address");
    expect(dialled).toEqual([]);
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 1 });
  });
});
