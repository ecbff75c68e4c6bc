import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postEventRoute } from "@/app/api/events/route";
import { apiRequest, callRoute, createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { addProfilesToList } from "@/lib/audience/list-members";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { onAudienceJoined } from "@/lib/engine/on-audience-joined";
import { StepError, type TStepContext, type TStepHandlers } from "@/lib/engine/step-handler";
import { sweepEngine } from "@/lib/engine/sweep";
import { ensureMetric, publishTestFlow, waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startEngineWorker, type TEngineWorker } from "@/lib/engine/worker";
import { onEventsCommitted } from "@/lib/ingestion/on-events-committed";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();
const workspaceId = fixture.workspaceId;

// The webhook node's handler belongs to the webhooks issue; here a recording stand-in lets the
// engine's behaviour be observed (calls, idempotency keys, failures on demand).
const calls: TStepContext<"webhook">[] = [];
const failuresLeft = new Map<string, number>();
const handlers: TStepHandlers = {
  ...STEP_HANDLERS,
  webhook: {
    type: "webhook",
    maxAttempts: 3,
    timeoutMs: 5_000,
    async execute(context) {
      calls.push(context);
      const left = failuresLeft.get(context.node.config.url) ?? 0;
      if (left > 0) {
        failuresLeft.set(context.node.config.url, left - 1);
        throw new StepError(`receiver answered 500 (${left} failures left)`);
      }
      if (context.node.config.url.includes("permanent"))
        throw new StepError("receiver answered 410", { isRetryable: false });
      return { output: { status: 200, to: context.node.config.url } };
    },
  },
};

let worker: TEngineWorker;
beforeAll(async () => {
  worker = await startEngineWorker({
    database: db.pool,
    handlers,
    concurrency: 2,
    pollIntervalMs: 50,
    engine: { retryBaseMs: 20 },
  });
});
afterAll(async () => {
  await worker.stop();
});

const trigger = (metricId: string, filters?: object) => ({
  id: "trigger",
  type: "metric-trigger" as const,
  position: { x: 0, y: 0 },
  config: { metricId, filters: (filters ?? { match: "all", groups: [] }) as never },
});
const webhook = (id: string, url: string) => ({
  id,
  type: "webhook" as const,
  position: { x: 0, y: 0 },
  config: { url, headers: [], body: "{}" },
});

async function postEvent(
  metric: string,
  email: string,
  properties: Record<string, unknown> = {},
  profile: Record<string, unknown> = {},
) {
  const response = await callRoute(
    postEventRoute,
    apiRequest("/api/events", {
      key: fixture.fullKey,
      body: eventDocument({ metric, profile: { email, ...profile }, properties }),
    }),
  );
  expect(response.status).toBe(202);
}

const runsOf = (flowId: string) =>
  db.prisma.run.findMany({ where: { flowId }, include: { steps: { orderBy: { id: "asc" } } } });
const settledRunsOf = (flowId: string, count: number) =>
  waitFor(
    async () => {
      const runs = await runsOf(flowId);
      return runs.length >= count && runs.every((run) => run.status !== "running") && runs;
    },
    { what: `${count} settled runs` },
  );

describe("metric trigger → steps → completion (worker running)", () => {
  it("starts a run for a matching event and walks it to completion with a stable idempotency key", async () => {
    const metricId = await ensureMetric(workspaceId, "Placed Order");
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId), webhook("hook", "http://127.0.0.1:1/ok")],
    });
    await postEvent("Placed Order", "ada@example.com", { total: 42 });
    const [run] = await settledRunsOf(flowId, 1);
    expect(run).toMatchObject({ status: "completed", replayCount: 0 });
    expect(run!.eventId).not.toBeNull();
    expect(run!.steps).toHaveLength(1);
    expect(run!.steps[0]).toMatchObject({
      nodeId: "hook",
      status: "completed",
      attempts: 1,
      output: { status: 200, to: "http://127.0.0.1:1/ok" },
    });
    const call = calls.find((candidate) => candidate.run.id === run!.id)!;
    expect(call.step.idempotencyKey).toBe(`${run!.id}:hook:0`);
    expect(call.profile.email).toBe("ada@example.com");
    expect(call.event?.properties).toEqual({ total: 42 });
  });

  it("applies the trigger filters on event properties", async () => {
    const metricId = await ensureMetric(workspaceId, "Filtered Order");
    const filters = {
      match: "all",
      groups: [
        {
          match: "all",
          conditions: [{ kind: "event-property", property: "total", operator: "greater_than", value: 100 }],
        },
      ],
    };
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId, filters), webhook("hook", "http://127.0.0.1:1/f")],
    });
    await postEvent("Filtered Order", "small@example.com", { total: 5 });
    await postEvent("Filtered Order", "big@example.com", { total: 500 });
    const runs = await settledRunsOf(flowId, 1);
    expect(runs).toHaveLength(1);
    const profile = await db.prisma.profile.findUniqueOrThrow({ where: { id: runs[0]!.profileId } });
    expect(profile.email).toBe("big@example.com");
  });

  it("retries a failing step with backoff, recording each attempt, then completes", async () => {
    const metricId = await ensureMetric(workspaceId, "Retry Order");
    failuresLeft.set("http://127.0.0.1:1/flaky", 2);
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId), webhook("hook", "http://127.0.0.1:1/flaky")],
    });
    await postEvent("Retry Order", "flaky@example.com");
    const [run] = await settledRunsOf(flowId, 1);
    expect(run!.status).toBe("completed");
    expect(run!.steps[0]!.attempts).toBe(3);
    const history = run!.steps[0]!.attemptHistory as { attempt: number; error?: string }[];
    expect(history.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    expect(history[0]!.error).toContain("receiver answered 500");
    expect(history[2]!.error).toBeUndefined();
    const keys = new Set(
      calls.filter((call) => call.run.id === run!.id).map((call) => call.step.idempotencyKey),
    );
    expect(keys.size).toBe(1);
  });

  it("fails the run when a step fails for good, naming the node", async () => {
    const metricId = await ensureMetric(workspaceId, "Gone Order");
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [
        trigger(metricId),
        { ...webhook("hook", "http://127.0.0.1:1/permanent"), label: "Notify ERP" },
        webhook("after", "http://127.0.0.1:1/ok"),
      ],
    });
    await postEvent("Gone Order", "gone@example.com");
    const [run] = await settledRunsOf(flowId, 1);
    expect(run!.status).toBe("failed");
    expect(run!.error).toContain('"Notify ERP" failed after 1 attempt(s): receiver answered 410');
    expect(run!.steps.map((step) => step.nodeId)).toEqual(["hook"]);
  });

  it("follows the yes and no branches of a conditional split", async () => {
    const metricId = await ensureMetric(workspaceId, "Split Order");
    const split = {
      id: "vip",
      type: "split" as const,
      position: { x: 0, y: 0 },
      config: {
        conditions: {
          match: "all" as const,
          groups: [
            {
              match: "all" as const,
              conditions: [
                {
                  kind: "profile-property" as const,
                  property: "tier",
                  operator: "equals" as const,
                  value: "gold",
                },
              ],
            },
          ],
        },
      },
    };
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [
        trigger(metricId),
        split,
        webhook("gold", "http://127.0.0.1:1/gold"),
        webhook("other", "http://127.0.0.1:1/other"),
      ],
      edges: [
        { id: "a", source: "trigger", sourceHandle: null, target: "vip" },
        { id: "b", source: "vip", sourceHandle: "yes", target: "gold" },
        { id: "c", source: "vip", sourceHandle: "no", target: "other" },
      ],
    });
    await postEvent("Split Order", "gold@example.com", {}, { properties: { tier: "gold" } });
    await postEvent("Split Order", "plain@example.com", {}, { properties: { tier: "silver" } });
    const runs = await settledRunsOf(flowId, 2);
    const paths = await Promise.all(
      runs.map(async (run) => {
        const profile = await db.prisma.profile.findUniqueOrThrow({ where: { id: run.profileId } });
        return `${profile.email}:${run.steps.map((step) => step.nodeId).join(">")}`;
      }),
    );
    expect(paths.sort()).toEqual(["gold@example.com:vip>gold", "plain@example.com:vip>other"]);
  });

  it("lets a profile in only once when the re-entry rule says once", async () => {
    const metricId = await ensureMetric(workspaceId, "Once Order");
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId), webhook("hook", "http://127.0.0.1:1/once")],
      settings: { reentry: { mode: "once" } },
    });
    await postEvent("Once Order", "once@example.com", { n: 1 });
    await postEvent("Once Order", "once@example.com", { n: 2 });
    await settledRunsOf(flowId, 1);
    expect(await runsOf(flowId)).toHaveLength(1);
  });

  it("starts list-triggered flows once per join", async () => {
    const list = await db.prisma.list.create({ data: { workspaceId, name: "Newsletter" } });
    const profile = await db.prisma.profile.create({ data: { workspaceId, email: "joiner@example.com" } });
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [
        { id: "trigger", type: "list-trigger", position: { x: 0, y: 0 }, config: { listId: list.id } },
        webhook("hook", "http://127.0.0.1:1/welcome"),
      ],
    });
    const document = { data: [{ type: "profile", id: profile.id }] };
    await addProfilesToList({ workspaceId, listId: list.id, document });
    await addProfilesToList({ workspaceId, listId: list.id, document }); // already a member: no join
    const [run] = await settledRunsOf(flowId, 1);
    expect(run).toMatchObject({ status: "completed", profileId: profile.id, eventId: null });
    expect(run!.triggerKey).toMatch(new RegExp(`^list:${list.id}:${profile.id}:\\d+$`));
    expect(await runsOf(flowId)).toHaveLength(1);
  });
});

