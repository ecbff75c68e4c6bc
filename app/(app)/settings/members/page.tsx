import type { Metadata } from "next";
import { InviteMemberForm } from "@/components/settings/invite-member-form";
import { MembersTable } from "@/components/settings/members-table";
import { ReadOnlyNote } from "@/components/settings/read-only-note";
import { Card, CardHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { listMembers } from "@/lib/workspaces/list-members";
import { appBaseUrl } from "../../_lib/base-url";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { workspace, role, user } = await requirePageWorkspace();
  const canManage = hasRole(role, "admin");
  const [members, baseUrl] = await Promise.all([
    listMembers({ workspaceId: workspace.id }, prisma),
    appBaseUrl(),
  ]);

  return (
    <div className="space-y-6">
      {canManage ? (
        <Card>
          <CardHeader
            title="Invite a member"
            description="The invitation is accepted when they sign up with this email, or — if they already have an account — from their workspace menu."
          />
          <InviteMemberForm actorRole={role} baseUrl={baseUrl} />
        </Card>
      ) : (
        <ReadOnlyNote>{`You are ${role === "editor" ? "an editor" : "a viewer"} here: only admins and owners invite, change roles and remove members.`}</ReadOnlyNote>
      )}
      <Card>
        <CardHeader
          title="Members"
          description="A workspace always keeps at least one owner; only owners make or change owners."
        />
        <MembersTable
          actorRole={role}
          baseUrl={baseUrl}
          members={members.map((member) => ({
            id: member.id,
            email: member.email,
            name: member.name,
            role: member.role,
            status: member.status,
            invitedByName: member.invitedByName,
            createdAt: member.createdAt.toISOString(),
            isYou: member.userId === user.id,
          }))}
        />
      </Card>
    </div>
  );
}
