import type { AxiosError } from "axios";
import {
  ApiKeySession,
  EventsApi,
  ListsApi,
  MetricsApi,
  ProfilesApi,
  RetryWithExponentialBackoff,
} from "klaviyo-api";
import { afterAll, describe, expect, it } from "vitest";
import { serveApi } from "@/app/api/_testing/serve-api";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { createTestDatabase } from "@/test/database";

// The official Klaviyo Node client (klaviyo-api@23, revision 2026-07-15), unmodified, pointed at
// Hookflow by changing only the base URL and the key — the compatibility promise of issue 2.

const db = await createTestDatabase();
const fixture = await createApiFixture();
const server = await serveApi();
afterAll(() => server.close());

function client<T extends { basePath: string }>(
  Api: new (session: ApiKeySession) => T,
  key = fixture.fullKey,
): T {
  // No retries: a failing status must surface in the test, not be retried with backoff.
  const api = new Api(new ApiKeySession(key, new RetryWithExponentialBackoff({ numRetries: 0 })));
  api.basePath = server.baseUrl;
  return api;
}

// Writes with an ingest-scoped key (all they need), reads with a full one.
const events = client(EventsApi, fixture.ingestKey);
const eventReader = client(EventsApi);
const profiles = client(ProfilesApi);
const lists = client(ListsApi);
const metrics = client(MetricsApi);

async function failure(
  promise: Promise<unknown>,
): Promise<AxiosError<{ errors: { code: string; status: string }[] }>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeDefined();
  return error as AxiosError<{ errors: { code: string; status: string }[] }>;
}

