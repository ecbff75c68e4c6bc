import { beforeAll, describe, expect, it } from "vitest";
import { GET as getProfile } from "@/app/api/profiles/[id]/route";
import { GET as getProfiles } from "@/app/api/profiles/route";
import { apiRequest, callRoute, createApiFixture } from "@/lib/api/testing/api-fixtures";
import { documentOf, errorsOf } from "@/lib/api/testing/json-api-assertions";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();
const other = await createApiFixture("Other");

type TCollection = {
  data: { id: string; attributes: Record<string, unknown> }[];
  links: { self: string; next?: string };
};

const get = (query: string, key = fixture.fullKey) =>
  callRoute(getProfiles, apiRequest(`/api/profiles${query}`, { key }));
const filter = (expression: string) => `?filter=${encodeURIComponent(expression)}`;

const ids: Record<string, string> = {};
beforeAll(async () => {
  const rows = [
    { name: "ada", email: "ada@example.com", externalId: "ext-ada", phoneNumber: "+15005550001" },
    { name: "bob", email: "bob@example.com", externalId: "ext-bob", phoneNumber: null },
    { name: "cy", email: "cy@example.com", externalId: null, phoneNumber: "+15005550003" },
  ];
  for (const [index, row] of rows.entries()) {
    const profile = await db.prisma.profile.create({
      data: {
        id: uuidv7(),
        workspaceId: fixture.workspaceId,
        email: row.email,
        externalId: row.externalId,
        phoneNumber: row.phoneNumber,
        createdAt: new Date(Date.UTC(2026, 0, 1 + index)),
      },
    });
    ids[row.name] = profile.id;
  }
  // Same email in another workspace: must never show up.
  await db.prisma.profile.create({
    data: { id: uuidv7(), workspaceId: other.workspaceId, email: "ada@example.com" },
  });
});

describe("GET /api/profiles", () => {
  it("finds a profile with equals(email, …), case-insensitively", async () => {
    const page = await documentOf<TCollection>(await get(filter('equals(email,"ADA@example.com")')));
    expect(page.data.map((profile) => profile.id)).toEqual([ids.ada]);
    expect(page.data[0]?.attributes).toMatchObject({
      email: "ada@example.com",
      external_id: "ext-ada",
      phone_number: "+15005550001",
    });
  });

  it("filters by external_id, phone_number, id and any(…)", async () => {
    const byExternal = await documentOf<TCollection>(await get(filter('equals(external_id,"ext-bob")')));
    expect(byExternal.data.map((profile) => profile.id)).toEqual([ids.bob]);
    const byPhone = await documentOf<TCollection>(await get(filter('equals(phone_number,"+15005550003")')));
    expect(byPhone.data.map((profile) => profile.id)).toEqual([ids.cy]);
    const byId = await documentOf<TCollection>(await get(filter(`equals(id,"${ids.bob}")`)));
    expect(byId.data.map((profile) => profile.id)).toEqual([ids.bob]);
    const byAny = await documentOf<TCollection>(
      await get(filter('any(email,["ada@example.com","cy@example.com","nobody@example.com"])')),
    );
    expect(byAny.data.map((profile) => profile.id).sort()).toEqual([ids.ada, ids.cy].sort());
    const none = await documentOf<TCollection>(await get(filter('equals(id,"not-a-uuid")')));
    expect(none.data).toEqual([]);
  });

  it("pages newest first with page[size] and links.next", async () => {
    const first = await documentOf<TCollection>(await get("?page[size]=2"));
    expect(first.data.map((profile) => profile.id)).toEqual([ids.cy, ids.bob]);
    expect(first.links.next).toContain("page%5Bcursor%5D=");
    const second = await documentOf<TCollection>(
      await callRoute(
        getProfiles,
        apiRequest(first.links.next!.replace("http://hookflow.test", ""), { key: fixture.fullKey }),
      ),
    );
    expect(second.data.map((profile) => profile.id)).toEqual([ids.ada]);
    expect(second.links.next).toBeUndefined();
  });

  it("applies sparse fieldsets", async () => {
    const page = await documentOf<TCollection>(
      await get(`${filter('equals(email,"ada@example.com")')}&fields[profile]=email,location.city`),
    );
    expect(page.data[0]?.attributes).toEqual({ email: "ada@example.com", location: { city: null } });
  });

  it("400 naming the parameter for a bad filter, page size or cursor", async () => {
    for (const [query, parameter] of [
      [filter('equals(city,"x")'), "filter"],
      [filter("equals(email"), "filter"],
      ["?page[size]=101", "page[size]"],
      ["?page[cursor]=garbage", "page[cursor]"],
      ["?sort=email", "sort"],
    ] as const) {
      const response = await get(query);
      expect(response.status).toBe(400);
      expect((await errorsOf(response))[0]?.source).toEqual({ parameter });
    }
  });

  it("GET /api/profiles/{id}: the profile, 404 for another workspace's or an unknown id", async () => {
    const found = await callRoute(
      getProfile,
      apiRequest(`/api/profiles/${ids.ada}`, { key: fixture.fullKey }),
      { id: ids.ada! },
    );
    expect((await documentOf<{ data: { id: string } }>(found)).data.id).toBe(ids.ada);
    const foreign = await callRoute(
      getProfile,
      apiRequest(`/api/profiles/${ids.ada}`, { key: other.fullKey }),
      { id: ids.ada! },
    );
    expect(foreign.status).toBe(404);
  });

  it("403 for an ingest key", async () => {
    const response = await get("", fixture.ingestKey);
    expect(response.status).toBe(403);
    expect((await errorsOf(response))[0]?.code).toBe("permission_denied");
  });
});
