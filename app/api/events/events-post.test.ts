import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/events/route";
import { SINGLE_BODY_LIMIT_BYTES } from "@/lib/api/read-json-body";
import { apiRequest, callRoute, createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { errorsOf } from "@/lib/api/testing/json-api-assertions";
import { createDatabase } from "@/lib/db/prisma";
import { createEventBatcher } from "@/lib/ingestion/event-batcher";
import { ingestEvent } from "@/lib/ingestion/ingest-event";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();

// Events have no Prisma relation to their metric (no foreign key: prisma/schema/).
const metricIdOf = async (name: string) =>
  (await db.prisma.metric.findFirstOrThrow({ where: { workspaceId: fixture.workspaceId, name } })).id;

const postEvent = (body: unknown, key: string | null = fixture.ingestKey) =>
  callRoute(POST, apiRequest("/api/events", { key, body }));

describe("POST /api/events", () => {
  it("stores the event, creates metric and profile, and answers 202 with no body", async () => {
    const response = await postEvent(
      eventDocument({
        metric: "Placed Order",
        profile: {
          email: "Ada@Example.com",
          first_name: "Ada",
          location: { city: "London", timezone: "Europe/London" },
          properties: { plan: "pro" },
        },
        properties: { order_id: "A-1", items: 3 },
        time: "2026-07-01T10:00:00Z",
        value: 99.5,
        valueCurrency: "EUR",
        uniqueId: "order-A-1",
      }),
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");

    const event = await db.prisma.event.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, uniqueId: "order-A-1" },
      include: { profile: true },
    });
    expect(await db.prisma.metric.findUniqueOrThrow({ where: { id: event.metricId } })).toMatchObject({
      name: "Placed Order",
      isMessageMetric: false,
    });
    expect(event.properties).toEqual({ order_id: "A-1", items: 3 });
    expect(event.time.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(Number(event.value)).toBe(99.5);
    expect(event.valueCurrency).toBe("EUR");
    expect(event.profile).toMatchObject({
      email: "ada@example.com",
      firstName: "Ada",
      timezone: "Europe/London",
      location: { city: "London" },
      properties: { plan: "pro" },
    });
  });

  it("defaults time to now and unique_id to a generated id", async () => {
    const before = Date.now();
    const response = await postEvent(
      eventDocument({ metric: "Viewed Product", profile: { external_id: "ext-1" } }),
    );
    expect(response.status).toBe(202);
    const event = await db.prisma.event.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, profile: { externalId: "ext-1" } },
    });
    expect(event.time.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(event.time.getTime()).toBeLessThanOrEqual(Date.now());
    expect(event.uniqueId).toBe(event.id);
  });

  it("stores a repeated unique_id once and still answers 202", async () => {
    const document = eventDocument({
      metric: "Started Checkout",
      profile: { email: "dup@example.com" },
      uniqueId: "same",
    });
    expect((await postEvent(document)).status).toBe(202);
    expect((await postEvent(document)).status).toBe(202);
    const [first, second] = await Promise.all([postEvent(document), postEvent(document)]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(
      await db.prisma.event.count({ where: { workspaceId: fixture.workspaceId, uniqueId: "same" } }),
    ).toBe(1);
  });

  it("keeps the same unique_id apart for different metrics (Klaviyo's rule: per metric)", async () => {
    await postEvent(
      eventDocument({ metric: "Metric A", profile: { email: "u@example.com" }, uniqueId: "u-1" }),
    );
    await postEvent(
      eventDocument({ metric: "Metric B", profile: { email: "u@example.com" }, uniqueId: "u-1" }),
    );
    expect(
      await db.prisma.event.count({ where: { workspaceId: fixture.workspaceId, uniqueId: "u-1" } }),
    ).toBe(2);
  });

  it("merges profile properties shallowly, updates attributes, clears on null, unsets via meta", async () => {
    await postEvent(
      eventDocument({
        metric: "M",
        profile: { email: "merge@example.com", title: "Dr", properties: { a: 1, b: { x: 1 } } },
      }),
    );
    await postEvent(
      eventDocument({
        metric: "M",
        profile: { email: "merge@example.com", properties: { b: { y: 2 }, c: 3 } },
      }),
    );
    await postEvent(
      eventDocument({
        metric: "M",
        profile: { email: "merge@example.com", title: null, meta: { patch_properties: { unset: "c" } } },
      }),
    );
    const profile = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, email: "merge@example.com" },
    });
    expect(profile.properties).toEqual({ a: 1, b: { y: 2 } });
    expect(profile.title).toBeNull();
  });

  it("finds the profile by its id, and by external_id before email", async () => {
    await postEvent(
      eventDocument({ metric: "M", profile: { email: "byid@example.com", external_id: "x-byid" } }),
    );
    const profile = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, externalId: "x-byid" },
    });
    expect(
      (await postEvent(eventDocument({ metric: "M2", profile: {}, profileId: profile.id }))).status,
    ).toBe(202);
    // external_id wins: the email is changed on the matched profile (it belonged to no one else).
    await postEvent(
      eventDocument({ metric: "M3", profile: { external_id: "x-byid", email: "new-byid@example.com" } }),
    );
    const events = await db.prisma.event.findMany({ where: { profileId: profile.id } });
    expect(events).toHaveLength(3);
    expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } })).email).toBe(
      "new-byid@example.com",
    );
  });

  it("creates a message metric flagged as such", async () => {
    await db.prisma.metric.deleteMany({ where: { workspaceId: fixture.workspaceId, name: "Clicked SMS" } });
    await postEvent(eventDocument({ metric: "Clicked SMS", profile: { phone_number: "+1 (500) 555-0006" } }));
    const metric = await db.prisma.metric.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, name: "Clicked SMS" },
    });
    expect(metric.isMessageMetric).toBe(true);
    expect(
      await db.prisma.profile.count({
        where: { workspaceId: fixture.workspaceId, phoneNumber: "+15005550006" },
      }),
    ).toBe(1);
  });

  it("stores 200 concurrent events for a few profiles exactly once, merging every property", async () => {
    const emails = ["c0@example.com", "c1@example.com", "c2@example.com", "c3@example.com", "c4@example.com"];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        postEvent(
          eventDocument({
            metric: "Concurrent",
            profile: { email: emails[index % emails.length]!, properties: { [`k${index}`]: index } },
            uniqueId: `c-${index}`,
            properties: { index },
          }),
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(200).fill(202));
    expect(
      await db.prisma.event.count({
        where: { workspaceId: fixture.workspaceId, metricId: await metricIdOf("Concurrent") },
      }),
    ).toBe(200);
    const profiles = await db.prisma.profile.findMany({
      where: { workspaceId: fixture.workspaceId, email: { in: emails } },
    });
    expect(profiles).toHaveLength(5);
    for (const profile of profiles) {
      const slot = emails.indexOf(profile.email!);
      const expected = Object.fromEntries(
        Array.from({ length: 200 }, (_, index) => index)
          .filter((index) => index % 5 === slot)
          .map((index) => [`k${index}`, index]),
      );
      expect(profile.properties).toEqual(expected);
    }
  });
});

