import type { Db } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

// The invited side of an invitation. Invitations are addressed to an email, so a signed-in user
// sees (and may accept) exactly the pending memberships carrying their account's email.

export type TInvitation = {
  id: string;
  workspaceId: string;
  workspaceName: string;
  role: Role;
  invitedByName: string | null;
};

export async function listInvitations(options: { email: string }, db: Db): Promise<TInvitation[]> {
  const rows = await db.membership.findMany({
    where: { email: options.email, status: "pending" },
    select: { id: true, role: true, invitedById: true, workspace: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  const inviterIds = rows.flatMap((row) => (row.invitedById ? [row.invitedById] : []));
  const inviters = inviterIds.length
    ? await db.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true } })
    : [];
  const inviterName = new Map(inviters.map((user) => [user.id, user.name]));
  return rows.map((row) => ({
    id: row.id,
    workspaceId: row.workspace.id,
    workspaceName: row.workspace.name,
    role: row.role,
    invitedByName: row.invitedById ? (inviterName.get(row.invitedById) ?? null) : null,
  }));
}

export async function acceptInvitation(
  options: { user: { id: string; email: string }; membershipId: string },
  db: Db,
): Promise<{ workspaceId: string }> {
  const invitation = await db.membership.findFirst({
    where: { id: options.membershipId, email: options.user.email, status: "pending" },
    select: { id: true, workspaceId: true },
  });
  if (!invitation) throw notFound("Invitation");
  // Conditional update: a withdrawn or already-accepted invitation is not resurrected.
  const accepted = await db.membership.updateMany({
    where: { id: invitation.id, status: "pending" },
    data: { userId: options.user.id, status: "active" },
  });
  if (accepted.count === 0) throw notFound("Invitation");
  return { workspaceId: invitation.workspaceId };
}

export async function declineInvitation(
  options: { user: { email: string }; membershipId: string },
  db: Db,
): Promise<void> {
  const declined = await db.membership.deleteMany({
    where: { id: options.membershipId, email: options.user.email, status: "pending" },
  });
  if (declined.count === 0) throw notFound("Invitation");
}
