import pg from "pg";
import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { runClaimedSteps } from "@/lib/engine/run-steps";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { triggerEvents } from "@/lib/engine/trigger-events";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture();

const seen: { nodeId: string; email: string | null; key: string }[] = [];
const handlers: TStepHandlers = {
  ...STEP_HANDLERS,
  webhook: {
    type: "webhook",
    maxAttempts: 1,
    timeoutMs: 1_000,
    async execute(context) {
      seen.push({ nodeId: context.node.id, email: context.profile.email, key: context.step.idempotencyKey });
      return { output: { node: context.node.id } };
    },
  },
};
const webhook = (id: string) => ({
  id,
  type: "webhook" as const,
  position: { x: 0, y: 0 },
  config: { url: "http://127.0.0.1:1/x", headers: [], body: "{}" },
});

/** Round trips (client.query calls) made while `work` runs, PREPAREs apart. */
async function countQueries(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string })?.text;
    if (!text?.startsWith("prepare ")) sent.push(text ?? "");
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}

describe("a round's commit", () => {
  it("is one round trip that also reads the next round's batch: a two-step run costs two round trips after its trigger", async () => {
    const metricId = await ensureMetric(workspaceId, "Round Trip Order");
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [
        {
          id: "trigger",
          type: "metric-trigger",
          position: { x: 0, y: 0 },
          config: { metricId, filters: { match: "all", groups: [] } },
        },
        webhook("first"),
        webhook("second"),
      ],
    });
    const profile = await db.prisma.profile.create({ data: { workspaceId, email: "trip@example.com" } });
    const event = await db.pool.query<{ id: string }>(
      `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id)
       values (uuidv7(), $1, $2, $3, '{}', now(), 'trip-1') returning id`,
      [workspaceId, metricId, profile.id],
    );
    const started = await triggerEvents([event.rows[0]!.id], {
      database: db.pool,
      claim: { jobId: "901", leaseMs: 60_000 },
    });
    expect(started.claimed).toHaveLength(1);

    const sent = await countQueries(() =>
      runClaimedSteps(started.claimed, "901", { database: db.pool, handlers }),
    );

    // Round 1 had its batch from the trigger job; round 2 from round 1's commit.
    expect(sent).toHaveLength(2);
    expect(sent.every((text) => /^begin;[\s\S]*commit$/.test(text))).toBe(true);
    const run = await db.prisma.run.findFirstOrThrow({ where: { flowId } });
    expect(run.status).toBe("completed");
    expect(run.endedAt).not.toBeNull();
    const steps = await db.prisma.step.findMany({ where: { runId: run.id }, orderBy: { id: "asc" } });
    expect(steps.map((step) => [step.nodeId, step.status, step.claimJob, step.output])).toEqual([
      ["first", "completed", null, { node: "first" }],
      ["second", "completed", null, { node: "second" }],
    ]);
    expect(seen.filter((entry) => entry.key.startsWith(run.id))).toEqual([
      { nodeId: "first", email: "trip@example.com", key: `${run.id}:first:0` },
      { nodeId: "second", email: "trip@example.com", key: `${run.id}:second:0` },
    ]);
  });
});
