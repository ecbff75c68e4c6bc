import { beforeAll, describe, expect, it } from "vitest";
import { GET as getEvent } from "@/app/api/events/[id]/route";
import { GET as getEvents, POST as postEvent } from "@/app/api/events/route";
import { apiRequest, callRoute, createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { documentOf, errorsOf } from "@/lib/api/testing/json-api-assertions";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();
const other = await createApiFixture("Other");

type TEvent = {
  type: string;
  id: string;
  attributes: {
    timestamp: number;
    datetime: string;
    uuid: string;
    event_properties: Record<string, unknown>;
  };
  relationships: { profile: { data: { id: string } }; metric: { data: { id: string } } };
};
type TCollection = {
  data: TEvent[];
  links: { self: string; next?: string };
  included?: { type: string; id: string }[];
};

const get = (query: string, key = fixture.fullKey) =>
  callRoute(getEvents, apiRequest(`/api/events${query}`, { key }));
const filter = (expression: string) => `filter=${encodeURIComponent(expression)}`;

let orderedId = "";
let adaId = "";
beforeAll(async () => {
  const send = (
    metric: string,
    email: string,
    hour: number,
    extra: Partial<Parameters<typeof eventDocument>[0]> = {},
  ) =>
    callRoute(
      postEvent,
      apiRequest("/api/events", {
        key: fixture.ingestKey,
        body: eventDocument({
          metric,
          profile: { email },
          time: `2026-03-01T${String(hour).padStart(2, "0")}:00:00Z`,
          ...extra,
        }),
      }),
    );
  await send("Ordered", "ada@example.com", 1, {
    value: 12.5,
    valueCurrency: "USD",
    uniqueId: "o-1",
    properties: { sku: "A" },
  });
  await send("Ordered", "bob@example.com", 2);
  await send("Viewed", "ada@example.com", 3);
  await send("Viewed", "ada@example.com", 4);
  await send("Ordered", "ada@example.com", 5);
  orderedId = (
    await db.prisma.metric.findFirstOrThrow({ where: { workspaceId: fixture.workspaceId, name: "Ordered" } })
  ).id;
  adaId = (
    await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, email: "ada@example.com" },
    })
  ).id;
});

describe("GET /api/events", () => {
  it("lists newest first, shaped like Klaviyo's events", async () => {
    const page = await documentOf<TCollection>(await get(""));
    expect(page.data.map((event) => event.attributes.datetime)).toEqual(
      [5, 4, 3, 2, 1].map((hour) => `2026-03-01T0${hour}:00:00.000Z`),
    );
    const oldest = page.data.at(-1)!;
    expect(oldest).toMatchObject({
      type: "event",
      attributes: {
        timestamp: Date.UTC(2026, 2, 1, 1) / 1000,
        uuid: oldest.id,
        event_properties: { sku: "A", $event_id: "o-1", $value: 12.5, $value_currency: "USD" },
      },
      relationships: {
        profile: { data: { type: "profile", id: adaId } },
        metric: { data: { type: "metric", id: orderedId } },
      },
    });
  });

  it("filters by equals(metric_id) and equals(profile_id), together too", async () => {
    const byMetric = await documentOf<TCollection>(
      await get(`?${filter(`equals(metric_id,"${orderedId}")`)}`),
    );
    expect(byMetric.data).toHaveLength(3);
    const byProfile = await documentOf<TCollection>(await get(`?${filter(`equals(profile_id,"${adaId}")`)}`));
    expect(byProfile.data).toHaveLength(4);
    const both = await documentOf<TCollection>(
      await get(`?${filter(`equals(metric_id,"${orderedId}"),equals(profile_id,"${adaId}")`)}`),
    );
    expect(both.data.map((event) => event.attributes.datetime)).toEqual([
      "2026-03-01T05:00:00.000Z",
      "2026-03-01T01:00:00.000Z",
    ]);
    const unknown = await documentOf<TCollection>(
      await get(`?${filter('equals(metric_id,"klaviyo-style-id")')}`),
    );
    expect(unknown.data).toEqual([]);
  });

  it("filters by datetime", async () => {
    const page = await documentOf<TCollection>(
      await get(
        `?${filter("greater-or-equal(datetime,2026-03-01T03:00:00Z),less-than(datetime,2026-03-01T05:00:00Z)")}`,
      ),
    );
    expect(page.data.map((event) => event.attributes.datetime)).toEqual([
      "2026-03-01T04:00:00.000Z",
      "2026-03-01T03:00:00.000Z",
    ]);
  });

  it("paginates with page[size] and links.next, without gaps or repeats", async () => {
    const seen: string[] = [];
    let path: string | undefined = "/api/events?page[size]=2";
    let pages = 0;
    while (path) {
      const page: TCollection = await documentOf<TCollection>(
        await callRoute(getEvents, apiRequest(path, { key: fixture.fullKey })),
      );
      seen.push(...page.data.map((event) => event.id));
      path = page.links.next?.replace("http://hookflow.test", "");
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it("includes metrics and profiles on request", async () => {
    const page = await documentOf<TCollection>(await get("?include=metric,profile"));
    expect(page.included?.map((resource) => resource.type).sort()).toEqual([
      "metric",
      "metric",
      "profile",
      "profile",
    ]);
  });

  it("GET /api/events/{id}, 404 for another workspace's", async () => {
    const [latest] = (await documentOf<TCollection>(await get("?page[size]=1"))).data;
    const found = await callRoute(
      getEvent,
      apiRequest(`/api/events/${latest!.id}`, { key: fixture.fullKey }),
      { id: latest!.id },
    );
    expect((await documentOf<{ data: TEvent }>(found)).data.id).toBe(latest!.id);
    const foreign = await callRoute(
      getEvent,
      apiRequest(`/api/events/${latest!.id}`, { key: other.fullKey }),
      { id: latest!.id },
    );
    expect(foreign.status).toBe(404);
  });

  it("never shows another workspace's events", async () => {
    expect((await documentOf<TCollection>(await get("", other.fullKey))).data).toEqual([]);
  });

  it("400 for unsupported filters, sorts and includes; 403 for an ingest key", async () => {
    for (const [query, parameter] of [
      [`?${filter('equals(email,"x")')}`, "filter"],
      ["?sort=datetime", "sort"],
      ["?include=attributions", "include"],
      ["?page[size]=0", "page[size]"],
      ["?page[cursor]=nope", "page[cursor]"],
    ] as const) {
      const response = await get(query);
      expect(response.status).toBe(400);
      expect((await errorsOf(response))[0]?.source).toEqual({ parameter });
    }
    expect((await get("", fixture.ingestKey)).status).toBe(403);
  });
});
