import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NoWorkspace } from "@/components/app-shell/no-workspace";
import { currentUser } from "@/lib/auth/current-user";
import { workspaceContext } from "@/lib/auth/workspace-context";
import { prisma } from "@/lib/db/prisma";
import { listInvitations } from "@/lib/workspaces/invitations";

export const metadata: Metadata = { title: "Choose a workspace" };

/** Where a signed-in user with no workspace lands (the app pages send them here). */
export default async function WelcomePage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  if (await workspaceContext()) redirect("/activity");
  const invitations = await listInvitations({ email: user.email }, prisma);
  return (
    <div>
      <h1 className="text-lg font-semibold tracking-tight">You are not in a workspace</h1>
      <p className="mt-1 mb-5 text-[13px] text-zinc-500">
        {invitations.length > 0
          ? "Accept an invitation, or create a workspace of your own."
          : "You were removed from your last workspace, or never had one. Create one, or ask an admin to invite you."}
      </p>
      <NoWorkspace
        userName={user.name}
        invitations={invitations.map(({ id, workspaceName, role, invitedByName }) => ({
          id,
          workspaceName,
          role,
          invitedByName,
        }))}
      />
    </div>
  );
}
