import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import { invokeCodeForEvents } from "@/lib/code/dispatch/invoke-code-events";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { deployCodeFunction } from "@/lib/code/functions/deploy-code-function";
import { saveCodeDraft, updateCodeSettings } from "@/lib/code/functions/save-code-draft";
import { setCodeTopics } from "@/lib/code/functions/set-code-topics";
import { DEFAULT_CODE_SETTINGS, type TCodeFunctionSettings } from "@/lib/code/functions/settings-schema";
import { closeCodeRuntime } from "@/lib/code/runtime";
import { prisma } from "@/lib/db/prisma";
import {
  ensureMetric,
  metricTriggerNode,
  publishTestFlow,
  waitFor,
} from "@/lib/engine/testing/engine-fixtures";
import { startLoopbackReceiver, type TLoopbackReceiver } from "@/lib/engine/testing/loopback-receiver";
import { startEngineWorker, type TEngineWorker } from "@/lib/engine/worker";
import { ingestEvent } from "@/lib/ingestion/ingest-event";
import { fromCreateEventDocument } from "@/lib/ingestion/to-ingest-events";
import { writeEventBatch } from "@/lib/ingestion/write-event-batch";
import { createTestDatabase } from "@/test/database";

// The engine with the real code runtime (isolated-vm runner process), real PostgreSQL and the
// real webhook handler delivering to a loopback receiver.

const db = await createTestDatabase();
const fixture = await createApiFixture();
const workspaceId = fixture.workspaceId;

let worker: TEngineWorker;
let receiver: TLoopbackReceiver;
beforeAll(async () => {
  receiver = await startLoopbackReceiver();
  worker = await startEngineWorker({
    database: db.pool,
    concurrency: 4,
    pollIntervalMs: 50,
    engine: { retryBaseMs: 50 },
    code: { retryBaseMs: 50 },
  });
});
afterAll(async () => {
  await worker.stop();
  await closeCodeRuntime();
  await receiver.close();
});

async function deployFunction(options: {
  name: string;
  source?: string;
  template?: "blank" | "locale-write-back";
  topics?: string[];
  settings?: Partial<TCodeFunctionSettings>;
  language?: "javascript" | "python";
}) {
  const fn = await createCodeFunction({
    workspaceId,
    name: options.name,
    language: options.language ?? "javascript",
    template: options.template ?? "blank",
    userId: null,
  });
  if (options.source)
    await saveCodeDraft({ workspaceId, functionId: fn.id, source: options.source, userId: null });
  if (options.settings) {
    await updateCodeSettings({
      workspaceId,
      functionId: fn.id,
      settings: { ...DEFAULT_CODE_SETTINGS, ...options.settings },
      userId: null,
    });
  }
  if (options.topics) {
    const metricIds = await Promise.all(options.topics.map((name) => ensureMetric(workspaceId, name)));
    await setCodeTopics({ workspaceId, functionId: fn.id, metricIds });
  }
  await deployCodeFunction({ workspaceId, functionId: fn.id, userId: null });
  return fn.id;
}

const post = (metric: string, email: string, properties: Record<string, unknown> = {}) =>
  ingestEvent({ workspaceId, document: eventDocument({ metric, profile: { email }, properties }) });