describe("the official klaviyo-api client against Hookflow", () => {
  it("createEvent → 202, the event and its profile stored", async () => {
    const { response } = await events.createEvent({
      data: {
        type: "event",
        attributes: {
          properties: { orderId: "K-1", total: 42 },
          time: new Date("2026-07-01T12:00:00Z"),
          value: 42,
          valueCurrency: "EUR",
          uniqueId: "klaviyo-client-1",
          metric: { data: { type: "metric", attributes: { name: "Placed Order" } } },
          profile: {
            data: {
              type: "profile",
              attributes: {
                email: "client@example.com",
                firstName: "Kay",
                phoneNumber: "+15005550009",
                location: { city: "Boston", latitude: 42.36 },
                properties: { source: "sdk" },
              },
            },
          },
        },
      },
    });
    expect(response.status).toBe(202);
    const stored = await db.prisma.event.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, uniqueId: "klaviyo-client-1" },
      include: { profile: true },
    });
    expect(stored.properties).toEqual({ orderId: "K-1", total: 42 });
    expect(stored.time.toISOString()).toBe("2026-07-01T12:00:00.000Z");
    expect(stored.profile).toMatchObject({
      email: "client@example.com",
      firstName: "Kay",
      phoneNumber: "+15005550009",
    });
  });

  it("bulkCreateEvents → 202, all events stored", async () => {
    const { response } = await events.bulkCreateEvents({
      data: {
        type: "event-bulk-create-job",
        attributes: {
          eventsBulkCreate: {
            data: ["a", "b"].map((name) => ({
              type: "event-bulk-create",
              attributes: {
                profile: {
                  data: { type: "profile", attributes: { externalId: `bulk-${name}`, properties: { name } } },
                },
                events: {
                  data: [1, 2].map((n) => ({
                    type: "event",
                    attributes: {
                      properties: { n },
                      uniqueId: `bulk-${name}-${n}`,
                      metric: { data: { type: "metric", attributes: { name: "Viewed Product" } } },
                    },
                  })),
                },
              },
            })),
          },
        },
      } as never,
    });
    expect(response.status).toBe(202);
    expect(
      await db.prisma.event.count({
        where: { workspaceId: fixture.workspaceId, uniqueId: { startsWith: "bulk-" } },
      }),
    ).toBe(4);
  });

  it("createOrUpdateProfile (profile-import) → 201 then 200, parsed by the client", async () => {
    const created = await profiles.createOrUpdateProfile({
      data: {
        type: "profile",
        attributes: { email: "import@example.com", firstName: "Imp", properties: { a: 1 } },
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.body.data.id).toEqual(expect.any(String));
    expect(created.body.data.attributes.firstName).toBe("Imp");
    expect(created.body.data.attributes.created).toBeInstanceOf(Date);

    const updated = await profiles.createOrUpdateProfile({
      data: {
        type: "profile",
        attributes: { email: "import@example.com", lastName: "Orter", properties: { b: 2 } },
      },
    });
    expect(updated.response.status).toBe(200);
    expect(updated.body.data.id).toBe(created.body.data.id);
    expect(updated.body.data.attributes).toMatchObject({
      firstName: "Imp",
      lastName: "Orter",
      properties: { a: 1, b: 2 },
    });
  });

  it("createList, getLists, addProfilesToList, getProfilesForList, removeProfilesFromList", async () => {
    const created = await lists.createList({ data: { type: "list", attributes: { name: "VIP" } } });
    expect(created.response.status).toBe(201);
    const listId = created.body.data.id;
    expect(created.body.data.attributes.name).toBe("VIP");

    const all = await lists.getLists({ filter: 'equals(name,"VIP")' });
    expect(all.body.data.map((list) => list.id)).toEqual([listId]);

    const member = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, email: "import@example.com" },
    });
    const added = await lists.addProfilesToList(listId, { data: [{ type: "profile", id: member.id }] });
    expect(added.response.status).toBe(204);

    const listed = await lists.getProfilesForList(listId);
    expect(listed.body.data.map((profile) => profile.id)).toEqual([member.id]);
    expect(listed.body.data[0]?.attributes.email).toBe("import@example.com");
    expect(listed.body.data[0]?.attributes.joinedGroupAt).toBeInstanceOf(Date);

    const removed = await lists.removeProfilesFromList(listId, {
      data: [{ type: "profile", id: member.id }],
    });
    expect(removed.response.status).toBe(204);
    expect((await lists.getProfilesForList(listId)).body.data).toEqual([]);
  });

  it("getMetrics lists the metrics created by events", async () => {
    const { body } = await metrics.getMetrics();
    expect(body.data.map((metric) => metric.attributes.name)).toEqual(
      expect.arrayContaining(["Placed Order", "Viewed Product"]),
    );
  });

  it("getProfiles with filter=equals(email, …)", async () => {
    const { body } = await profiles.getProfiles({ filter: 'equals(email,"client@example.com")' });
    expect(body.data).toHaveLength(1);
    expect(body.data[0]?.attributes).toMatchObject({ email: "client@example.com", firstName: "Kay" });
    expect(body.data[0]?.attributes.location?.city).toBe("Boston");
  });

  it("getEvents with filter=equals(metric_id, …), paging with the cursor from links.next", async () => {
    const metric = await db.prisma.metric.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, name: "Viewed Product" },
    });
    const filter = `equals(metric_id,"${metric.id}")`;
    const first = await eventReader.getEvents({ filter, pageSize: 3 });
    expect(first.body.data).toHaveLength(3);
    expect(first.body.data[0]?.attributes.datetime).toBeInstanceOf(Date);
    expect(first.body.links?.next).toEqual(expect.any(String));
    const second = await eventReader.getEvents({ filter, pageSize: 3, pageCursor: first.body.links!.next! });
    expect(second.body.data).toHaveLength(1);
    const uniqueIds = [...first.body.data, ...second.body.data].map(
      (event) => (event.attributes.eventProperties as Record<string, unknown>).$event_id,
    );
    expect(uniqueIds.sort()).toEqual(["bulk-a-1", "bulk-a-2", "bulk-b-1", "bulk-b-2"]);
  });

  it("surfaces Hookflow's errors as Klaviyo-shaped AxiosErrors (403 scope, 401 revoked, 400 invalid)", async () => {
    const forbidden = await failure(client(ListsApi, fixture.ingestKey).getLists());
    expect(forbidden.response?.status).toBe(403);
    expect(forbidden.response?.data.errors[0]).toMatchObject({ code: "permission_denied", status: "403" });

    const revoked = await failure(client(EventsApi, fixture.revokedKey).getEvents());
    expect(revoked.response?.status).toBe(401);

    const invalid = await failure(profiles.getProfiles({ filter: 'equals(city,"Boston")' }));
    expect(invalid.response?.status).toBe(400);
  });
});
