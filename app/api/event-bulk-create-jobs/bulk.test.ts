import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/event-bulk-create-jobs/route";
import { BULK_BODY_LIMIT_BYTES } from "@/lib/api/read-json-body";
import { apiRequest, callRoute, createApiFixture } from "@/lib/api/testing/api-fixtures";
import { errorsOf } from "@/lib/api/testing/json-api-assertions";
import { deleteMetric } from "@/lib/metrics/delete-metric";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();

// Events have no Prisma relation to their metric (no foreign key: prisma/schema/).
const metricIdOf = async (name: string) =>
  (await db.prisma.metric.findFirstOrThrow({ where: { workspaceId: fixture.workspaceId, name } })).id;

type TEntry = {
  profile: Record<string, unknown>;
  profileId?: string;
  events: { metric: string; uniqueId?: string; properties?: Record<string, unknown> }[];
};

function bulkDocument(entries: TEntry[]) {
  return {
    data: {
      type: "event-bulk-create-job",
      attributes: {
        "events-bulk-create": {
          data: entries.map((entry) => ({
            type: "event-bulk-create",
            attributes: {
              profile: {
                data: {
                  type: "profile",
                  ...(entry.profileId ? { id: entry.profileId } : {}),
                  attributes: entry.profile,
                },
              },
              events: {
                data: entry.events.map((event) => ({
                  type: "event",
                  attributes: {
                    properties: event.properties ?? {},
                    metric: { data: { type: "metric", attributes: { name: event.metric } } },
                    ...(event.uniqueId ? { unique_id: event.uniqueId } : {}),
                  },
                })),
              },
            },
          })),
        },
      },
    },
  };
}

const postBulk = (body: unknown, key = fixture.ingestKey) =>
  callRoute(POST, apiRequest("/api/event-bulk-create-jobs", { key, body }));

