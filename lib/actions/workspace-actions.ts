"use server";

import { refresh } from "next/cache";
import { userAction } from "@/lib/actions/workspace-action";
import { selectWorkspace } from "@/lib/actions/workspace-cookie";
import { prisma } from "@/lib/db/prisma";
import { forbidden } from "@/lib/errors";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { acceptInvitation, declineInvitation } from "@/lib/workspaces/invitations";
import { isActiveMember } from "@/lib/workspaces/list-user-workspaces";
import { ZMembershipRef, ZWorkspaceName, ZWorkspaceRef } from "@/lib/workspaces/member-schemas";

export async function switchWorkspaceAction(input: unknown) {
  return userAction({
    name: "switchWorkspace",
    schema: ZWorkspaceRef,
    input,
    run: async ({ workspaceId }, user) => {
      if (!(await isActiveMember({ userId: user.id, workspaceId }, prisma))) {
        throw forbidden("You are not a member of that workspace");
      }
      await selectWorkspace(workspaceId);
      refresh();
      return { workspaceId };
    },
  });
}

export async function createWorkspaceAction(input: unknown) {
  return userAction({
    name: "createWorkspace",
    schema: ZWorkspaceName,
    input,
    run: async ({ name }, user) => {
      const workspace = await prisma.$transaction((tx) => createWorkspace({ name, owner: user }, tx));
      await selectWorkspace(workspace.id);
      refresh();
      return { workspaceId: workspace.id };
    },
  });
}

export async function acceptInvitationAction(input: unknown) {
  return userAction({
    name: "acceptInvitation",
    schema: ZMembershipRef,
    input,
    run: async ({ membershipId }, user) => {
      const { workspaceId } = await acceptInvitation({ user, membershipId }, prisma);
      await selectWorkspace(workspaceId);
      refresh();
      return { workspaceId };
    },
  });
}

export async function declineInvitationAction(input: unknown) {
  return userAction({
    name: "declineInvitation",
    schema: ZMembershipRef,
    input,
    run: async ({ membershipId }, user) => {
      await declineInvitation({ user, membershipId }, prisma);
      refresh();
      return { membershipId };
    },
  });
}