const invocationsOf = (functionId: string) =>
  prisma.codeInvocation.findMany({ where: { functionId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("event-subscribed functions", () => {
  it("the seed's example: Placed Order with customer_locale de-DE sets the profile's locale; the segment 'locale starts with de' then contains the profile", async () => {
    await ensureMetric(workspaceId, "Placed Order");
    const segment = await saveSegment({
      workspaceId,
      segmentId: null,
      name: "Locale starts with de",
      definition: {
        match: "any",
        groups: [
          {
            match: "all",
            conditions: [
              { kind: "profile-property", property: "locale", operator: "starts_with", value: "de" },
            ],
          },
        ],
      },
    });
    const functionId = await deployFunction({ name: "Locale", template: "locale-write-back" });
    const { profileId, eventId } = await post("Placed Order", "ada@example.com", {
      customer_locale: "de-DE",
    });
    // The row is written when the invocation ends (after its write-back).
    const [invocation] = await waitFor(
      async () => {
        const found = await invocationsOf(functionId);
        return found.length > 0 && found;
      },
      { what: "the invocation" },
    );
    const profile = await prisma.profile.findUniqueOrThrow({ where: { id: profileId } });
    expect(profile.locale).toBe("de-DE");
    expect(invocation).toMatchObject({
      trigger: "event",
      status: "ok",
      triggerEventId: eventId,
      profileId,
      metricName: "Placed Order",
      outputs: { locale: "de-DE" },
      attempt: 1,
    });
    expect(invocation!.versionId).not.toBeNull();
    // The write went through the API's profile path, which re-evaluates segments in its transaction.
    const membership = await prisma.segmentMembership.findFirst({
      where: { segmentId: segment.id, profileId },
    });
    expect(membership).not.toBeNull();
  });

  it("the seed's example in Python, through the same dispatch", async () => {
    const functionId = await deployFunction({
      name: "Locale (Python)",
      template: "locale-write-back",
      language: "python",
      topics: ["Placed Order (Python)"],
    });
    const { profileId } = await post("Placed Order (Python)", "py@example.com", { customer_locale: "fr-CH" });
    const [invocation] = await waitFor(
      async () => {
        const found = await invocationsOf(functionId);
        return found.length > 0 && found;
      },
      { what: "the Python invocation", timeoutMs: 30_000 },
    );
    expect(invocation).toMatchObject({ status: "ok", outputs: { locale: "fr-CH" } });
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).locale).toBe("fr-CH");
  });

  it("never invokes functions for Opened Email, even one forced into the database", async () => {
    const functionId = await deployFunction({ name: "Forced", source: "export default async () => ({})\n" });
    const opened = await ensureMetric(workspaceId, "Opened Email", true);
    await prisma.codeFunctionTopic.create({ data: { functionId, metricId: opened } });
    await post("Opened Email", "opened@example.com");
    const control = await deployFunction({
      name: "Control",
      source: "export default async () => ({})\n",
      topics: ["Viewed Product"],
    });
    await post("Viewed Product", "opened@example.com");
    await waitFor(async () => (await invocationsOf(control)).length === 1, {
      what: "the control invocation",
    });
    expect(await invocationsOf(functionId)).toEqual([]);
  });

  it("queues the excess of the rate limit: 11 events in one batch at 10/s → all invoked, the 11th a window later", async () => {
    const functionId = await deployFunction({
      name: "Rate",
      source: "export default async (event) => ({ n: event.properties.n })\n",
      topics: ["Rated"],
    });
    const events = Array.from({ length: 11 }, (_, n) =>
      fromCreateEventDocument(
        eventDocument({
          metric: "Rated",
          profile: { email: `rate-${n}@example.com` },
          properties: { n },
        }) as never,
        { workspaceId },
      ),
    );
    await writeEventBatch(events, { atomic: true });
    const rows = await waitFor(
      async () => {
        const found = await invocationsOf(functionId);
        return found.length === 11 && found;
      },
      { what: "11 invocations" },
    );
    // The allocator's state: the 11th opened the second window (1 s after the first), alone.
    const window = await prisma.codeFunctionRateWindow.findUniqueOrThrow({ where: { functionId } });
    expect(window.count).toBe(1);
    // An invocation started no later than (recorded − duration); the 11th's job was due at the
    // second window's start, the first ten at once.
    const startedBy = (row: (typeof rows)[number]) => row.createdAt.getTime() - row.durationMs;
    const late = rows.filter((row) => startedBy(row) >= window.windowStart.getTime());
    expect(late).toHaveLength(1);
    const first = Math.min(...rows.map(startedBy));
    expect(startedBy(late[0]!) - first).toBeGreaterThanOrEqual(500);
    expect(rows.every((row) => row.status === "ok")).toBe(true);
  });

  it("retries a failing invocation 3 times with backoff, then records the failure", async () => {
    const functionId = await deployFunction({
      name: "Failing",
      source: "export default async () => {\n  throw new Error('upstream down');\n}\n",
      topics: ["Fails"],
    });
    await post("Fails", "fail@example.com");
    const rows = await waitFor(
      async () => {
        const found = await invocationsOf(functionId);
        return found.length === 4 && found;
      },
      { what: "4 attempts" },
    );
    expect(rows.map((row) => [row.attempt, row.status])).toEqual([
      [1, "error"],
      [2, "error"],
      [3, "error"],
      [4, "error"],
    ]);
    expect((rows[3]!.error as { message: string; line: number }).message).toContain("upstream down");
    expect((rows[3]!.error as { line: number }).line).toBe(2);
    // Backoff: 50 ms, 150 ms, 450 ms between attempts (at least).
    const gaps = rows
      .slice(1)
      .map((row, index) => row.createdAt.getTime() - rows[index]!.createdAt.getTime());
    expect(gaps[2]).toBeGreaterThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await prisma.codeInvocation.count({ where: { functionId } })).toBe(4);
  });

  it("stops a write-back loop at the engine's depth limit", async () => {
    const functionId = await deployFunction({
      name: "Loop",
      source: `import { createEvent } from "hookflow";\nexport default async () => { await createEvent({ metric: "Ping" }); return {}; }\n`,
      topics: ["Ping"],
    });
    const { profileId } = await post("Ping", "loop@example.com");
    const stopped = await waitFor(
      async () => {
        const found = await invocationsOf(functionId);
        return found.find((row) => row.status === "stopped");
      },
      { what: "the loop stop", timeoutMs: 20_000 },
    );
    expect((stopped.error as { message: string }).message).toMatch(/chain of more than 5 code write-backs/);
    const depths = await prisma.event.findMany({
      where: { profileId },
      select: { depth: true, origin: true },
    });
    expect(depths.map((event) => event.depth).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await invocationsOf(functionId)).filter((row) => row.status === "ok")).toHaveLength(6);
  });
});

