import type { Db } from "@/lib/db/prisma";
import type { MembershipStatus, Role } from "@/lib/generated/prisma/enums";

export type TMember = {
  id: string;
  userId: string | null;
  email: string;
  name: string | null;
  role: Role;
  status: MembershipStatus;
  invitedByName: string | null;
  createdAt: Date;
};

/** Active members first, then pending invitations; each group oldest first. */
export async function listMembers(options: { workspaceId: string }, db: Db): Promise<TMember[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId: options.workspaceId },
    select: {
      id: true,
      userId: true,
      email: true,
      role: true,
      status: true,
      invitedById: true,
      createdAt: true,
      user: { select: { name: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const inviterIds = [...new Set(rows.flatMap((row) => (row.invitedById ? [row.invitedById] : [])))];
  const inviters = inviterIds.length
    ? await db.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true } })
    : [];
  const inviterName = new Map(inviters.map((user) => [user.id, user.name]));
  const members = rows.map((row) => ({
    id: row.id,
    userId: row.userId,
    email: row.email,
    name: row.user?.name ?? null,
    role: row.role,
    status: row.status,
    invitedByName: row.invitedById ? (inviterName.get(row.invitedById) ?? null) : null,
    createdAt: row.createdAt,
  }));
  // Stable sort: active members on top, each group keeps its oldest-first order.
  return members.sort((a, b) => (a.status === b.status ? 0 : a.status === "active" ? -1 : 1));
}
