import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { setCodeSecret } from "@/lib/code/functions/code-secrets";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { saveCodeDraft } from "@/lib/code/functions/save-code-draft";
import { testRunCodeFunction } from "@/lib/code/functions/test-run-code-function";
import { createCodeRuntime } from "@/lib/code/runtime";
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
import { deliverEventWebhook } from "@/lib/event-webhooks/deliver-event-webhook";
import { dispatchEventWebhooks } from "@/lib/event-webhooks/dispatch-events";
import { createWebhookWithReceiver, postEvent } from "@/lib/event-webhooks/testing/event-webhook-fixtures";
import { log } from "@/lib/log";
import { createWebhookStepHandler } from "@/lib/webhooks/flow-webhook-handler";
import { flowWebhookSecret } from "@/lib/webhooks/flow-webhook-secret";
import { createTestDatabase } from "@/test/database";

// Secrets and API keys never appear in logs, run outputs, step inputs, delivery and attempt
// records, invocation records or error messages. A flow, an event webhook and a code function
// use a workspace secret and a code secret against a receiver that ECHOES everything it gets
// (headers and body) in its answer, and fails the first request of each path; one webhook's body
// renders invalid JSON around the secret (its error message quotes the output). Then every row of
// every table (public and graphile_worker schemas) and every log line (the app logger, at trace
// level) is searched for each secret, in clear and in base64.

