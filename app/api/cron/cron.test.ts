import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/cron/route";
import { POST as postEventRoute } from "@/app/api/events/route";
import { apiRequest, callRoute, createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();
const SECRET = "cron-secret-for-tests-0123456789";
process.env.CRON_SECRET = SECRET;

const cronRequest = (authorization?: string, query = "") =>
  new Request(`http://hookflow.test/api/cron${query}`, { headers: authorization ? { authorization } : {} });

describe("/api/cron", () => {
  it("refuses a missing or wrong secret with 401 and does nothing", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${SECRET}x`, SECRET]) {
      const response = await GET(cronRequest(authorization));
      expect(response.status).toBe(401);
    }
  });

  it("refuses an out-of-range budget with 400 naming the parameter", async () => {
    const response = await GET(cronRequest(`Bearer ${SECRET}`, "?budget_ms=999999"));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("budget_ms");
  });

  it("processes due jobs within its budget and reports what it did; a repeat finds nothing to do", async () => {
    const metricId = await ensureMetric(fixture.workspaceId, "Cron Order");
    const { flowId } = await publishTestFlow({
      workspaceId: fixture.workspaceId,
      nodes: [
        {
          id: "trigger",
          type: "metric-trigger",
          position: { x: 0, y: 0 },
          config: { metricId, filters: { match: "all", groups: [] } },
        },
        {
          id: "split",
          type: "split",
          position: { x: 0, y: 0 },
          config: {
            conditions: {
              match: "all",
              groups: [
                {
                  match: "all",
                  conditions: [{ kind: "profile-property", property: "email", operator: "exists" }],
                },
              ],
            },
          },
        },
        {
          id: "wait",
          type: "delay",
          position: { x: 0, y: 0 },
          config: { mode: "duration", amount: 1, unit: "days" },
        },
        {
          id: "wait2",
          type: "delay",
          position: { x: 0, y: 0 },
          config: { mode: "duration", amount: 2, unit: "days" },
        },
      ],
      edges: [
        { id: "a", source: "trigger", sourceHandle: null, target: "split" },
        { id: "b", source: "split", sourceHandle: "yes", target: "wait" },
        { id: "c", source: "split", sourceHandle: "no", target: "wait2" },
      ],
    });
    const event = eventDocument({ metric: "Cron Order", profile: { email: "cron@example.com" } });
    expect(
      (await callRoute(postEventRoute, apiRequest("/api/events", { key: fixture.fullKey, body: event })))
        .status,
    ).toBe(202);

    const response = await POST(
      new Request("http://hookflow.test/api/cron?budget_ms=10000", {
        method: "POST",
        headers: { authorization: `Bearer ${SECRET}` },
      }),
    );
    expect(response.status).toBe(200);
    const { data } = await response.json();
    // One trigger_events job: it runs the split and the delay itself (claimed continuation).
    expect(data.jobs).toEqual({ succeeded: 1, failed: 0 });
    expect(data.durationMs).toBeLessThan(10_000);
    const run = await db.prisma.run.findFirstOrThrow({
      where: { flowId },
      include: { steps: { orderBy: { id: "asc" } } },
    });
    expect(run.steps.map((step) => `${step.nodeId}:${step.status}`)).toEqual([
      "split:completed",
      "wait:completed",
    ]);

    const again = await (await GET(cronRequest(`Bearer ${SECRET}`, "?budget_ms=2000"))).json();
    expect(again.data.jobs).toEqual({ succeeded: 0, failed: 0 });
  });
});
