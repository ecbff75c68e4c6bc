import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { changeMemberRole } from "@/lib/workspaces/change-member-role";
import { acceptInvitation, declineInvitation } from "@/lib/workspaces/invitations";
import { inviteMember } from "@/lib/workspaces/invite-member";
import { listMembers } from "@/lib/workspaces/list-members";
import { blockedOrSettled, failure, user, workspaceWith } from "@/lib/workspaces/members-fixtures";
import { removeMember } from "@/lib/workspaces/remove-member";
import { createTestDatabase } from "@/test/database";

await createTestDatabase();

describe("changeMemberRole", () => {
  it("lets an admin change an editor's role", async () => {
    const { workspace, members } = await workspaceWith("admin", "editor");
    const [admin, editor] = members;
    const changed = await changeMemberRole(
      {
        workspaceId: workspace.id,
        actorUserId: admin!.user.id,
        input: { membershipId: editor!.membership.id, role: "viewer" },
      },
      prisma,
    );
    expect(changed.role).toBe("viewer");
  });

  it("keeps owners' roles to owners: an admin can neither make an owner nor demote one", async () => {
    const { workspace, ownerMembership, members } = await workspaceWith("admin", "editor");
    const [admin, editor] = members;
    const promote = await failure(
      changeMemberRole(
        {
          workspaceId: workspace.id,
          actorUserId: admin!.user.id,
          input: { membershipId: editor!.membership.id, role: "owner" },
        },
        prisma,
      ),
    );
    expect(promote.code).toBe("forbidden");
    const demote = await failure(
      changeMemberRole(
        {
          workspaceId: workspace.id,
          actorUserId: admin!.user.id,
          input: { membershipId: ownerMembership.id, role: "admin" },
        },
        prisma,
      ),
    );
    expect(demote.code).toBe("forbidden");
  });

  it("refuses to demote the last owner, and allows it once there is another owner", async () => {
    const { workspace, owner, ownerMembership, members } = await workspaceWith("admin");
    const last = await failure(
      changeMemberRole(
        {
          workspaceId: workspace.id,
          actorUserId: owner.id,
          input: { membershipId: ownerMembership.id, role: "admin" },
        },
        prisma,
      ),
    );
    expect(last.code).toBe("conflict");
    expect(last.message).toContain("only owner");

    await changeMemberRole(
      {
        workspaceId: workspace.id,
        actorUserId: owner.id,
        input: { membershipId: members[0]!.membership.id, role: "owner" },
      },
      prisma,
    );
    const stepped = await changeMemberRole(
      {
        workspaceId: workspace.id,
        actorUserId: owner.id,
        input: { membershipId: ownerMembership.id, role: "admin" },
      },
      prisma,
    );
    expect(stepped.role).toBe("admin");
  });

  it("does not count a pending owner invitation as an owner", async () => {
    const { workspace, owner, ownerMembership } = await workspaceWith();
    await inviteMember(
      { workspaceId: workspace.id, actorUserId: owner.id, input: { email: "p@example.com", role: "owner" } },
      prisma,
    );
    const error = await failure(
      changeMemberRole(
        {
          workspaceId: workspace.id,
          actorUserId: owner.id,
          input: { membershipId: ownerMembership.id, role: "viewer" },
        },
        prisma,
      ),
    );
    expect(error.code).toBe("conflict");
  });

  it("makes a concurrent demotion wait for the first, so one owner always remains", async () => {
    const { workspace, owner, ownerMembership, members } = await workspaceWith("owner");
    const other = members[0]!;
    let second: Promise<unknown> | undefined;
    // The first demotion runs inside a transaction we hold open until the second is seen waiting
    // on the workspace lock. Without the lock the second would read two owners and succeed.
    await prisma.$transaction(async (tx) => {
      await changeMemberRole(
        {
          workspaceId: workspace.id,
          actorUserId: owner.id,
          input: { membershipId: other.membership.id, role: "admin" },
        },
        tx,
      );
      second = changeMemberRole(
        {
          workspaceId: workspace.id,
          actorUserId: other.user.id,
          input: { membershipId: ownerMembership.id, role: "admin" },
        },
        prisma,
      );
      second.catch(() => {});
      expect(await blockedOrSettled(second)).toBe("blocked");
    });
    const error = await failure(second!);
    expect(error.code).toBe("forbidden");
    const owners = await prisma.membership.count({ where: { workspaceId: workspace.id, role: "owner" } });
    expect(owners).toBe(1);
  });
});

