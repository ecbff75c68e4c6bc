import { hasRole } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/prisma";
import { forbidden, HookflowError } from "@/lib/errors";
import type { TInviteMember } from "@/lib/workspaces/member-schemas";
import { actorRoleOrThrow, withWorkspaceLock } from "@/lib/workspaces/workspace-lock";

/**
 * Invites an email with a role: a pending membership. Whoever owns that email accepts it — at
 * sign-up automatically (lib/auth/sign-up.ts), or, if they already have an account, from the
 * workspace menu (accept-invitation.ts). An existing user is never added without their consent.
 */
export async function inviteMember(
  options: { workspaceId: string; actorUserId: string; input: TInviteMember },
  db: Db,
) {
  const { workspaceId, input } = options;
  return withWorkspaceLock(db, workspaceId, async (tx) => {
    const actorRole = await actorRoleOrThrow(tx, { workspaceId, userId: options.actorUserId });
    if (!hasRole(actorRole, "admin")) throw forbidden("Only admins and owners can invite members");
    if (input.role === "owner" && actorRole !== "owner") throw forbidden("Only owners can invite owners");
    const existing = await tx.membership.findUnique({
      where: { workspaceId_email: { workspaceId, email: input.email } },
      select: { status: true },
    });
    if (existing) {
      const message =
        existing.status === "active"
          ? `${input.email} is already a member of this workspace`
          : `${input.email} is already invited; change the role in the list below`;
      throw new HookflowError("conflict", message, { pointer: "email" });
    }
    return tx.membership.create({
      data: {
        workspaceId,
        email: input.email,
        role: input.role,
        status: "pending",
        invitedById: options.actorUserId,
      },
      select: { id: true, email: true, role: true, status: true, createdAt: true },
    });
  });
}
