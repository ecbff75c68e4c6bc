import { beforeAll, describe, expect, it, vi } from "vitest";
import { createProfileAction, deleteProfileAction, updateProfileAction } from "@/lib/actions/profile-actions";
import { listProfileEvents, listProfileMemberships } from "@/lib/audience/profile-pages/profile-detail";
import { searchProfiles } from "@/lib/audience/profile-pages/search-profiles";
import { createRoleMembers } from "@/test/act-as";
import { createTestDatabase } from "@/test/database";

// Real workspace gate and real PostgreSQL; only the session cookie is stood in for.
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const { add: addMembers, actAs } = createRoleMembers({ emailOf: (role) => `${role}-p@example.com` });
let workspaceId = "";
let otherProfileId = "";

beforeAll(async () => {
  workspaceId = (await db.prisma.workspace.create({ data: { name: "Profiles" } })).id;
  await addMembers(db.prisma, { workspaceId, roles: ["viewer", "editor"] });
  const base = Date.UTC(2026, 0, 1);
  await db.prisma.profile.createMany({
    data: Array.from({ length: 25 }, (_, index) => ({
      workspaceId,
      email: `user${String(index).padStart(2, "0")}@example.com`,
      firstName: index === 7 ? "Grace" : `Name${index}`,
      lastName: index === 7 ? "Hopper" : null,
      externalId: index === 3 ? "ext_50%_off" : `ext-${index}`,
      phoneNumber: `+1500555${String(index).padStart(4, "0")}`,
      createdAt: new Date(base + Math.floor(index / 2) * 1000), // pairs share a created_at
    })),
  });
  const other = await db.prisma.workspace.create({ data: { name: "Other" } });
  otherProfileId = (
    await db.prisma.profile.create({ data: { workspaceId: other.id, email: "user00@example.com" } })
  ).id;
});

describe("searchProfiles", () => {
  it("finds by email, name, phone and external id prefixes, escaping wildcards", async () => {
    const find = async (term: string, field?: "name") =>
      (await searchProfiles({ workspaceId, term, field, pageSize: 50 })).profiles.map((p) => p.email);
    expect(await find("USER1")).toHaveLength(10);
    expect(await find("user07@")).toEqual(["user07@example.com"]);
    expect(await find("grace h", "name")).toEqual(["user07@example.com"]);
    expect(await find("+15005550012")).toEqual(["user12@example.com"]);
    expect(await find("ext_50%")).toEqual(["user03@example.com"]);
    // "_" and "%" are literal: "ext_" must not match "ext-1".
    expect(await find("ext_")).toEqual(["user03@example.com"]);
    expect(await find("nobody")).toEqual([]);
  });

  it("walks every profile once forward and back with keyset pages, in both sorts", async () => {
    for (const sort of ["created", "email"] as const) {
      const seen: string[] = [];
      const pages: string[][] = [];
      let page = await searchProfiles({ workspaceId, sort, pageSize: 4 });
      for (;;) {
        pages.push(page.profiles.map((p) => p.id));
        seen.push(...page.profiles.map((p) => p.id));
        if (!page.next) break;
        page = await searchProfiles({ workspaceId, sort, cursor: page.next, pageSize: 4 });
      }
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
      // Back from the last page: the previous page is exactly the one shown before it.
      const previous = await searchProfiles({ workspaceId, sort, cursor: page.previous!, pageSize: 4 });
      expect(previous.profiles.map((p) => p.id)).toEqual(pages.at(-2));
      expect(previous.next).not.toBeNull();
      const first = await searchProfiles({ workspaceId, sort, pageSize: 4 });
      expect(first.previous).toBeNull();
    }
  });
});