describe("concurrent writers (several transactions, several processes)", () => {
  async function expectMerged(metric: string, emails: string[], count: number) {
    expect(
      await db.prisma.event.count({
        where: { workspaceId: fixture.workspaceId, metricId: await metricIdOf(metric) },
      }),
    ).toBe(count);
    const profiles = await db.prisma.profile.findMany({
      where: { workspaceId: fixture.workspaceId, email: { in: emails } },
    });
    expect(profiles).toHaveLength(emails.length);
    for (const profile of profiles) {
      const slot = emails.indexOf(profile.email!);
      const keys = Array.from({ length: count }, (_, index) => index).filter(
        (index) => index % emails.length === slot,
      );
      expect(profile.properties).toEqual(Object.fromEntries(keys.map((index) => [`k${index}`, index])));
    }
  }

  const document = (metric: string, emails: string[], index: number) =>
    eventDocument({
      metric,
      profile: { email: emails[index % emails.length]!, properties: { [`k${index}`]: index } },
      uniqueId: `${metric}-${index}`,
    });

  it("merges across many small batches written by concurrent transactions", async () => {
    const holder = globalThis as { hookflowEventBatcher?: unknown };
    const original = holder.hookflowEventBatcher;
    holder.hookflowEventBatcher = createEventBatcher({ maxBatchSize: 7, maxConcurrentWrites: 3 });
    try {
      const emails = ["s0@example.com", "s1@example.com", "s2@example.com"];
      const responses = await Promise.all(
        Array.from({ length: 150 }, (_, index) => postEvent(document("Small", emails, index))),
      );
      expect(responses.every((response) => response.status === 202)).toBe(true);
      await expectMerged("Small", emails, 150);
    } finally {
      holder.hookflowEventBatcher = original;
    }
  });

  it("creates each new profile once when several processes race to create it", async () => {
    // One batcher per simulated process: each believes the profiles are new, inserts collide,
    // and the losers retry and merge into the winners' rows.
    const batchers = Array.from({ length: 4 }, () =>
      createEventBatcher({ maxBatchSize: 5, maxConcurrentWrites: 2 }),
    );
    const emails = ["r0@example.com", "r1@example.com", "r2@example.com", "r3@example.com"];
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, index) =>
        ingestEvent(
          { workspaceId: fixture.workspaceId, document: document("Race", emails, index) },
          batchers[index % 4],
        ),
      ),
    );
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    await expectMerged("Race", emails, 200);
  });
});

