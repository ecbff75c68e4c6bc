"use client";

import { MemberRoleSelect } from "@/components/settings/member-role-select";
import { ROLE_OPTIONS, signUpLink } from "@/components/settings/roles";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AbsoluteTime } from "@/components/ui/time";
import { removeMemberAction } from "@/lib/actions/member-actions";
import type { MembershipStatus, Role } from "@/lib/generated/prisma/enums";

export type TMemberRow = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  status: MembershipStatus;
  invitedByName: string | null;
  createdAt: string;
  isYou: boolean;
};

const ROLE_LABEL = Object.fromEntries(ROLE_OPTIONS.map((option) => [option.value, option.label])) as Record<
  Role,
  string
>;

function removeCopy(member: TMemberRow) {
  if (member.status === "pending") {
    return {
      label: "Withdraw",
      title: `Withdraw the invitation for ${member.email}?`,
      description: "The sign-up link stops joining this workspace.",
      confirm: "Withdraw invitation",
    };
  }
  if (member.isYou) {
    return {
      label: "Leave",
      title: "Leave this workspace?",
      description: "You lose access at once; an admin would have to invite you again.",
      confirm: "Leave workspace",
    };
  }
  return {
    label: "Remove",
    title: `Remove ${member.name ?? member.email}?`,
    description: "They lose access to this workspace at once. What they built stays.",
    confirm: "Remove member",
  };
}

export function MembersTable({
  members,
  actorRole,
  baseUrl,
}: {
  members: TMemberRow[];
  actorRole: Role;
  baseUrl: string;
}) {
  const canManage = actorRole === "owner" || actorRole === "admin";
  // Mirrors the server's rules so no control is offered that would be refused; the server checks again.
  const canEdit = (member: TMemberRow) => canManage && (member.role !== "owner" || actorRole === "owner");

  return (
    <Table>
      <THead>
        <tr>
          <TH>Member</TH>
          <TH>Role</TH>
          <TH>Status</TH>
          <TH>Since</TH>
          {canManage ? (
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          ) : null}
        </tr>
      </THead>
      <TBody>
        {members.map((member) => {
          const copy = removeCopy(member);
          return (
            <TR key={member.id} data-testid="member-row">
              <TD>
                <div className="flex items-center gap-2">
                  <span className="font-medium text-zinc-900">{member.name ?? member.email}</span>
                  {member.isYou ? <Badge>You</Badge> : null}
                </div>
                {member.name ? <div className="text-xs text-zinc-500">{member.email}</div> : null}
              </TD>
              <TD>
                {canEdit(member) ? (
                  <MemberRoleSelect
                    key={`${member.id}:${member.role}`}
                    membershipId={member.id}
                    email={member.email}
                    role={member.role}
                    actorRole={actorRole}
                  />
                ) : (
                  <Badge tone={member.role === "owner" ? "accent" : "neutral"}>
                    {ROLE_LABEL[member.role]}
                  </Badge>
                )}
              </TD>
              <TD>
                {member.status === "pending" ? (
                  <div>
                    <Badge tone="amber">Invited</Badge>
                    {member.invitedByName ? (
                      <div className="mt-0.5 text-xs text-zinc-500">by {member.invitedByName}</div>
                    ) : null}
                  </div>
                ) : (
                  <Badge tone="green">Active</Badge>
                )}
              </TD>
              <TD className="whitespace-nowrap">
                <AbsoluteTime value={member.createdAt} dateOnly />
              </TD>
              {canManage ? (
                <TD>
                  <div className="flex items-center justify-end gap-1.5">
                    {member.status === "pending" ? (
                      <CopyButton text={signUpLink(baseUrl, member.email)} label="Copy sign-up link" />
                    ) : null}
                    {canEdit(member) ? (
                      <ConfirmButton
                        label={copy.label}
                        accessibleLabel={`${copy.label} ${member.email}`}
                        title={copy.title}
                        description={copy.description}
                        confirmLabel={copy.confirm}
                        onConfirm={() => removeMemberAction({ membershipId: member.id })}
                      />
                    ) : null}
                  </div>
                </TD>
              ) : null}
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
