import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { acceptInvitation, listInvitations } from "@/lib/workspaces/invitations";
import { inviteMember } from "@/lib/workspaces/invite-member";
import { listMembers } from "@/lib/workspaces/list-members";
import { listUserWorkspaces } from "@/lib/workspaces/list-user-workspaces";
import { failure, user, workspaceWith } from "@/lib/workspaces/members-fixtures";
import { createTestDatabase } from "@/test/database";

await createTestDatabase();

describe("inviteMember", () => {
  it("creates a pending invitation the invited email sees and can accept", async () => {
    const { workspace, owner } = await workspaceWith();
    const invitee = await user("Invitee");
    const invitation = await inviteMember(
      { workspaceId: workspace.id, actorUserId: owner.id, input: { email: invitee.email, role: "editor" } },
      prisma,
    );
    expect(invitation).toMatchObject({ email: invitee.email, role: "editor", status: "pending" });
    expect(await listUserWorkspaces({ userId: invitee.id }, prisma)).toEqual([]);

    const invitations = await listInvitations({ email: invitee.email }, prisma);
    expect(invitations).toEqual([
      {
        id: invitation.id,
        workspaceId: workspace.id,
        workspaceName: workspace.name,
        role: "editor",
        invitedByName: "Owner",
      },
    ]);
    await acceptInvitation({ user: invitee, membershipId: invitation.id }, prisma);
    expect(await listUserWorkspaces({ userId: invitee.id }, prisma)).toEqual([
      { id: workspace.id, name: workspace.name, role: "editor" },
    ]);
    expect(await listInvitations({ email: invitee.email }, prisma)).toEqual([]);
  });

  it("refuses to invite an existing member or an already invited email, on the email field", async () => {
    const { workspace, owner, members } = await workspaceWith("viewer");
    const member = members[0]!.user;
    const again = await failure(
      inviteMember(
        { workspaceId: workspace.id, actorUserId: owner.id, input: { email: member.email, role: "admin" } },
        prisma,
      ),
    );
    expect(again).toMatchObject({ code: "conflict", pointer: "email" });
    expect(again.message).toContain("already a member");

    const input = { email: "new@example.com", role: "viewer" as const };
    await inviteMember({ workspaceId: workspace.id, actorUserId: owner.id, input }, prisma);
    const twice = await failure(
      inviteMember({ workspaceId: workspace.id, actorUserId: owner.id, input }, prisma),
    );
    expect(twice.message).toContain("already invited");
  });

  it("lets admins invite, but only owners invite owners", async () => {
    const { workspace, owner, members } = await workspaceWith("admin");
    const admin = members[0]!.user;
    await inviteMember(
      { workspaceId: workspace.id, actorUserId: admin.id, input: { email: "a@example.com", role: "admin" } },
      prisma,
    );
    const asAdmin = await failure(
      inviteMember(
        {
          workspaceId: workspace.id,
          actorUserId: admin.id,
          input: { email: "o@example.com", role: "owner" },
        },
        prisma,
      ),
    );
    expect(asAdmin.code).toBe("forbidden");
    await inviteMember(
      { workspaceId: workspace.id, actorUserId: owner.id, input: { email: "o@example.com", role: "owner" } },
      prisma,
    );
  });

  it.each(["editor", "viewer"] as const)("refuses an %s", async (role) => {
    const { workspace, members } = await workspaceWith(role);
    const error = await failure(
      inviteMember(
        {
          workspaceId: workspace.id,
          actorUserId: members[0]!.user.id,
          input: { email: "x@example.com", role: "viewer" },
        },
        prisma,
      ),
    );
    expect(error.code).toBe("forbidden");
  });
});

describe("listMembers", () => {
  it("lists active members first, then invitations with who invited them", async () => {
    const { workspace, owner } = await workspaceWith();
    await inviteMember(
      {
        workspaceId: workspace.id,
        actorUserId: owner.id,
        input: { email: "later@example.com", role: "viewer" },
      },
      prisma,
    );
    const joined = await user("Joined");
    await prisma.membership.create({
      data: {
        workspaceId: workspace.id,
        userId: joined.id,
        email: joined.email,
        role: "editor",
        status: "active",
      },
    });
    const members = await listMembers({ workspaceId: workspace.id }, prisma);
    expect(members.map((member) => [member.email, member.status, member.name, member.invitedByName])).toEqual(
      [
        [owner.email, "active", "Owner", null],
        [joined.email, "active", "Joined", null],
        ["later@example.com", "pending", null, "Owner"],
      ],
    );
  });
});