describe("profile actions", () => {
  it("creates a profile, refuses a duplicate identifier, and lets a viewer do neither", async () => {
    actAs("editor");
    const created = await createProfileAction({ email: "New@Example.com", firstName: "Ada" });
    expect(created.ok).toBe(true);
    const duplicate = await createProfileAction({ email: "new@example.com" });
    expect(duplicate).toMatchObject({ ok: false });
    const missing = await createProfileAction({ firstName: "No identifier" });
    expect(missing).toMatchObject({ ok: false });
    actAs("viewer");
    expect(await createProfileAction({ email: "viewer@example.com" })).toMatchObject({ ok: false });
  });

  it("edits properties through the API's writer (merge and unset), re-evaluating segments", async () => {
    const profile = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId, email: "user05@example.com" },
    });
    const segment = await db.prisma.segment.create({
      data: {
        workspaceId,
        name: "Plan pro",
        definition: {
          match: "any",
          groups: [
            {
              match: "all",
              conditions: [
                { kind: "profile-property", property: "properties.plan", operator: "equals", value: "pro" },
              ],
            },
          ],
        },
      },
    });
    actAs("viewer");
    expect(await updateProfileAction({ profileId: profile.id, properties: { plan: "pro" } })).toMatchObject({
      ok: false,
    });
    actAs("editor");
    const saved = await updateProfileAction({
      profileId: profile.id,
      timezone: "Europe/Berlin",
      properties: { plan: "pro", seats: 3, trial: false, tags: ["a", "b"], renews: "2027-01-31" },
    });
    expect(saved).toMatchObject({ ok: true });
    const stored = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(stored.properties).toEqual({
      plan: "pro",
      seats: 3,
      trial: false,
      tags: ["a", "b"],
      renews: "2027-01-31",
    });
    expect(stored.timezone).toBe("Europe/Berlin");
    const memberships = await listProfileMemberships({ workspaceId, profileId: profile.id });
    expect(memberships.segments.map((s) => s.id)).toContain(segment.id);
    await updateProfileAction({ profileId: profile.id, unsetProperties: ["seats"] });
    const after = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(after.properties).not.toHaveProperty("seats");
    expect(await updateProfileAction({ profileId: profile.id, timezone: "Mars/Base" })).toMatchObject({
      ok: false,
    });
  });

  it("edits identifiers, normalized, with each refusal on its field (invalid, taken, none left)", async () => {
    actAs("editor");
    const profile = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId, email: "user11@example.com" },
    });
    const edit = (fields: Record<string, string>) =>
      updateProfileAction({ profileId: profile.id, ...fields });
    expect(
      await edit({ email: " Eleven@New.Example ", phoneNumber: "+1 (500) 555-9911", externalId: " crm-11 " }),
    ).toMatchObject({ ok: true });
    expect(await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } })).toMatchObject({
      email: "eleven@new.example",
      phoneNumber: "+15005559911",
      externalId: "crm-11",
    });

    const refused = async (fields: Record<string, string>, field: string, message: RegExp) => {
      const result = await edit(fields);
      if (result.ok) throw new Error(`accepted ${JSON.stringify(fields)}`);
      expect(result.fieldErrors[field]).toMatch(message);
    };
    await refused({ email: "not-an-email" }, "email", /Not a valid email address/);
    await refused({ phoneNumber: "12345" }, "phoneNumber", /E\.164/);
    await refused({ externalId: "x".repeat(513) }, "externalId", /at most 512/);
    await refused({ timezone: "Mars/Base" }, "timezone", /IANA/);
    // Taken by another profile (any case): a conflict on that field, and nothing written.
    await refused(
      { email: "USER12@example.com", firstName: "Changed" },
      "email",
      /Another profile already has this email/,
    );
    await refused(
      { phoneNumber: "+15005550013" },
      "phoneNumber",
      /Another profile already has this phone number/,
    );
    await refused({ externalId: "ext-14" }, "externalId", /Another profile already has this external id/);
    await refused(
      { email: "", phoneNumber: "", externalId: "" },
      "email",
      /needs an email, a phone number or an external id/,
    );
    expect(await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } })).toMatchObject({
      email: "eleven@new.example",
      phoneNumber: "+15005559911",
      externalId: "crm-11",
      firstName: "Name11",
    });

    // Clearing two of three is fine; a freed email can be taken by another profile.
    expect(await edit({ email: "", phoneNumber: "" })).toMatchObject({ ok: true });
    const twelve = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId, email: "user12@example.com" },
    });
    expect(await updateProfileAction({ profileId: twelve.id, email: "eleven@new.example" })).toMatchObject({
      ok: true,
    });
    expect(await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } })).toMatchObject({
      email: null,
      phoneNumber: null,
      externalId: "crm-11",
    });
  });

  it("names the taken field when a new profile's identifier exists", async () => {
    actAs("editor");
    const taken = await createProfileAction({ externalId: "ext-15", email: "fresh@example.com" });
    if (taken.ok) throw new Error("created a duplicate");
    expect(taken.fieldErrors.externalId).toMatch(/Another profile already has this external id/);
    expect(await db.prisma.profile.count({ where: { workspaceId, email: "fresh@example.com" } })).toBe(0);
  });

  it("two editors taking one email at once: one wins, the other gets a conflict, never a failure", async () => {
    actAs("editor");
    const [a, b] = await Promise.all(
      ["user16@example.com", "user17@example.com"].map((email) =>
        db.prisma.profile.findFirstOrThrow({ where: { workspaceId, email } }),
      ),
    );
    const results = await Promise.all(
      [a!, b!].map((profile) => updateProfileAction({ profileId: profile.id, email: "race@example.com" })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const loser = results.find((result) => !result.ok);
    expect(loser).toMatchObject({
      ok: false,
      fieldErrors: { email: expect.stringMatching(/Another profile/) },
    });
  });

  it("treats another workspace's profile as not found", async () => {
    actAs("editor");
    const update = await updateProfileAction({ profileId: otherProfileId, properties: { x: 1 } });
    expect(update).toMatchObject({ ok: false });
    expect(await deleteProfileAction({ profileId: otherProfileId })).toMatchObject({ ok: false });
    expect(await db.prisma.profile.findUnique({ where: { id: otherProfileId } })).not.toBeNull();
  });

  it("deletes a profile with its events and memberships (FK cascades); a viewer cannot", async () => {
    const profile = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId, email: "user09@example.com" },
    });
    const metric = await db.prisma.metric.create({ data: { workspaceId, name: "Placed Order" } });
    const list = await db.prisma.list.create({ data: { workspaceId, name: "Newsletter" } });
    await db.prisma.listMembership.create({ data: { workspaceId, listId: list.id, profileId: profile.id } });
    for (let index = 0; index < 3; index++) {
      await db.prisma.event.create({
        data: {
          id: crypto.randomUUID(),
          workspaceId,
          metricId: metric.id,
          profileId: profile.id,
          time: new Date(Date.UTC(2026, 1, 1 + index)),
          uniqueId: `u${index}`,
        },
      });
    }
    const timeline = await listProfileEvents({
      workspaceId,
      profileId: profile.id,
      metricId: metric.id,
      pageSize: 2,
    });
    expect(timeline.events.map((e) => e.time.toISOString())).toEqual([
      "2026-02-03T00:00:00.000Z",
      "2026-02-02T00:00:00.000Z",
    ]);
    const rest = await listProfileEvents({
      workspaceId,
      profileId: profile.id,
      cursor: timeline.next!,
      pageSize: 2,
    });
    expect(rest.events).toHaveLength(1);
    expect(rest.next).toBeNull();

    actAs("viewer");
    expect(await deleteProfileAction({ profileId: profile.id })).toMatchObject({ ok: false });
    actAs("editor");
    expect(await deleteProfileAction({ profileId: profile.id })).toMatchObject({ ok: true });
    expect(await db.prisma.event.count({ where: { profileId: profile.id } })).toBe(0);
    expect(await db.prisma.listMembership.count({ where: { profileId: profile.id } })).toBe(0);
  });
});
