import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { runSteps } from "@/lib/engine/run-steps";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { triggerEvents } from "@/lib/engine/trigger-events";
import { createTestDatabase } from "@/test/database";

// The engine driven by hand, without a queue worker: trigger jobs and step batches are called
// directly with an injected clock, so delays and schedules are checked exactly.

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture();

const sent: string[] = [];
const handlers: TStepHandlers = {
  ...STEP_HANDLERS,
  webhook: {
    type: "webhook",
    maxAttempts: 1,
    timeoutMs: 1_000,
    async execute(context) {
      sent.push(`${context.profile.email}:${context.node.id}`);
      return { output: { ok: true } };
    },
  },
};

const trigger = (metricId: string) => ({
  id: "trigger",
  type: "metric-trigger" as const,
  position: { x: 0, y: 0 },
  config: { metricId, filters: { match: "all" as const, groups: [] } },
});
const webhook = (id: string) => ({
  id,
  type: "webhook" as const,
  position: { x: 0, y: 0 },
  config: { url: "http://127.0.0.1:1/x", headers: [], body: "{}" },
});

let eventCounter = 0;
async function storeEvent(
  metricId: string,
  email: string,
  options: { depth?: number; properties?: object } = {},
) {
  const profile =
    (await db.prisma.profile.findFirst({ where: { workspaceId, email } })) ??
    (await db.prisma.profile.create({ data: { workspaceId, email, timezone: "Europe/Paris" } }));
  eventCounter++;
  const rows = await db.pool.query<{ id: string }>(
    `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id, depth)
     values (uuidv7(), $1, $2, $3, $4, now(), $5, $6) returning id`,
    [
      workspaceId,
      metricId,
      profile.id,
      JSON.stringify(options.properties ?? {}),
      `u${eventCounter}`,
      options.depth ?? 0,
    ],
  );
  return { eventId: rows.rows[0]!.id, profileId: profile.id };
}

async function pendingStepIds(runId: string) {
  const steps = await db.prisma.step.findMany({
    where: { runId, status: "scheduled" },
    orderBy: { id: "asc" },
  });
  return steps;
}

describe("time delay", () => {
  it("schedules the next step for now + the duration, durably (a step row and a job at that time)", async () => {
    const metricId = await ensureMetric(workspaceId, "Delay Order");
    const delay = {
      id: "wait",
      type: "delay" as const,
      position: { x: 0, y: 0 },
      config: { mode: "duration" as const, amount: 2, unit: "hours" as const },
    };
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId), delay, webhook("after")],
    });
    const { eventId } = await storeEvent(metricId, "delay@example.com");
    const now = new Date("2026-11-29T10:00:00Z");
    await triggerEvents([eventId], { database: db.pool, now: () => now });
    const run = await db.prisma.run.findFirstOrThrow({ where: { flowId } });
    const [waitStep] = await pendingStepIds(run.id);
    expect(waitStep!.nodeId).toBe("wait");
    await runSteps([waitStep!.id], "1", { database: db.pool, handlers, now: () => now });

    const next = await db.prisma.step.findFirstOrThrow({ where: { runId: run.id, nodeId: "after" } });
    expect(next.status).toBe("scheduled");
    expect(next.scheduledFor?.toISOString()).toBe("2026-11-29T12:00:00.000Z");
    const job = await db.pool.query(
      "select run_at from graphile_worker._private_jobs where payload::text like $1",
      [`%${next.id}%`],
    );
    expect(job.rows[0].run_at.toISOString()).toBe("2026-11-29T12:00:00.000Z");
    expect((await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");

    await runSteps([next.id], "2", {
      database: db.pool,
      handlers,
      now: () => new Date("2026-11-29T12:00:01Z"),
    });
    expect(await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "completed",
    });
  });

  it('waits "until 09:00" on allowed weekdays in the profile\'s timezone', async () => {
    const metricId = await ensureMetric(workspaceId, "Until Order");
    // Weekdays only; Saturday 2026-11-28 12:00 UTC → Monday 2026-11-30 09:00 in Paris (08:00 UTC).
    const delay = {
      id: "wait",
      type: "delay" as const,
      position: { x: 0, y: 0 },
      config: { mode: "until" as const, time: "09:00", weekdays: [1, 2, 3, 4, 5], timezone: null },
    };
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId), delay, webhook("after")],
    });
    const { eventId } = await storeEvent(metricId, "until@example.com");
    const now = new Date("2026-11-28T12:00:00Z");
    await triggerEvents([eventId], { database: db.pool, now: () => now });
    const run = await db.prisma.run.findFirstOrThrow({ where: { flowId } });
    await runSteps(
      (await pendingStepIds(run.id)).map((step) => step.id),
      "3",
      { database: db.pool, handlers, now: () => now },
    );
    const next = await db.prisma.step.findFirstOrThrow({ where: { runId: run.id, nodeId: "after" } });
    expect(next.scheduledFor?.toISOString()).toBe("2026-11-30T08:00:00.000Z");
  });
});

