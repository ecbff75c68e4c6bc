import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import { prisma } from "@/lib/db/prisma";
import { listInvitations } from "@/lib/workspaces/invitations";
import { listUserWorkspaces } from "@/lib/workspaces/list-user-workspaces";
import { requirePageWorkspace } from "./_lib/page-context";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, workspace, role } = await requirePageWorkspace();
  const [workspaces, invitations] = await Promise.all([
    listUserWorkspaces({ userId: user.id }, prisma),
    listInvitations({ email: user.email }, prisma),
  ]);
  return (
    <AppShell
      shell={{
        user: { name: user.name, email: user.email },
        current: { id: workspace.id, name: workspace.name, role },
        workspaces,
        invitations: invitations.map(({ id, workspaceName, role: invitedRole, invitedByName }) => ({
          id,
          workspaceName,
          role: invitedRole,
          invitedByName,
        })),
      }}
    >
      {children}
    </AppShell>
  );
}