describe("removeMember", () => {
  it("removes a member and withdraws a pending invitation", async () => {
    const { workspace, owner, members } = await workspaceWith("editor");
    await removeMember(
      {
        workspaceId: workspace.id,
        actorUserId: owner.id,
        input: { membershipId: members[0]!.membership.id },
      },
      prisma,
    );
    const invitation = await inviteMember(
      {
        workspaceId: workspace.id,
        actorUserId: owner.id,
        input: { email: "gone@example.com", role: "viewer" },
      },
      prisma,
    );
    await removeMember(
      { workspaceId: workspace.id, actorUserId: owner.id, input: { membershipId: invitation.id } },
      prisma,
    );
    expect((await listMembers({ workspaceId: workspace.id }, prisma)).map((member) => member.email)).toEqual([
      owner.email,
    ]);
  });

  it("refuses to remove the last owner, and lets an admin remove no owner at all", async () => {
    const { workspace, owner, ownerMembership, members } = await workspaceWith("admin");
    const last = await failure(
      removeMember(
        { workspaceId: workspace.id, actorUserId: owner.id, input: { membershipId: ownerMembership.id } },
        prisma,
      ),
    );
    expect(last.code).toBe("conflict");
    const byAdmin = await failure(
      removeMember(
        {
          workspaceId: workspace.id,
          actorUserId: members[0]!.user.id,
          input: { membershipId: ownerMembership.id },
        },
        prisma,
      ),
    );
    expect(byAdmin.code).toBe("forbidden");
  });
});

describe("workspace isolation", () => {
  it("refuses a membership id from another workspace", async () => {
    const a = await workspaceWith();
    const b = await workspaceWith("editor");
    const foreign = b.members[0]!.membership.id;
    const change = await failure(
      changeMemberRole(
        {
          workspaceId: a.workspace.id,
          actorUserId: a.owner.id,
          input: { membershipId: foreign, role: "viewer" },
        },
        prisma,
      ),
    );
    expect(change.code).toBe("not_found");
    const remove = await failure(
      removeMember(
        { workspaceId: a.workspace.id, actorUserId: a.owner.id, input: { membershipId: foreign } },
        prisma,
      ),
    );
    expect(remove.code).toBe("not_found");
    expect(await prisma.membership.findUnique({ where: { id: foreign } })).toMatchObject({ role: "editor" });
  });

  it("refuses an actor who is not a member of the workspace", async () => {
    const a = await workspaceWith();
    const b = await workspaceWith();
    const error = await failure(
      inviteMember(
        {
          workspaceId: a.workspace.id,
          actorUserId: b.owner.id,
          input: { email: "x@example.com", role: "viewer" },
        },
        prisma,
      ),
    );
    expect(error.code).toBe("forbidden");
  });

  it("lets only the invited email accept or decline an invitation", async () => {
    const { workspace, owner } = await workspaceWith();
    const invitation = await inviteMember(
      {
        workspaceId: workspace.id,
        actorUserId: owner.id,
        input: { email: "invited@example.com", role: "viewer" },
      },
      prisma,
    );
    const stranger = await user("Stranger");
    expect(
      (await failure(acceptInvitation({ user: stranger, membershipId: invitation.id }, prisma))).code,
    ).toBe("not_found");
    expect(
      (await failure(declineInvitation({ user: stranger, membershipId: invitation.id }, prisma))).code,
    ).toBe("not_found");
    await declineInvitation({ user: { email: "invited@example.com" }, membershipId: invitation.id }, prisma);
    expect(await prisma.membership.findUnique({ where: { id: invitation.id } })).toBeNull();
  });
});