describe("segment trigger", () => {
  it("starts segment-triggered flows when the membership engine records joins (same transaction)", async () => {
    const segment = await db.prisma.segment.create({ data: { workspaceId, name: "VIPs", definition: {} } });
    const profiles = await Promise.all(
      ["seg1@example.com", "seg2@example.com"].map((email) =>
        db.prisma.profile.create({ data: { workspaceId, email } }),
      ),
    );
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [
        {
          id: "trigger",
          type: "segment-trigger",
          position: { x: 0, y: 0 },
          config: { segmentId: segment.id },
        },
        webhook("hook", "http://127.0.0.1:1/vip"),
      ],
    });
    const client = await db.pool.connect();
    try {
      await client.query("begin");
      const joined = await client.query<{ profile_id: string; joined_at: Date }>(
        `insert into segment_memberships (workspace_id, segment_id, profile_id)
         select $1, $2, unnest($3::uuid[]) returning profile_id, joined_at`,
        [workspaceId, segment.id, profiles.map((profile) => profile.id)],
      );
      await onAudienceJoined(client, {
        kind: "segment",
        workspaceId,
        audienceId: segment.id,
        joins: joined.rows.map((row) => ({ profileId: row.profile_id, joinedAt: row.joined_at })),
      });
      await client.query("commit");
    } finally {
      client.release();
    }
    const runs = await settledRunsOf(flowId, 2);
    expect(runs.map((run) => run.profileId).sort()).toEqual(profiles.map((profile) => profile.id).sort());
    expect(runs.every((run) => run.status === "completed")).toBe(true);
  });
});

