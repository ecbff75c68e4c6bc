import { beforeAll, describe, expect, it } from "vitest";
import { GET as getListProfiles } from "@/app/api/lists/[id]/profiles/route";
import {
  POST as addMembers,
  GET as getMemberIds,
  DELETE as removeMembers,
} from "@/app/api/lists/[id]/relationships/profiles/route";
import { GET as getList } from "@/app/api/lists/[id]/route";
import { POST as createList, GET as getLists } from "@/app/api/lists/route";
import { apiRequest, callRoute, createApiFixture } from "@/lib/api/testing/api-fixtures";
import { documentOf, errorsOf } from "@/lib/api/testing/json-api-assertions";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();
const other = await createApiFixture("Other");

type TResource = { type: string; id: string; attributes: Record<string, unknown>; links: { self: string } };
type TCollection = { data: TResource[]; links: { self: string; next?: string } };

const pathOf = (link: string) => link.replace("http://hookflow.test", "");
const newList = async (name: string, key = fixture.fullKey) => {
  const response = await callRoute(
    createList,
    apiRequest("/api/lists", { key, body: { data: { type: "list", attributes: { name } } } }),
  );
  return response;
};

const profileIds: string[] = [];
beforeAll(async () => {
  for (const email of ["l1@example.com", "l2@example.com", "l3@example.com"]) {
    const profile = await db.prisma.profile.create({
      data: { id: crypto.randomUUID(), workspaceId: fixture.workspaceId, email },
    });
    profileIds.push(profile.id);
  }
});

