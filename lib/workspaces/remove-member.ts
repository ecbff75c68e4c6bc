import { hasRole } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/prisma";
import { forbidden, HookflowError, notFound } from "@/lib/errors";
import type { TMembershipRef } from "@/lib/workspaces/member-schemas";
import { actorRoleOrThrow, countActiveOwners, withWorkspaceLock } from "@/lib/workspaces/workspace-lock";

/**
 * Removes a member or withdraws a pending invitation. Only owners remove owners, and the last
 * active owner stays. Removing yourself is allowed under the same rules (leaving the workspace).
 */
export async function removeMember(
  options: { workspaceId: string; actorUserId: string; input: TMembershipRef },
  db: Db,
) {
  const { workspaceId, input } = options;
  return withWorkspaceLock(db, workspaceId, async (tx) => {
    const actorRole = await actorRoleOrThrow(tx, { workspaceId, userId: options.actorUserId });
    if (!hasRole(actorRole, "admin")) throw forbidden("Only admins and owners can remove members");
    const target = await tx.membership.findFirst({
      where: { id: input.membershipId, workspaceId },
      select: { id: true, email: true, role: true, status: true, userId: true },
    });
    if (!target) throw notFound("Member");
    if (target.role === "owner" && actorRole !== "owner") throw forbidden("Only owners can remove owners");
    if (
      target.role === "owner" &&
      target.status === "active" &&
      (await countActiveOwners(tx, workspaceId)) <= 1
    ) {
      throw new HookflowError("conflict", `${target.email} is the only owner and cannot be removed`);
    }
    await tx.membership.delete({ where: { id: target.id } });
    return { id: target.id, email: target.email, wasSelf: target.userId === options.actorUserId };
  });
}