describe("invoke job retried after a crash", () => {
  it("skips the invocations its first run already recorded (dispatch key per event and attempt)", async () => {
    const functionId = await deployFunction({
      name: "Once",
      source: "export default async () => ({ ran: true })\n",
      topics: ["Once"],
    });
    const { eventId } = await post("Once", "once@example.com");
    await waitFor(async () => (await invocationsOf(functionId)).length === 1, {
      what: "the first invocation",
    });
    const again = await invokeCodeForEvents(
      { functionId, workspaceId, eventIds: [eventId], attempt: 1 },
      { database: db.pool },
    );
    expect(again).toEqual({ invoked: 0, failed: 0 });
    expect(await invocationsOf(functionId)).toHaveLength(1);
  });
});

describe("write-back to lists", () => {
  it("addToList goes through the list-join path: a list-triggered flow starts once per join", async () => {
    const list = await prisma.list.create({ data: { workspaceId, name: "Joined by code" } });
    const functionId = await deployFunction({
      name: "Joiner",
      source: `import { addToList } from "hookflow";
export default async () => {
  const first = await addToList("${list.id}");
  const second = await addToList("Joined by code");
  return { first: first.added, second: second.added };
};
`,
      topics: ["Signed Up"],
    });
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [
        {
          id: "trigger",
          type: "list-trigger",
          position: { x: 0, y: 0 },
          config: { listId: list.id },
        } as never,
        {
          id: "hook",
          type: "webhook",
          position: { x: 0, y: 0 },
          config: { url: `${receiver.url}/joined`, headers: [], body: "{}" },
        },
      ],
    });
    const { profileId } = await post("Signed Up", "joiner@example.com");
    const [invocation] = await waitFor(
      async () => {
        const found = await invocationsOf(functionId);
        return found.length > 0 && found;
      },
      { what: "the invocation" },
    );
    expect(invocation!.returnValue).toEqual({ first: true, second: false });
    const run = await waitFor(
      async () => {
        const found = await prisma.run.findFirst({ where: { flowId, profileId } });
        return found?.status === "completed" && found;
      },
      { what: "the list-triggered run" },
    );
    expect(run.triggerKey).toMatch(/^list:/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await prisma.run.count({ where: { flowId } })).toBe(1);
  });
});

