import { describe, expect, it } from "vitest";
import { GET as getMetric } from "@/app/api/metrics/[id]/route";
import { GET as getMetrics } from "@/app/api/metrics/route";
import { apiRequest, callRoute, createApiFixture } from "@/lib/api/testing/api-fixtures";
import { documentOf, errorsOf } from "@/lib/api/testing/json-api-assertions";
import { MESSAGE_METRICS } from "@/lib/metrics/message-metrics";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();
const other = await createApiFixture("Other");

type TCollection = {
  data: { id: string; type: string; attributes: Record<string, unknown> }[];
  links: { next?: string };
};

describe("GET /api/metrics", () => {
  it("lists the workspace's metrics shaped like Klaviyo's", async () => {
    await db.prisma.metric.create({
      data: { id: crypto.randomUUID(), workspaceId: fixture.workspaceId, name: "Placed Order" },
    });
    await db.prisma.metric.create({
      data: { id: crypto.randomUUID(), workspaceId: other.workspaceId, name: "Theirs" },
    });
    const page = await documentOf<TCollection>(
      await callRoute(getMetrics, apiRequest("/api/metrics", { key: fixture.fullKey })),
    );
    const names = page.data.map((metric) => metric.attributes.name);
    expect(names).toEqual(expect.arrayContaining([...MESSAGE_METRICS, "Placed Order"]));
    expect(names).not.toContain("Theirs");
    expect(page.data[0]).toMatchObject({
      type: "metric",
      attributes: { created: expect.any(String), updated: expect.any(String) },
    });
    expect(page.links.next).toBeUndefined();
  });

  it("pages by 200 with links.next", async () => {
    await db.prisma.metric.createMany({
      data: Array.from({ length: 250 }, (_, index) => ({
        id: crypto.randomUUID(),
        workspaceId: other.workspaceId,
        name: `M${index}`,
      })),
    });
    const first = await documentOf<TCollection>(
      await callRoute(getMetrics, apiRequest("/api/metrics", { key: other.fullKey })),
    );
    expect(first.data).toHaveLength(200);
    const second = await documentOf<TCollection>(
      await callRoute(
        getMetrics,
        apiRequest(first.links.next!.replace("http://hookflow.test", ""), { key: other.fullKey }),
      ),
    );
    expect(first.data.length + second.data.length).toBe(250 + 1 + MESSAGE_METRICS.length);
    expect(new Set([...first.data, ...second.data].map((metric) => metric.id)).size).toBe(
      first.data.length + second.data.length,
    );
  });

  it("GET /api/metrics/{id}, 404 for another workspace's", async () => {
    const metric = await db.prisma.metric.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, name: "Placed Order" },
    });
    const found = await callRoute(
      getMetric,
      apiRequest(`/api/metrics/${metric.id}`, { key: fixture.fullKey }),
      { id: metric.id },
    );
    expect((await documentOf<{ data: { id: string } }>(found)).data.id).toBe(metric.id);
    const foreign = await callRoute(
      getMetric,
      apiRequest(`/api/metrics/${metric.id}`, { key: other.fullKey }),
      { id: metric.id },
    );
    expect(foreign.status).toBe(404);
  });

  it("400 for a filter (Klaviyo's integration filters do not apply), 403 for an ingest key", async () => {
    const filtered = await callRoute(
      getMetrics,
      apiRequest(`/api/metrics?filter=${encodeURIComponent('equals(integration.name,"Shopify")')}`, {
        key: fixture.fullKey,
      }),
    );
    expect(filtered.status).toBe(400);
    expect((await errorsOf(filtered))[0]?.source).toEqual({ parameter: "filter" });
    expect((await callRoute(getMetrics, apiRequest("/api/metrics", { key: fixture.ingestKey }))).status).toBe(
      403,
    );
  });
});
