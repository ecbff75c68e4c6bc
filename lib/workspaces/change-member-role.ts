import { hasRole } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/prisma";
import { forbidden, HookflowError, notFound } from "@/lib/errors";
import type { TChangeMemberRole } from "@/lib/workspaces/member-schemas";
import { actorRoleOrThrow, countActiveOwners, withWorkspaceLock } from "@/lib/workspaces/workspace-lock";

/**
 * Rules: admins and owners change roles; only owners make owners or change an owner's role; the
 * last active owner cannot step down (a workspace without an owner could never get one back).
 * Works on pending invitations too.
 */
export async function changeMemberRole(
  options: { workspaceId: string; actorUserId: string; input: TChangeMemberRole },
  db: Db,
) {
  const { workspaceId, input } = options;
  return withWorkspaceLock(db, workspaceId, async (tx) => {
    const actorRole = await actorRoleOrThrow(tx, { workspaceId, userId: options.actorUserId });
    if (!hasRole(actorRole, "admin")) throw forbidden("Only admins and owners can change roles");
    const target = await tx.membership.findFirst({
      where: { id: input.membershipId, workspaceId },
      select: { id: true, email: true, role: true, status: true },
    });
    if (!target) throw notFound("Member");
    if (target.role === input.role) return target;
    if ((target.role === "owner" || input.role === "owner") && actorRole !== "owner") {
      throw forbidden("Only owners can make someone an owner or change an owner's role");
    }
    if (
      target.role === "owner" &&
      target.status === "active" &&
      (await countActiveOwners(tx, workspaceId)) <= 1
    ) {
      throw new HookflowError(
        "conflict",
        `${target.email} is the only owner: make another member owner first`,
        { pointer: "role" },
      );
    }
    return tx.membership.update({
      where: { id: target.id },
      data: { role: input.role },
      select: { id: true, email: true, role: true, status: true },
    });
  });
}