describe("POST /api/event-bulk-create-jobs", () => {
  it("stores every profile and event, then answers 202 with no body", async () => {
    const response = await postBulk(
      bulkDocument([
        {
          profile: { email: "bulk1@example.com", properties: { tier: "gold" } },
          events: [
            { metric: "Ordered Product", uniqueId: "b1-1", properties: { sku: "A" } },
            { metric: "Ordered Product", uniqueId: "b1-2", properties: { sku: "B" } },
            { metric: "Placed Order", uniqueId: "b1-3" },
          ],
        },
        { profile: { phone_number: "+15005550007" }, events: [{ metric: "Placed Order", uniqueId: "b2-1" }] },
      ]),
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    const events = await db.prisma.event.findMany({
      where: { workspaceId: fixture.workspaceId },
      include: { profile: true },
      orderBy: { uniqueId: "asc" },
    });
    const metricNames = new Map(
      (await db.prisma.metric.findMany({ where: { workspaceId: fixture.workspaceId } })).map((metric) => [
        metric.id,
        metric.name,
      ]),
    );
    expect(
      events.map((event) => [
        event.uniqueId,
        metricNames.get(event.metricId),
        event.profile.email ?? event.profile.phoneNumber,
      ]),
    ).toEqual([
      ["b1-1", "Ordered Product", "bulk1@example.com"],
      ["b1-2", "Ordered Product", "bulk1@example.com"],
      ["b1-3", "Placed Order", "bulk1@example.com"],
      ["b2-1", "Placed Order", "+15005550007"],
    ]);
    expect(events[0]?.profile.properties).toEqual({ tier: "gold" });
  });

  it("is idempotent on unique_id across requests", async () => {
    const document = bulkDocument([
      { profile: { email: "again@example.com" }, events: [{ metric: "Again", uniqueId: "again-1" }] },
    ]);
    expect((await postBulk(document)).status).toBe(202);
    expect((await postBulk(document)).status).toBe(202);
    expect(
      await db.prisma.event.count({ where: { workspaceId: fixture.workspaceId, uniqueId: "again-1" } }),
    ).toBe(1);
  });

  it("takes 1,000 events in one request", async () => {
    const entries: TEntry[] = Array.from({ length: 100 }, (_, profile) => ({
      profile: { external_id: `bulk-${profile}`, properties: { n: profile } },
      events: Array.from({ length: 10 }, (_, event) => ({
        metric: "Thousand",
        uniqueId: `t-${profile}-${event}`,
      })),
    }));
    expect((await postBulk(bulkDocument(entries))).status).toBe(202);
    expect(
      await db.prisma.event.count({
        where: { workspaceId: fixture.workspaceId, metricId: await metricIdOf("Thousand") },
      }),
    ).toBe(1000);
  });

  it("400 for more than 1,000 events, pointing at the list, and stores nothing", async () => {
    const entries: TEntry[] = [
      {
        profile: { email: "many@example.com" },
        events: Array.from({ length: 1001 }, (_, i) => ({ metric: "TooMany", uniqueId: `m-${i}` })),
      },
    ];
    const response = await postBulk(bulkDocument(entries));
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[0]?.source?.pointer).toBe("/data/attributes/events-bulk-create/data");
    expect(await db.prisma.metric.count({ where: { name: "TooMany" } })).toBe(0);
  });

  it("is all or nothing: an unknown profile id fails the request (404, pointer) and stores nothing", async () => {
    const response = await postBulk(
      bulkDocument([
        { profile: { email: "atomic@example.com" }, events: [{ metric: "Atomic", uniqueId: "at-1" }] },
        {
          profile: {},
          profileId: "0190aaaa-0000-7000-8000-00000000beef",
          events: [{ metric: "Atomic", uniqueId: "at-2" }],
        },
      ]),
    );
    expect(response.status).toBe(404);
    expect((await errorsOf(response))[0]?.source?.pointer).toBe(
      "/data/attributes/events-bulk-create/data/1/attributes/profile/data/id",
    );
    expect(await db.prisma.profile.count({ where: { email: "atomic@example.com" } })).toBe(0);
    expect(await db.prisma.metric.count({ where: { name: "Atomic" } })).toBe(0);
  });

  it("400 with the entry's pointer when a profile has no identifier", async () => {
    const response = await postBulk(
      bulkDocument([{ profile: { first_name: "Anon" }, events: [{ metric: "X" }] }]),
    );
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[0]?.source?.pointer).toBe(
      "/data/attributes/events-bulk-create/data/0/attributes/profile/data/attributes",
    );
  });

  it("413 over 5 MiB", async () => {
    const blob = "x".repeat(BULK_BODY_LIMIT_BYTES);
    const response = await postBulk(
      bulkDocument([
        { profile: { email: "huge@example.com" }, events: [{ metric: "Huge", properties: { blob } }] },
      ]),
    );
    expect(response.status).toBe(413);
  });

  it("401 for a revoked key", async () => {
    const response = await postBulk(
      bulkDocument([{ profile: { email: "r@example.com" }, events: [{ metric: "R" }] }]),
      fixture.revokedKey,
    );
    expect(response.status).toBe(401);
  });

  // Events travel to PostgreSQL as array literals (write-profiles-and-events.ts): text with the
  // literal's metacharacters must arrive unchanged.
  it("stores unique_ids and properties containing quotes, backslashes, commas and braces verbatim", async () => {
    const uniqueIds = ["a,b", "{x}", 'q"uote', "back\\slash", "NULL", " spaced ", "ünï-ç😀", '\\"{,}'];
    const properties = { text: 'say "hi", {ok}\\ [1,2]', nested: { list: ["a,b", null, 'c"d'] } };
    const response = await postBulk(
      bulkDocument([
        {
          profile: { email: "meta@example.com" },
          events: uniqueIds.map((uniqueId) => ({ metric: "Meta", uniqueId, properties })),
        },
      ]),
    );
    expect(response.status).toBe(202);
    const events = await db.prisma.event.findMany({
      where: { workspaceId: fixture.workspaceId, metricId: await metricIdOf("Meta") },
    });
    expect(events.map((event) => event.uniqueId).sort()).toEqual([...uniqueIds].sort());
    for (const event of events) expect(event.properties).toEqual(properties);
  });

  it("stores a unique_id repeated within one request once", async () => {
    const response = await postBulk(
      bulkDocument([
        {
          profile: { email: "twice@example.com" },
          events: [
            { metric: "Twice", uniqueId: "t-1", properties: { n: 1 } },
            { metric: "Twice", uniqueId: "t-1", properties: { n: 2 } },
            { metric: "Twice", uniqueId: "t-2" },
          ],
        },
      ]),
    );
    expect(response.status).toBe(202);
    expect(
      await db.prisma.event.count({
        where: { workspaceId: fixture.workspaceId, metricId: await metricIdOf("Twice") },
      }),
    ).toBe(2);
  });

  // events has no foreign key to metrics: the write statement checks (and locks) the batch's
  // metrics instead, so a metric deleted after this process cached its id is not written to.
  it("after a cached metric is deleted, stores new events under a new metric, none dangling", async () => {
    const body = (uniqueId: string) =>
      bulkDocument([{ profile: { email: "gone@example.com" }, events: [{ metric: "Gone", uniqueId }] }]);
    expect((await postBulk(body("g-1"))).status).toBe(202);
    const first = await metricIdOf("Gone");
    expect(await deleteMetric({ workspaceId: fixture.workspaceId, metricId: first }, db.prisma)).toBe(1);
    expect((await postBulk(body("g-2"))).status).toBe(202);
    const second = await metricIdOf("Gone");
    expect(second).not.toBe(first);
    const events = await db.prisma.event.findMany({
      where: { workspaceId: fixture.workspaceId, uniqueId: { startsWith: "g-" } },
    });
    expect(events.map((event) => [event.uniqueId, event.metricId])).toEqual([["g-2", second]]);
    const dangling = await db.pool.query(
      "select count(*)::int as n from events e where not exists (select 1 from metrics m where m.id = e.metric_id)",
    );
    expect(dangling.rows[0].n).toBe(0);
  });
});