describe("code nodes in flows", () => {
  it("a code node's output drives a code-output split and a later template", async () => {
    const metricId = await ensureMetric(workspaceId, "Checked Out");
    const functionId = await deployFunction({
      name: "Tier",
      source: `export default async function (event, profile) {
  return { tier: event.properties.total > 100 ? "gold" : "silver", email: profile.email };
}
`,
      settings: { outputs: [{ name: "tier", type: "string", default: "none" }] },
    });
    const node = (id: string, type: string, config: object) =>
      ({ id, type, position: { x: 0, y: 0 }, config }) as never;
    await publishTestFlow({
      workspaceId,
      nodes: [
        node("trigger", "metric-trigger", { metricId, filters: { match: "all", groups: [] } }),
        node("code", "code", { functionId }),
        node("split", "code-output-split", {
          nodeId: "code",
          output: "tier",
          operator: "equals",
          value: "gold",
        }),
        node("gold", "webhook", {
          url: `${receiver.url}/gold`,
          headers: [],
          body: '{"tier": "{{ outputs.code.tier }}"}',
        }),
        node("silver", "webhook", {
          url: `${receiver.url}/silver`,
          headers: [],
          body: '{"tier": "{{ outputs.code.tier }}"}',
        }),
      ],
      edges: [
        { id: "e1", source: "trigger", sourceHandle: null, target: "code" },
        { id: "e2", source: "code", sourceHandle: null, target: "split" },
        { id: "e3", source: "split", sourceHandle: "yes", target: "gold" },
        { id: "e4", source: "split", sourceHandle: "no", target: "silver" },
      ],
    });
    const before = receiver.requests.length;
    const { eventId } = await post("Checked Out", "tier@example.com", { total: 250 });
    const run = await waitFor(
      async () => {
        const found = await prisma.run.findFirst({ where: { eventId }, include: { steps: true } });
        return found?.status === "completed" && found;
      },
      { what: "the run to complete" },
    );
    const byNode = new Map(run.steps.map((step) => [step.nodeId, step]));
    expect(byNode.get("code")?.output).toMatchObject({
      outputs: { tier: "gold" },
      functionId,
      versionNumber: 1,
    });
    expect(byNode.get("split")?.output).toEqual({ matched: true, value: "gold" });
    expect(byNode.has("silver")).toBe(false);
    const delivered = receiver.requests.slice(before);
    expect(delivered.map((request) => JSON.parse(request.body))).toEqual([{ tier: "gold" }]);
    const invocation = await prisma.codeInvocation.findFirstOrThrow({ where: { functionId } });
    expect(invocation).toMatchObject({
      trigger: "flow",
      runId: run.id,
      stepId: byNode.get("code")!.id,
      status: "ok",
    });
  });

  it("a failing code node is retried 3 times, then fails the step and the run", async () => {
    const metricId = await ensureMetric(workspaceId, "Broke");
    const functionId = await deployFunction({
      name: "Broken node",
      source: "export default async () => { throw new TypeError('bad input'); }\n",
    });
    await publishTestFlow({
      workspaceId,
      nodes: [
        metricTriggerNode(metricId) as never,
        { id: "code", type: "code", position: { x: 0, y: 0 }, config: { functionId } },
      ],
    });
    const { eventId } = await post("Broke", "broke@example.com");
    const run = await waitFor(
      async () => {
        const found = await prisma.run.findFirst({ where: { eventId }, include: { steps: true } });
        return found?.status === "failed" && found;
      },
      { what: "the run to fail" },
    );
    expect(run.steps[0]).toMatchObject({ status: "failed", attempts: 4 });
    expect(run.error).toMatch(/failed after 4 attempt\(s\): TypeError: bad input/);
    expect(await prisma.codeInvocation.count({ where: { functionId, runId: run.id } })).toBe(4);
  });

  it("a code node whose function is not deployed fails at once with a clear message", async () => {
    const metricId = await ensureMetric(workspaceId, "Undeployed");
    const fn = await createCodeFunction({
      workspaceId,
      name: "Draft only",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    await publishTestFlow({
      workspaceId,
      nodes: [
        metricTriggerNode(metricId) as never,
        { id: "code", type: "code", position: { x: 0, y: 0 }, config: { functionId: fn.id } },
      ],
    });
    const { eventId } = await post("Undeployed", "draft@example.com");
    const run = await waitFor(
      async () => {
        const found = await prisma.run.findFirst({ where: { eventId }, include: { steps: true } });
        return found?.status === "failed" && found;
      },
      { what: "the run to fail" },
    );
    expect(run.steps[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect(run.error).toMatch(/has no deployed version: deploy it first/);
  });
});