describe("enqueueing with the data", () => {
  it("enqueues the trigger job only if the transaction commits, and only when a flow listens", async () => {
    const metricId = await ensureMetric(workspaceId, "Tx Order");
    await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId), webhook("hook", "http://127.0.0.1:1/tx")],
    });
    const unheard = await ensureMetric(workspaceId, "Nobody Listens");
    const event = (id: string, metric: string) => ({
      id,
      workspaceId,
      metricId: metric,
      metricName: "x",
      isMessageMetric: false,
      profileId: id,
      time: new Date(),
      uniqueId: id,
      properties: {},
      value: null,
      valueCurrency: null,
      isBackfill: false,
    });
    const client = await db.pool.connect();
    const countJobs = async () =>
      Number(
        (
          await client.query(
            "select count(*) from graphile_worker._private_jobs where payload::text like '%0190d000-0000-7000-8000-%'",
          )
        ).rows[0].count,
      );
    try {
      await worker.stop(); // keep the jobs in the queue long enough to count them
      await client.query("begin");
      await onEventsCommitted(client, [event("0190d000-0000-7000-8000-000000000001", metricId)]);
      await client.query("rollback");
      expect(await countJobs()).toBe(0);
      await client.query("begin");
      await onEventsCommitted(client, [event("0190d000-0000-7000-8000-000000000002", unheard)]);
      await client.query("commit");
      expect(await countJobs()).toBe(0);
      await client.query("begin");
      await onEventsCommitted(client, [event("0190d000-0000-7000-8000-000000000003", metricId)]);
      await client.query("commit");
      expect(await countJobs()).toBe(1);
      await client.query(
        "delete from graphile_worker._private_jobs where payload::text like '%0190d000-0000-7000-8000-%'",
      );
    } finally {
      client.release();
      worker = await startEngineWorker({
        database: db.pool,
        handlers,
        concurrency: 2,
        pollIntervalMs: 50,
        engine: { retryBaseMs: 20 },
      });
    }
  });
});

describe("sweeper", () => {
  it("releases the jobs of a worker whose heartbeat stopped, and reschedules steps with an expired lease", async () => {
    await db.pool.query(
      `insert into engine_workers (worker_id, process_id, heartbeat_at) values ('worker-dead', 'dead-process', now() - interval '1 hour')`,
    );
    await db.pool.query(
      `select graphile_worker.add_job('hookflow.noop-test', '{}'::json, run_at := now() + interval '1 day')`,
    );
    await db.pool.query(
      `update graphile_worker._private_jobs set locked_by = 'worker-dead', locked_at = now() where task_id = (select id from graphile_worker._private_tasks where identifier = 'hookflow.noop-test')`,
    );
    const result = await sweepEngine({ database: db.pool });
    expect(result.deadWorkers).toBe(1);
    const locked = await db.pool.query(
      "select count(*) from graphile_worker._private_jobs where locked_by = 'worker-dead'",
    );
    expect(Number(locked.rows[0].count)).toBe(0);
    expect(
      (await db.pool.query("select count(*) from engine_workers where worker_id = 'worker-dead'")).rows[0]
        .count,
    ).toBe("0");
    await db.pool.query(
      "delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'hookflow.noop-test')",
    );
  });
});
