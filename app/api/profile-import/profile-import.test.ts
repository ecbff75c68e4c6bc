import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/profile-import/route";
import { apiRequest, callRoute, createApiFixture } from "@/lib/api/testing/api-fixtures";
import { documentOf, errorsOf } from "@/lib/api/testing/json-api-assertions";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();

type TProfileDocument = {
  data: { type: string; id: string; attributes: Record<string, unknown>; links: { self: string } };
  links: { self: string };
};

const importProfile = (data: Record<string, unknown>, key = fixture.ingestKey) =>
  callRoute(POST, apiRequest("/api/profile-import", { key, body: { data: { type: "profile", ...data } } }));

describe("POST /api/profile-import", () => {
  it("creates a profile (201) and answers Klaviyo's profile document", async () => {
    const response = await importProfile({
      attributes: {
        email: "Grace@Example.com",
        first_name: "Grace",
        location: { city: "Arlington", country: "US", latitude: 38.88, timezone: "America/New_York" },
        properties: { rank: "admiral" },
      },
    });
    expect(response.status).toBe(201);
    const document = await documentOf<TProfileDocument>(response);
    expect(document.data).toMatchObject({
      type: "profile",
      attributes: {
        email: "grace@example.com",
        first_name: "Grace",
        last_name: null,
        phone_number: null,
        last_event_date: null,
        location: {
          city: "Arlington",
          country: "US",
          latitude: 38.88,
          timezone: "America/New_York",
          zip: null,
        },
        properties: { rank: "admiral" },
      },
    });
    expect(document.data.attributes.created).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(document.data.links.self).toBe(`http://hookflow.test/api/profiles/${document.data.id}`);
    expect(document.links.self).toBe(document.data.links.self);
  });

  it("updates the same profile (200): absent fields kept, null cleared, properties merged", async () => {
    const response = await importProfile({
      attributes: {
        email: "grace@example.com",
        first_name: null,
        last_name: "Hopper",
        properties: { born: 1906 },
      },
    });
    expect(response.status).toBe(200);
    const { data } = await documentOf<TProfileDocument>(response);
    expect(data.attributes).toMatchObject({
      first_name: null,
      last_name: "Hopper",
      properties: { rank: "admiral", born: 1906 },
      location: { city: "Arlington" },
    });
    expect(await db.prisma.profile.count({ where: { workspaceId: fixture.workspaceId } })).toBe(1);
  });

  it("updates by id, and can change the email", async () => {
    const profile = await db.prisma.profile.findFirstOrThrow({ where: { workspaceId: fixture.workspaceId } });
    const response = await importProfile({ id: profile.id, attributes: { email: "hopper@example.com" } });
    expect(response.status).toBe(200);
    expect((await documentOf<TProfileDocument>(response)).data).toMatchObject({
      id: profile.id,
      attributes: { email: "hopper@example.com" },
    });
  });

  it("409 duplicate_profile when an identifier belongs to another profile, and writes nothing", async () => {
    await importProfile({ attributes: { external_id: "other", first_name: "Other" } });
    const response = await importProfile({
      attributes: { external_id: "other", email: "hopper@example.com", first_name: "Changed" },
    });
    expect(response.status).toBe(409);
    const [error] = await errorsOf(response);
    expect(error).toMatchObject({ code: "duplicate_profile", source: { pointer: "/data/attributes/email" } });
    expect(error?.meta?.duplicate_profile_id).toEqual(expect.any(String));
    const other = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId: fixture.workspaceId, externalId: "other" },
    });
    expect(other.firstName).toBe("Other");
  });

  it("404 for an unknown id, 400 without identifiers, 401 for a revoked key", async () => {
    const unknown = await importProfile({ id: "0190aaaa-0000-7000-8000-000000000000", attributes: {} });
    expect(unknown.status).toBe(404);
    expect((await errorsOf(unknown))[0]?.source?.pointer).toBe("/data/id");
    const anonymous = await importProfile({ attributes: { first_name: "Nobody" } });
    expect(anonymous.status).toBe(400);
    expect((await errorsOf(anonymous))[0]?.source?.pointer).toBe("/data/attributes");
    expect((await importProfile({ attributes: { email: "x@example.com" } }, fixture.revokedKey)).status).toBe(
      401,
    );
  });
});