describe("flow filters and review", () => {
  it("exits a run whose profile no longer matches the flow filters before an action, with the reason", async () => {
    const metricId = await ensureMetric(workspaceId, "Filter Order");
    const filters = {
      match: "all" as const,
      groups: [
        {
          match: "all" as const,
          conditions: [
            {
              kind: "profile-property" as const,
              property: "subscribed",
              operator: "equals" as const,
              value: true,
            },
          ],
        },
      ],
    };
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId), webhook("hook")],
      settings: { filters },
    });
    const { eventId, profileId } = await storeEvent(metricId, "filtered@example.com");
    await db.prisma.profile.update({ where: { id: profileId }, data: { properties: { subscribed: true } } });
    await triggerEvents([eventId], { database: db.pool });
    const run = await db.prisma.run.findFirstOrThrow({ where: { flowId } });
    await db.prisma.profile.update({ where: { id: profileId }, data: { properties: { subscribed: false } } });
    await runSteps(
      (await pendingStepIds(run.id)).map((step) => step.id),
      "4",
      { database: db.pool, handlers },
    );
    const after = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { steps: true } });
    expect(after.status).toBe("exited");
    expect(after.exitReason).toContain("no longer matches the flow filters");
    expect(after.steps[0]!.status).toBe("skipped");
    expect(sent).not.toContain("filtered@example.com:hook");
  });

  it("does not start a run for a profile outside the flow filters", async () => {
    const metricId = await ensureMetric(workspaceId, "Outside Order");
    const filters = {
      match: "all" as const,
      groups: [
        {
          match: "all" as const,
          conditions: [
            {
              kind: "profile-property" as const,
              property: "email",
              operator: "contains" as const,
              value: "@vip.",
            },
          ],
        },
      ],
    };
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(metricId), webhook("hook")],
      settings: { filters },
    });
    const { eventId } = await storeEvent(metricId, "nobody@example.com");
    const started = await triggerEvents([eventId], { database: db.pool });
    expect(started.started).toBe(0);
    expect(await db.prisma.run.count({ where: { flowId } })).toBe(0);
  });

  it("holds each action of a manual flow for review (no job until approved)", async () => {
    const metricId = await ensureMetric(workspaceId, "Manual Order");
    const { flowId } = await publishTestFlow({
      workspaceId,
      status: "manual",
      nodes: [trigger(metricId), webhook("hook")],
    });
    const { eventId } = await storeEvent(metricId, "manual@example.com");
    await triggerEvents([eventId], { database: db.pool });
    const run = await db.prisma.run.findFirstOrThrow({ where: { flowId }, include: { steps: true } });
    expect(run.steps).toMatchObject([{ nodeId: "hook", status: "waiting", waitingReason: "review" }]);
    expect(run.status).toBe("waiting");
    const jobs = await db.pool.query(
      "select count(*) from graphile_worker._private_jobs where payload::text like $1",
      [`%${run.steps[0]!.id}%`],
    );
    expect(Number(jobs.rows[0].count)).toBe(0);
  });
});

