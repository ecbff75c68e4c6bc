"use server";

import { refresh } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { prisma } from "@/lib/db/prisma";
import { changeMemberRole } from "@/lib/workspaces/change-member-role";
import { inviteMember } from "@/lib/workspaces/invite-member";
import { ZChangeMemberRole, ZInviteMember, ZMembershipRef } from "@/lib/workspaces/member-schemas";
import { removeMember } from "@/lib/workspaces/remove-member";

// Each action checks admin+ itself; the domain functions check the finer rules (owners, last owner)
// again inside their transaction.

export async function inviteMemberAction(input: unknown) {
  return workspaceAction({
    name: "inviteMember",
    role: "admin",
    schema: ZInviteMember,
    input,
    run: async (data, { workspace, user }) => {
      const invitation = await inviteMember(
        { workspaceId: workspace.id, actorUserId: user.id, input: data },
        prisma,
      );
      refresh();
      return { id: invitation.id, email: invitation.email, role: invitation.role };
    },
  });
}

export async function changeMemberRoleAction(input: unknown) {
  return workspaceAction({
    name: "changeMemberRole",
    role: "admin",
    schema: ZChangeMemberRole,
    input,
    run: async (data, { workspace, user }) => {
      const member = await changeMemberRole(
        { workspaceId: workspace.id, actorUserId: user.id, input: data },
        prisma,
      );
      refresh();
      return { id: member.id, role: member.role };
    },
  });
}

export async function removeMemberAction(input: unknown) {
  return workspaceAction({
    name: "removeMember",
    role: "admin",
    schema: ZMembershipRef,
    input,
    run: async (data, { workspace, user }) => {
      const removed = await removeMember(
        { workspaceId: workspace.id, actorUserId: user.id, input: data },
        prisma,
      );
      refresh();
      return removed;
    },
  });
}
