import type { JobHelpers } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { eventRunId } from "@/lib/engine/event-run-id";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { insertEventRuns } from "@/lib/engine/start-event-runs";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { triggerEvents } from "@/lib/engine/trigger-events";
import { engineTaskList } from "@/lib/engine/worker";
import { isUuid, uuidv7, uuidv7Time } from "@/lib/ids/uuid-v7";
import { createTestDatabase } from "@/test/database";

// The trigger job's read (loadTriggerBatch) and its one self-committing write (insertEventRuns),
// around the cases where the two are apart in time: another worker taking an absorbed job in
// between, and a retried job whose failed attempt had already committed its runs.

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
      sent.push(context.profile.email ?? "?");
      return { output: { ok: true } };
    },
  },
};

async function publishFlow(metricName: string) {
  const metricId = await ensureMetric(workspaceId, metricName);
  const { flowId } = await publishTestFlow({
    workspaceId,
    nodes: [
      {
        id: "trigger",
        type: "metric-trigger",
        position: { x: 0, y: 0 },
        config: { metricId, filters: { match: "all", groups: [] } },
      },
      {
        id: "hook",
        type: "webhook",
        position: { x: 0, y: 0 },
        config: { url: "http://127.0.0.1:1/x", headers: [], body: "{}" },
      },
    ],
  });
  return { metricId, flowId };
}

async function storeEvent(metricId: string, email: string) {
  const profile = await db.prisma.profile.create({ data: { workspaceId, email } });
  const rows = await db.pool.query<{ id: string }>(
    `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id)
     values (uuidv7(), $1, $2, $3, '{}', now(), $4) returning id`,
    [workspaceId, metricId, profile.id, email],
  );
  return { eventId: rows.rows[0]!.id, profileId: profile.id };
}

async function addTriggerJob(eventId: string): Promise<string> {
  const job = await db.pool.query<{ id: string }>(
    "select id from graphile_worker.add_job($1, json_build_object('eventIds', array[$2::uuid]))",
    [ENGINE_TASKS.triggerEvents, eventId],
  );
  return job.rows[0]!.id;
}

describe("trigger job", () => {
  it("on a retry, runs the steps its failed attempt claimed as well as those of jobs it absorbs now", async () => {
    const { metricId, flowId } = await publishFlow("Retry Order");
    const first = await storeEvent(metricId, "retry-first@example.com");
    // Attempt 1 of job 901 committed its run (the step claimed by 901), then died.
    await triggerEvents([first.eventId], { database: db.pool, claim: { jobId: "901", leaseMs: 60_000 } });
    const second = await storeEvent(metricId, "retry-second@example.com");
    await addTriggerJob(second.eventId);

    const task = engineTaskList({ database: db.pool, handlers })[ENGINE_TASKS.triggerEvents]!;
    await task({ eventIds: [first.eventId] }, { job: { id: "901", attempts: 2 } } as unknown as JobHelpers);

    const runs = await db.prisma.run.findMany({ where: { flowId }, select: { status: true } });
    expect(runs.map((run) => run.status)).toEqual(["completed", "completed"]);
    expect(sent.sort()).toEqual(["retry-first@example.com", "retry-second@example.com"]);
  });

  it("recreates a run lost with its unflushed write under the same ids and idempotency keys", async () => {
    const { metricId, flowId } = await publishFlow("Lost Order");
    const event = await storeEvent(metricId, "lost@example.com");
    const attempt = () =>
      triggerEvents([event.eventId], { database: db.pool, claim: { jobId: "905", leaseMs: 60_000 } });
    const keysOf = async () =>
      (
        await db.pool.query<{ run_id: string; idempotency_key: string }>(
          "select s.run_id, s.idempotency_key from steps s join runs r on r.id = s.run_id where r.flow_id = $1",
          [flowId],
        )
      ).rows;
    expect((await attempt()).started).toBe(1);
    const before = await keysOf();
    expect(before).toHaveLength(1);
    expect(before[0]!.run_id).toBe(eventRunId(flowId, event.eventId));
    // The trigger write commits without waiting for its WAL flush: a crash may lose it. Lost here
    // by hand; the retried job must recreate the same run and step keys (a webhook sent by the
    // first round is then sent again with the same webhook-id), not new ones.
    await db.pool.query("delete from steps where run_id = $1", [before[0]!.run_id]);
    await db.pool.query("delete from runs where id = $1", [before[0]!.run_id]);
    expect((await attempt()).started).toBe(1);
    expect(await keysOf()).toEqual(before);
    // And a retry that finds the run there creates nothing twice.
    expect((await attempt()).started).toBe(0);
    expect(await keysOf()).toEqual(before);
  });

  it("names an event's run in a flow by (flow, event): a UUIDv7 with the event's time", () => {
    // Written out: uuidv7(time) never goes back before ids this process already made (monotonic).
    const time = Date.parse("2026-11-30T06:00:00Z").toString(16).padStart(12, "0");
    const eventId = `${time.slice(0, 8)}-${time.slice(8)}-7abc-8def-0123456789ab`;
    const [flowA, flowB] = [uuidv7(), uuidv7()];
    const id = eventRunId(flowA, eventId);
    expect(isUuid(id) && id[14]).toBe("7");
    expect(uuidv7Time(id)).toBe(Date.parse("2026-11-30T06:00:00Z"));
    expect(eventRunId(flowA, eventId)).toBe(id);
    expect(eventRunId(flowB, eventId)).not.toBe(id);
    expect(eventRunId(flowA, uuidv7())).not.toBe(id);
  });

  it("without a claiming job, queues a run_steps job for the first steps it creates", async () => {
    const { metricId, flowId } = await publishFlow("Queued Order");
    const event = await storeEvent(metricId, "queued@example.com");
    const result = await triggerEvents([event.eventId], { database: db.pool });
    expect(result).toMatchObject({ started: 1, claimed: [] });
    const step = await db.prisma.step.findFirstOrThrow({ where: { run: { flowId } } });
    expect(step.status).toBe("scheduled");
    const jobs = await db.pool.query(
      `select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = $1 and j.payload::text like $2`,
      [ENGINE_TASKS.runSteps, `%${step.id}%`],
    );
    expect(jobs.rowCount).toBe(1);
  });

  it("leaves an absorbed job's events to the worker that locked the job after the read", async () => {
    const { metricId, flowId } = await publishFlow("Race Order");
    const event = await storeEvent(metricId, "race@example.com");
    const jobId = await addTriggerJob(event.eventId);
    const flow = await db.prisma.flow.findUniqueOrThrow({ where: { id: flowId } });
    // Read as waiting, then locked by another worker before this job's write.
    await db.pool.query(
      "update graphile_worker._private_jobs set locked_at = now(), locked_by = 'other', attempts = 1 where id = $1",
      [jobId],
    );
    const inserted = await insertEventRuns(db.pool, {
      runs: [
        {
          id: uuidv7(),
          workspace_id: workspaceId,
          flow_id: flowId,
          version_id: flow.liveVersionId!,
          profile_id: event.profileId,
          event_id: event.eventId,
          trigger_key: `event:${event.eventId}`,
          status: "running",
          error: null,
          job_id: jobId,
        },
      ],
      steps: [],
      jobIds: [jobId],
      now: new Date(),
      leaseMs: 60_000,
      functionIds: [],
    });
    expect(inserted.runIds).toEqual([]);
    expect(await db.prisma.run.count({ where: { flowId } })).toBe(0);
    const left = await db.pool.query("select 1 from graphile_worker._private_jobs where id = $1", [jobId]);
    expect(left.rowCount).toBe(1);
  });
});
