import { cookies } from "next/headers";
import { currentUser, type TCurrentUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

export const WORKSPACE_COOKIE = "hookflow-workspace";

export type TWorkspaceContext = {
  user: TCurrentUser;
  workspace: { id: string; name: string };
  role: Role;
};

/**
 * The user's current workspace (the cookie's, if the user is still an active member there,
 * else their first) and role. Null when signed out or a member of no workspace.
 */
export async function workspaceContext(): Promise<TWorkspaceContext | null> {
  const user = await currentUser();
  if (!user) return null;
  const wanted = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const memberships = await prisma.membership.findMany({
    where: { userId: user.id, status: "active" },
    include: { workspace: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  const membership = memberships.find((m) => m.workspaceId === wanted) ?? memberships[0];
  if (!membership) return null;
  return { user, workspace: membership.workspace, role: membership.role };
}

/**
 * Every server action and route handler that touches workspace data starts here: it checks the
 * session, the membership and the role, whatever the middleware or the page did before.
 */
export async function requireWorkspace(
  options: { role: Role } = { role: "viewer" },
): Promise<TWorkspaceContext> {
  const context = await workspaceContext();
  if (!context) throw new HookflowError("unauthenticated", "Sign in to continue");
  if (!hasRole(context.role, options.role)) {
    throw new HookflowError(
      "forbidden",
      `This needs the ${options.role} role or higher; you are ${context.role} in ${context.workspace.name}`,
    );
  }
  return context;
}