describe("lists", () => {
  it("creates a list (201) shaped like Klaviyo's", async () => {
    const response = await newList("Newsletter");
    expect(response.status).toBe(201);
    const { data } = await documentOf<{ data: TResource }>(response);
    expect(data).toMatchObject({
      type: "list",
      attributes: { name: "Newsletter", opt_in_process: "single_opt_in" },
    });
    expect(data.links.self).toBe(`http://hookflow.test/api/lists/${data.id}`);
    const fetched = await callRoute(getList, apiRequest(`/api/lists/${data.id}`, { key: fixture.fullKey }), {
      id: data.id,
    });
    expect((await documentOf<{ data: TResource }>(fetched)).data.id).toBe(data.id);
  });

  it("pages through lists with page[cursor] and links.next, and filters by name", async () => {
    for (let index = 0; index < 11; index++) await newList(`Paged ${index}`);
    const seen: string[] = [];
    let path: string | undefined = "/api/lists";
    while (path) {
      const response = await callRoute(getLists, apiRequest(path, { key: fixture.fullKey }));
      const page: TCollection = await documentOf<TCollection>(response);
      expect(page.data.length).toBeLessThanOrEqual(10);
      seen.push(...page.data.map((list) => list.attributes.name as string));
      path = page.links.next ? pathOf(page.links.next) : undefined;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    const filtered = await callRoute(
      getLists,
      apiRequest(`/api/lists?filter=${encodeURIComponent('any(name,["Paged 3","Newsletter"])')}`, {
        key: fixture.fullKey,
      }),
    );
    expect((await documentOf<TCollection>(filtered)).data.map((list) => list.attributes.name).sort()).toEqual(
      ["Newsletter", "Paged 3"],
    );
  });

  it("adds, lists and removes members (204s), with joined_group_at", async () => {
    const list = (await documentOf<{ data: TResource }>(await newList("Members"))).data;
    const body = { data: profileIds.map((id) => ({ type: "profile", id })) };
    const path = `/api/lists/${list.id}/relationships/profiles`;
    const added = await callRoute(addMembers, apiRequest(path, { key: fixture.fullKey, body }), {
      id: list.id,
    });
    expect(added.status).toBe(204);
    // Adding again is harmless.
    expect(
      (await callRoute(addMembers, apiRequest(path, { key: fixture.fullKey, body }), { id: list.id })).status,
    ).toBe(204);

    const members = await callRoute(
      getListProfiles,
      apiRequest(`/api/lists/${list.id}/profiles?page[size]=2`, { key: fixture.fullKey }),
      { id: list.id },
    );
    const firstPage = await documentOf<TCollection>(members);
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.data[0]).toMatchObject({
      type: "profile",
      attributes: { joined_group_at: expect.any(String) },
    });
    const secondPage = await documentOf<TCollection>(
      await callRoute(getListProfiles, apiRequest(pathOf(firstPage.links.next!), { key: fixture.fullKey }), {
        id: list.id,
      }),
    );
    expect([...firstPage.data, ...secondPage.data].map((profile) => profile.id).sort()).toEqual(
      [...profileIds].sort(),
    );
    expect(secondPage.links.next).toBeUndefined();

    const byEmail = await callRoute(
      getListProfiles,
      apiRequest(
        `/api/lists/${list.id}/profiles?filter=${encodeURIComponent('equals(email,"L2@example.com")')}`,
        { key: fixture.fullKey },
      ),
      { id: list.id },
    );
    expect((await documentOf<TCollection>(byEmail)).data.map((profile) => profile.id)).toEqual([
      profileIds[1],
    ]);

    const removed = await callRoute(
      removeMembers,
      apiRequest(path, {
        key: fixture.fullKey,
        method: "DELETE",
        body: { data: [{ type: "profile", id: profileIds[0] }] },
      }),
      { id: list.id },
    );
    expect(removed.status).toBe(204);
    const ids = await documentOf<{ data: { type: string; id: string }[] }>(
      await callRoute(getMemberIds, apiRequest(path, { key: fixture.fullKey }), { id: list.id }),
    );
    expect(ids.data.map((entry) => entry.id).sort()).toEqual([profileIds[1], profileIds[2]].sort());
    expect(ids.data[0]?.type).toBe("profile");
  });

  it("404 for an unknown list on every list endpoint", async () => {
    const id = "0190aaaa-0000-7000-8000-000000000000";
    const body = { data: [{ type: "profile", id: profileIds[0] }] };
    const responses = [
      await callRoute(getList, apiRequest(`/api/lists/${id}`, { key: fixture.fullKey }), { id }),
      await callRoute(getList, apiRequest("/api/lists/not-a-uuid", { key: fixture.fullKey }), {
        id: "not-a-uuid",
      }),
      await callRoute(getListProfiles, apiRequest(`/api/lists/${id}/profiles`, { key: fixture.fullKey }), {
        id,
      }),
      await callRoute(
        addMembers,
        apiRequest(`/api/lists/${id}/relationships/profiles`, { key: fixture.fullKey, body }),
        { id },
      ),
      await callRoute(
        removeMembers,
        apiRequest(`/api/lists/${id}/relationships/profiles`, {
          key: fixture.fullKey,
          method: "DELETE",
          body,
        }),
        { id },
      ),
    ];
    for (const response of responses) {
      expect(response.status).toBe(404);
      expect((await errorsOf(response))[0]?.code).toBe("not_found");
    }
  });

  it("does not show or touch another workspace's lists", async () => {
    const list = (await documentOf<{ data: TResource }>(await newList("Private"))).data;
    const response = await callRoute(getList, apiRequest(`/api/lists/${list.id}`, { key: other.fullKey }), {
      id: list.id,
    });
    expect(response.status).toBe(404);
    const theirs = await documentOf<TCollection>(
      await callRoute(getLists, apiRequest("/api/lists", { key: other.fullKey })),
    );
    expect(theirs.data).toEqual([]);
  });

  it("404 naming an unknown profile, and adds none of the others", async () => {
    const list = (await documentOf<{ data: TResource }>(await newList("Partial"))).data;
    const body = {
      data: [
        { type: "profile", id: profileIds[0] },
        { type: "profile", id: "0190aaaa-0000-7000-8000-0000000000ff" },
      ],
    };
    const response = await callRoute(
      addMembers,
      apiRequest(`/api/lists/${list.id}/relationships/profiles`, { key: fixture.fullKey, body }),
      { id: list.id },
    );
    expect(response.status).toBe(404);
    expect((await errorsOf(response))[0]?.source?.pointer).toBe("/data/1/id");
    expect(await db.prisma.listMembership.count({ where: { listId: list.id } })).toBe(0);
  });

  it("400 with pointers for bad bodies", async () => {
    const noName = await callRoute(
      createList,
      apiRequest("/api/lists", { key: fixture.fullKey, body: { data: { type: "list", attributes: {} } } }),
    );
    expect((await errorsOf(noName))[0]?.source?.pointer).toBe("/data/attributes/name");
    const list = (await documentOf<{ data: TResource }>(await newList("Bad bodies"))).data;
    const wrongType = await callRoute(
      addMembers,
      apiRequest(`/api/lists/${list.id}/relationships/profiles`, {
        key: fixture.fullKey,
        body: { data: [{ type: "list", id: "x" }] },
      }),
      { id: list.id },
    );
    expect(wrongType.status).toBe(400);
    expect((await errorsOf(wrongType))[0]?.source?.pointer).toBe("/data/0/type");
  });

  it("403 for an ingest key on every list endpoint, 401 for a revoked one", async () => {
    const id = "0190aaaa-0000-7000-8000-000000000000";
    const body = { data: [{ type: "profile", id }] };
    const responses = [
      await callRoute(getLists, apiRequest("/api/lists", { key: fixture.ingestKey })),
      await callRoute(
        createList,
        apiRequest("/api/lists", {
          key: fixture.ingestKey,
          body: { data: { type: "list", attributes: { name: "x" } } },
        }),
      ),
      await callRoute(getList, apiRequest(`/api/lists/${id}`, { key: fixture.ingestKey }), { id }),
      await callRoute(getListProfiles, apiRequest(`/api/lists/${id}/profiles`, { key: fixture.ingestKey }), {
        id,
      }),
      await callRoute(
        addMembers,
        apiRequest(`/api/lists/${id}/relationships/profiles`, { key: fixture.ingestKey, body }),
        { id },
      ),
    ];
    for (const response of responses) {
      expect(response.status).toBe(403);
      expect((await errorsOf(response))[0]?.code).toBe("permission_denied");
    }
    expect((await callRoute(getLists, apiRequest("/api/lists", { key: fixture.revokedKey }))).status).toBe(
      401,
    );
  });
});
