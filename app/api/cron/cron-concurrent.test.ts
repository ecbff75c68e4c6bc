import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/cron/route";
import { POST as postEventRoute } from "@/app/api/events/route";
import { apiRequest, callRoute, createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { ZDateTriggerConfig } from "@/lib/flows/graph-schema";
import { createTestDatabase } from "@/test/database";

// Issue 4: /api/cron is "safe to call concurrently and repeatedly". Three ticks at once over the
// same due jobs and the same date flow: each job is processed by one tick, each run starts once,
// each step runs once, and a later tick finds nothing left.

const db = await createTestDatabase();
const fixture = await createApiFixture("Cron concurrency");
const SECRET = "cron-secret-for-concurrency-0123456789";
process.env.CRON_SECRET = SECRET;
const EVENTS = 12;
const TICKS = 3;

const tick = (index: number) =>
  (index % 2 === 0 ? GET : POST)(
    new Request("http://hookflow.test/api/cron?budget_ms=20000", {
      method: index % 2 === 0 ? "GET" : "POST",
      headers: { authorization: `Bearer ${SECRET}` },
    }),
  );

async function publishFlows() {
  const metricId = await ensureMetric(fixture.workspaceId, "Cron Race");
  const wait = {
    id: "wait",
    type: "delay" as const,
    position: { x: 0, y: 0 },
    config: { mode: "duration" as const, amount: 1, unit: "days" as const },
  };
  const metricFlow = await publishTestFlow({
    workspaceId: fixture.workspaceId,
    name: "Metric flow",
    nodes: [
      {
        id: "trigger",
        type: "metric-trigger",
        position: { x: 0, y: 0 },
        config: { metricId, filters: NO_CONDITIONS },
      },
      wait,
    ],
  });
  const dateFlow = await publishTestFlow({
    workspaceId: fixture.workspaceId,
    name: "Date flow",
    nodes: [
      {
        id: "trigger",
        type: "date-trigger",
        position: { x: 0, y: 0 },
        config: ZDateTriggerConfig.parse({ property: "joined", timezone: { mode: "fixed", zone: "UTC" } }),
      },
      wait,
    ],
  });
  return { metricFlowId: metricFlow.flowId, dateFlowId: dateFlow.flowId };
}

describe("/api/cron called concurrently", () => {
  it("processes each due job once, starts each date occurrence once, runs each step once", async () => {
    const { metricFlowId, dateFlowId } = await publishFlows();
    // Date profiles: the anniversary was yesterday (caught up now) or is today.
    const day = 86_400_000;
    for (const [index, offset] of [-day, -day, 0, 0].entries()) {
      const anniversary = new Date(Date.now() + offset);
      anniversary.setUTCFullYear(2000);
      await db.prisma.profile.create({
        data: {
          workspaceId: fixture.workspaceId,
          email: `date${index}@example.com`,
          properties: { joined: anniversary.toISOString().slice(0, 10) },
        },
      });
    }
    for (let index = 0; index < EVENTS; index++) {
      const event = eventDocument({ metric: "Cron Race", profile: { email: `race${index}@example.com` } });
      const response = await callRoute(
        postEventRoute,
        apiRequest("/api/events", { key: fixture.fullKey, body: event }),
      );
      expect(response.status).toBe(202);
    }

    const answers = await Promise.all(Array.from({ length: TICKS }, (_, index) => tick(index)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(TICKS).fill(200));
    const results = await Promise.all(answers.map(async (answer) => (await answer.json()).data));
    const sum = (pick: (result: (typeof results)[number]) => number) =>
      results.reduce((total, result) => total + pick(result), 0);
    expect(sum((result) => result.jobs.failed)).toBe(0);
    expect(results.every((result) => !("error" in result.dates))).toBe(true);

    // Every event ran its flow once, each step once (one attempt), nothing left to do.
    const metricRuns = await db.prisma.run.findMany({
      where: { flowId: metricFlowId },
      include: { steps: { orderBy: { id: "asc" } } },
    });
    expect(metricRuns).toHaveLength(EVENTS);
    for (const run of metricRuns) {
      expect(run.steps.map((step) => `${step.nodeId}:${step.status}:${step.attempts}`)).toEqual([
        "wait:completed:1",
      ]);
    }
    // The date flow: one run per profile whose anniversary fell in the window, each counted by
    // exactly one of the ticks.
    const dateRuns = await db.prisma.run.count({ where: { flowId: dateFlowId } });
    expect(dateRuns).toBeGreaterThanOrEqual(2);
    expect(sum((result) => result.dates.started)).toBe(dateRuns);
    // Nothing that was due is left: the ticks shared the jobs (trigger jobs absorb waiting ones).
    const due = await db.pool.query<{ n: number }>(
      "select count(*)::int as n from graphile_worker._private_jobs where run_at <= now()",
    );
    expect(due.rows[0]!.n).toBe(0);

    const again = await (await tick(0)).json();
    expect(again.data.dates.started).toBe(0);
    expect(await db.prisma.run.count({ where: { flowId: dateFlowId } })).toBe(dateRuns);
  }, 60_000);
});
