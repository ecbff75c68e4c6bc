import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  createSegmentAction,
  deleteSegmentAction,
  explainSegmentMembershipAction,
  listSegmentMembersAction,
  previewSegmentAction,
  recomputeSegmentAction,
  renameSegmentAction,
  updateSegmentDefinitionAction,
} from "@/lib/actions/segment-actions";
import { createRoleMembers } from "@/test/act-as";
import { createTestDatabase } from "@/test/database";

// The real workspace gate (requireWorkspace reads the membership and its role from the database);
// only the session cookie is stood in for: currentUser() answers the user this test acts as.
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const { add: addMembers, actAs } = createRoleMembers();
let workspaceId = "";
let otherWorkspaceSegmentId = "";
let profileId = "";

const definition = {
  match: "any",
  groups: [
    {
      match: "all",
      conditions: [{ kind: "profile-property", property: "locale", operator: "starts_with", value: "de" }],
    },
  ],
};

beforeAll(async () => {
  const workspace = await db.prisma.workspace.create({ data: { name: "Roles" } });
  workspaceId = workspace.id;
  await addMembers(db.prisma, { workspaceId, roles: ["viewer", "editor"] });
  profileId = (
    await db.prisma.profile.create({ data: { workspaceId, email: "greta@example.com", locale: "de-DE" } })
  ).id;
  const other = await db.prisma.workspace.create({ data: { name: "Someone else" } });
  otherWorkspaceSegmentId = (
    await db.prisma.segment.create({ data: { workspaceId: other.id, name: "Theirs", definition } })
  ).id;
});

describe("segment actions", () => {
  it("a viewer previews, reads members and explanations, but cannot change segments", async () => {
    actAs("editor");
    const created = await createSegmentAction({ name: "German speakers", definition });
    expect(created).toMatchObject({ ok: true, data: { size: 1, joined: 1 } });
    const segmentId = created.ok ? created.data.id : "";

    actAs("viewer");
    expect(await previewSegmentAction({ definition })).toMatchObject({
      ok: true,
      data: { estimatedSize: 1 },
    });
    expect(await listSegmentMembersAction({ segmentId })).toMatchObject({
      ok: true,
      data: { members: [{ profileId }] },
    });
    expect(await explainSegmentMembershipAction({ segmentId, profileId })).toMatchObject({
      ok: true,
      data: { isMember: true },
    });
    const refused = [
      await createSegmentAction({ name: "Nope", definition }),
      await updateSegmentDefinitionAction({ segmentId, definition }),
      await renameSegmentAction({ segmentId, name: "Nope" }),
      await recomputeSegmentAction({ segmentId }),
      await deleteSegmentAction({ segmentId }),
    ];
    for (const result of refused) {
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/needs the editor role/) });
    }
    expect(await db.prisma.segment.count({ where: { workspaceId } })).toBe(1);

    actAs("editor");
    expect(await renameSegmentAction({ segmentId, name: "Deutsch" })).toMatchObject({ ok: true });
    expect(await recomputeSegmentAction({ segmentId })).toMatchObject({
      ok: true,
      data: { size: 1, joined: 0 },
    });
    expect(await deleteSegmentAction({ segmentId })).toMatchObject({ ok: true });
  });

  it("another workspace's segment is not found, whatever the role", async () => {
    actAs("editor");
    for (const result of [
      await recomputeSegmentAction({ segmentId: otherWorkspaceSegmentId }),
      await renameSegmentAction({ segmentId: otherWorkspaceSegmentId, name: "Mine now" }),
      await deleteSegmentAction({ segmentId: otherWorkspaceSegmentId }),
      await explainSegmentMembershipAction({ segmentId: otherWorkspaceSegmentId, profileId }),
    ]) {
      expect(result).toMatchObject({ ok: false, error: "The segment was not found" });
    }
  });

  it("a bad definition comes back per field", async () => {
    actAs("editor");
    const result = await createSegmentAction({
      name: "",
      definition: {
        match: "any",
        groups: [{ match: "all", conditions: [{ kind: "event-count", metricId: "x" }] }],
      },
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        name: "A segment needs a name",
        "definition.groups.0.conditions.0.metricId": "Choose a metric",
      },
    });
  });
});