const captured = vi.hoisted(() => {
  process.env.LOG_LEVEL = "trace";
  return [] as string[];
});
(log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = {
  write: (line: string) => captured.push(line),
};

const db = await createTestDatabase();
const fixture = await createApiFixture("Leaks");
const { workspaceId } = fixture;
const WORKSPACE_SECRET = `ws-secret-${randomBytes(12).toString("hex")}`;
const CODE_SECRET = `code-secret-${randomBytes(12).toString("hex")}`;
await db.prisma.secret.create({
  data: { workspaceId, name: "API_TOKEN", ciphertext: sealSecret(WORKSPACE_SECRET) },
});

const seen = new Map<string, number>();
const echo = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const count = (seen.get(request.url ?? "") ?? 0) + 1;
    seen.set(request.url ?? "", count);
    const reflected = JSON.stringify({ headers: request.headers, body: Buffer.concat(chunks).toString() });
    response.writeHead(count === 1 ? 500 : 200, {
      "content-type": "application/json",
      "x-echo": reflected.slice(0, 4000),
    });
    response.end(reflected);
  });
});
await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
const ECHO = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
const runtime = createCodeRuntime();
afterAll(async () => {
  await runtime.close();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

async function runFlowWithSecrets() {
  const metricId = await ensureMetric(workspaceId, "Secret Metric");
  const { flowId } = await publishTestFlow({
    workspaceId,
    nodes: [
      metricTriggerNode(metricId),
      webhookNode("send", {
        url: `${ECHO}/flow`,
        headers: [
          { name: "Authorization", value: "Bearer {{ secrets.API_TOKEN }}" },
          { name: "X-Token", value: "{{ secrets.API_TOKEN }}" },
        ],
        body: '{"token": "{{ secrets.API_TOKEN }}", "email": "{{ person.email }}"}',
      }),
      webhookNode("broken", { url: `${ECHO}/broken`, body: '{"token": "{{ secrets.API_TOKEN }}" oops}' }),
    ],
  });
  const eventId = await postEvent({
    key: fixture.ingestKey,
    workspaceId,
    metric: "Secret Metric",
    email: "leak@example.com",
  });
  await triggerEvents([eventId], { database: db.pool });
  const handlers = { ...STEP_HANDLERS, webhook: createWebhookStepHandler({ schedule: [10, 10] }) };
  for (let round = 0; round < 10; round++) {
    const pending = await db.prisma.step.findMany({ where: { run: { flowId }, status: "scheduled" } });
    if (pending.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await runSteps(
      pending.map((step) => step.id),
      String(900_000 + round),
      { database: db.pool, handlers },
    );
  }
  return db.prisma.run.findFirstOrThrow({ where: { flowId }, include: { steps: true } });
}

async function runCodeFunctionWithSecret(eventId: string) {
  const fn = await createCodeFunction({
    workspaceId,
    name: "Leaky",
    language: "javascript",
    template: "blank",
    userId: null,
  });
  await setCodeSecret({ workspaceId, functionId: fn.id, name: "TOKEN", value: CODE_SECRET });
  await saveCodeDraft({
    workspaceId,
    functionId: fn.id,
    userId: null,
    source: `export default async function (event, profile, context) {
  console.log("token is", context.env.TOKEN);
  const answer = await fetch("${ECHO}/code", { method: "POST", headers: { "x-token": context.env.TOKEN }, body: context.env.TOKEN });
  if (context.env.TOKEN.length > 0) throw new Error("failed with " + context.env.TOKEN + " " + (await answer.text()));
}
`,
  });
  return testRunCodeFunction({
    workspaceId,
    functionId: fn.id,
    input: { kind: "event", eventId },
    mode: "apply",
    runtime,
  });
}

/** Every row of every table, as text, with the tables each needle was found in. */
async function findInDatabase(needles: Record<string, string>) {
  const tables = await db.pool.query<{ name: string }>(
    `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables
     where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'`,
  );
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await db.pool.query<{ row: string }>(`select t::text as row from ${name} t`);
    for (const { row } of rows.rows) {
      for (const [label, needle] of Object.entries(needles)) {
        // DEBUG_LEAKS=1 prints the row, to see which column leaked.
        if (row.includes(needle))
          found.push(`${label} in ${name}${process.env.DEBUG_LEAKS ? `: ${row}` : ""}`);
      }
    }
  }
  return [...new Set(found)];
}

describe("secrets never leak", () => {
  it("not in rows, records, outputs, errors or logs after a flow, an event webhook and a code function used them", {
    timeout: 120_000,
  }, async () => {
    const run = await runFlowWithSecrets();
    expect(seen.get("/flow"), "the flow webhook was delivered, after a failed first attempt").toBe(2);
    expect(run.status).toBe("failed");
    expect(JSON.stringify(run.steps.find((step) => step.nodeId === "broken")?.error)).toMatch(/JSON/);

    const hook = await createWebhookWithReceiver({ workspaceId, metricNames: ["Secret Metric"] });
    const eventId = await postEvent({
      key: fixture.fullKey,
      workspaceId,
      metric: "Secret Metric",
      email: "leak2@example.com",
    });
    await dispatchEventWebhooks({ eventIds: [eventId], database: db.pool });
    // A minute later: the batch window (1 s) has passed and the batch is sealed.
    const later = () => new Date(Date.now() + 60_000);
    await deliverEventWebhook(hook.webhookId, {
      database: db.pool,
      now: later,
      schedule: [10],
      random: () => 0.5,
    });
    expect(hook.receiver.requests.length).toBeGreaterThan(0);
    await hook.receiver.close();

    const invocation = await runCodeFunctionWithSecret(eventId);
    expect(seen.get("/code"), "the code function's fetch reached the receiver with the secret").toBe(1);
    expect(invocation.status).not.toBe("ok");

    const needles: Record<string, string> = {
      "workspace secret": WORKSPACE_SECRET,
      "workspace secret (base64)": Buffer.from(WORKSPACE_SECRET).toString("base64"),
      "code secret": CODE_SECRET,
      "code secret (base64)": Buffer.from(CODE_SECRET).toString("base64"),
      "full API key": fixture.fullKey,
      "ingest API key": fixture.ingestKey,
      "flow webhook signing secret": await flowWebhookSecret(db.pool, workspaceId),
      "event webhook signing secret": hook.secret,
    };
    expect(await findInDatabase(needles)).toEqual([]);
    expect(JSON.stringify(invocation)).not.toContain(CODE_SECRET);

    expect(captured.length, "the logger was captured").toBeGreaterThan(0);
    const logs = captured.join("");
    expect(
      Object.entries(needles)
        .filter(([, needle]) => logs.includes(needle))
        .map(([label]) => label),
    ).toEqual([]);
  });
});
