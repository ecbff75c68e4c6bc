import type { Db } from "@/lib/db/prisma";
import type { Role } from "@/lib/generated/prisma/enums";

export type TUserWorkspace = { id: string; name: string; role: Role };

/** The workspaces a user is an active member of, in the order workspaceContext() falls back on. */
export async function listUserWorkspaces(options: { userId: string }, db: Db): Promise<TUserWorkspace[]> {
  const rows = await db.membership.findMany({
    where: { userId: options.userId, status: "active" },
    select: { role: true, workspace: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({ id: row.workspace.id, name: row.workspace.name, role: row.role }));
}

/** Whether the user may switch to the workspace (an active membership), checked on every switch. */
export async function isActiveMember(
  options: { userId: string; workspaceId: string },
  db: Db,
): Promise<boolean> {
  const found = await db.membership.findFirst({
    where: { userId: options.userId, workspaceId: options.workspaceId, status: "active" },
    select: { id: true },
  });
  return found !== null;
}