describe("guards", () => {
  it("never starts flows from message-metric events, even for a flow forced into the database", async () => {
    const metricId = await ensureMetric(workspaceId, "Clicked Email", true);
    const ordinary = await ensureMetric(workspaceId, "Forced Ordinary");
    const { flowId, versionId } = await publishTestFlow({
      workspaceId,
      nodes: [trigger(ordinary), webhook("hook")],
    });
    // Forced: rewrite the published version and the flow's trigger to the message metric.
    await db.pool.query(
      `update flow_versions set graph = jsonb_set(graph::jsonb, '{nodes,0,config,metricId}', to_jsonb($1::text)) where id = $2`,
      [metricId, versionId],
    );
    await db.pool.query("update flows set trigger_ref = $1 where id = $2", [metricId, flowId]);
    const { eventId } = await storeEvent(metricId, "clicker@example.com");
    const result = await triggerEvents([eventId], { database: db.pool });
    expect(result.started).toBe(0);
    expect(await db.prisma.run.count({ where: { flowId } })).toBe(0);
  });

  it("stops a write-back chain deeper than the limit with a clear error on the run", async () => {
    const metricId = await ensureMetric(workspaceId, "Loop Event");
    const { flowId } = await publishTestFlow({ workspaceId, nodes: [trigger(metricId), webhook("hook")] });
    const { eventId } = await storeEvent(metricId, "loop@example.com", { depth: 6 });
    await triggerEvents([eventId], { database: db.pool, maxDepth: 5 });
    const run = await db.prisma.run.findFirstOrThrow({ where: { flowId }, include: { steps: true } });
    expect(run.status).toBe("failed");
    expect(run.error).toContain("chain of more than 5 code write-backs");
    expect(run.steps).toHaveLength(0);
  });

  it("starts nothing twice when the trigger job is retried", async () => {
    const metricId = await ensureMetric(workspaceId, "Twice Order");
    const { flowId } = await publishTestFlow({ workspaceId, nodes: [trigger(metricId), webhook("hook")] });
    const { eventId } = await storeEvent(metricId, "twice@example.com");
    await triggerEvents([eventId], { database: db.pool });
    await triggerEvents([eventId], { database: db.pool });
    expect(await db.prisma.run.count({ where: { flowId } })).toBe(1);
    expect(await db.prisma.step.count({ where: { run: { flowId } } })).toBe(1);
  });

  it("absorbs waiting trigger jobs into the running one, deleting them in the same transaction", async () => {
    const metricId = await ensureMetric(workspaceId, "Absorb Order");
    const { flowId } = await publishTestFlow({ workspaceId, nodes: [trigger(metricId), webhook("hook")] });
    const ids = [];
    for (const email of ["a1@example.com", "a2@example.com", "a3@example.com"]) {
      const { eventId } = await storeEvent(metricId, email);
      ids.push(eventId);
      await db.pool.query(
        "select graphile_worker.add_job('hookflow.trigger_events', json_build_object('eventIds', array[$1::uuid]))",
        [eventId],
      );
    }
    const result = await triggerEvents([], { database: db.pool, absorbJobs: 10 });
    expect(result.started).toBe(3);
    expect(await db.prisma.run.count({ where: { flowId } })).toBe(3);
    const left = await db.pool.query(
      "select count(*) from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'hookflow.trigger_events' and j.payload::text like any($1)",
      [ids.map((id) => `%${id}%`)],
    );
    expect(Number(left.rows[0].count)).toBe(0);
  });

  it("re-claims its own steps when a job is retried after a failed commit, and no other job can take them", async () => {
    const metricId = await ensureMetric(workspaceId, "Claim Order");
    const { flowId } = await publishTestFlow({ workspaceId, nodes: [trigger(metricId), webhook("hook")] });
    const { eventId } = await storeEvent(metricId, "claim@example.com");
    await triggerEvents([eventId], { database: db.pool });
    const run = await db.prisma.run.findFirstOrThrow({ where: { flowId }, include: { steps: true } });
    const stepId = run.steps[0]!.id;
    // Job 77 claimed the step and died before committing.
    await db.pool.query(
      "update steps set status = 'running', claim_job = 77, lease_until = now() + interval '5 minutes' where id = $1",
      [stepId],
    );
    expect(await runSteps([stepId], "78", { database: db.pool, handlers })).toBe(0);
    expect(await runSteps([stepId], "77", { database: db.pool, handlers })).toBe(1);
    expect(await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "completed",
    });
  });
});