describe("POST /api/events errors", () => {
  const valid = eventDocument({ metric: "M", profile: { email: "e@example.com" } });

  it("401 without a key, with an unknown key, with a revoked key", async () => {
    for (const key of [null, "pk_unknown", fixture.revokedKey]) {
      const response = await postEvent(valid, key);
      expect(response.status).toBe(401);
      expect((await errorsOf(response))[0]?.code).toBe("not_authenticated");
    }
  });

  it("accepts `Authorization: Bearer <key>`", async () => {
    const request = apiRequest("/api/events", {
      body: valid,
      headers: { authorization: `Bearer ${fixture.fullKey}` },
    });
    expect((await callRoute(POST, request)).status).toBe(202);
  });

  it("400 parse_error for malformed JSON", async () => {
    const response = await callRoute(
      POST,
      apiRequest("/api/events", { key: fixture.ingestKey, rawBody: '{"data": ' }),
    );
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[0]).toMatchObject({ code: "parse_error", source: { pointer: "" } });
  });

  it("400 with a pointer to each wrongly typed field", async () => {
    const document = eventDocument({ metric: "M", profile: { email: "e@example.com" } });
    (document.data.attributes as Record<string, unknown>).value = "lots";
    (document.data.attributes as Record<string, unknown>).time = "yesterday";
    const response = await postEvent(document);
    expect(response.status).toBe(400);
    const pointers = (await errorsOf(response)).map((error) => error.source?.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/data/attributes/value", "/data/attributes/time"]));
  });

  it("400 naming an unknown attribute and a wrong resource type", async () => {
    const typo = structuredClone(valid) as { data: { type: string; attributes: Record<string, unknown> } };
    typo.data.attributes.uniqueId = "camelCase";
    const response = await postEvent(typo);
    expect((await errorsOf(response))[0]?.source?.pointer).toBe("/data/attributes/uniqueId");
    const wrongType = structuredClone(valid) as { data: { type: string } };
    wrongType.data.type = "profile";
    expect((await errorsOf(await postEvent(wrongType)))[0]?.source?.pointer).toBe("/data/type");
  });

  it("400 when the profile has no identifier, or an invalid email / phone / time zone", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ first_name: "Nobody" }, "/data/attributes/profile/data/attributes"],
      [{ email: "not-an-email" }, "/data/attributes/profile/data/attributes/email"],
      [{ phone_number: "555" }, "/data/attributes/profile/data/attributes/phone_number"],
      [
        { email: "tz@example.com", location: { timezone: "Mars/Olympus" } },
        "/data/attributes/profile/data/attributes/location/timezone",
      ],
    ];
    for (const [profile, pointer] of cases) {
      const response = await postEvent(eventDocument({ metric: "M", profile }));
      expect(response.status).toBe(400);
      expect((await errorsOf(response)).map((error) => error.source?.pointer)).toContain(pointer);
    }
  });

  it("400 for a NUL character, which PostgreSQL's jsonb cannot store", async () => {
    const response = await callRoute(
      POST,
      apiRequest("/api/events", {
        key: fixture.ingestKey,
        rawBody: JSON.stringify(
          eventDocument({
            metric: "M",
            profile: { email: "nul@example.com" },
            properties: { bad: "a\u0000b" },
          }),
        ),
      }),
    );
    expect(response.status).toBe(400);
  });

  it("404 for an unknown profile id, pointing at it", async () => {
    const response = await postEvent(
      eventDocument({ metric: "M", profile: {}, profileId: "0190aaaa-0000-7000-8000-000000000000" }),
    );
    expect(response.status).toBe(404);
    expect((await errorsOf(response))[0]?.source?.pointer).toBe("/data/attributes/profile/data/id");
  });

  it("413 for a body over the limit, declared or streamed", async () => {
    const big = eventDocument({
      metric: "M",
      profile: { email: "big@example.com" },
      properties: { blob: "x".repeat(SINGLE_BODY_LIMIT_BYTES) },
    });
    const response = await postEvent(big);
    expect(response.status).toBe(413);
    expect((await errorsOf(response))[0]?.code).toBe("request_too_large");
    // Without a Content-Length (chunked), the limit is enforced while reading.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        controller.close();
      },
    });
    const chunked = new Request("http://hookflow.test/api/events", {
      method: "POST",
      headers: { authorization: `Klaviyo-API-Key ${fixture.ingestKey}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await callRoute(POST, chunked)).status).toBe(413);
  });

  it("400 for a malformed revision header, naming the header", async () => {
    const request = apiRequest("/api/events", {
      key: fixture.ingestKey,
      body: valid,
      headers: { revision: "latest" },
    });
    const response = await callRoute(POST, request);
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[0]?.source).toEqual({ parameter: "revision" });
  });

  it("503 with Retry-After, and nothing stored, when the database is unreachable", async () => {
    const holder = globalThis as { hookflowDb?: typeof db };
    const real = holder.hookflowDb;
    const unreachable = createDatabase("postgresql://postgres:none@127.0.0.1:1/none", 1);
    holder.hookflowDb = { ...unreachable } as typeof db;
    try {
      // The key is cached from earlier requests, so this reaches the ingestion write.
      const response = await postEvent(
        eventDocument({ metric: "Lost", profile: { email: "lost@example.com" } }),
      );
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect((await errorsOf(response))[0]?.code).toBe("service_unavailable");
      // A key never seen before needs the database to authenticate: also 503, not 401 or 500.
      const unknown = await postEvent(valid, "pk_never_seen_before");
      expect(unknown.status).toBe(503);
    } finally {
      holder.hookflowDb = real;
      await unreachable.pool.end();
    }
    expect(await db.prisma.profile.count({ where: { email: "lost@example.com" } })).toBe(0);
  });
});
