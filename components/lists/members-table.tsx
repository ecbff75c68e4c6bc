"use client";

import { useState } from "react";
import { InlineActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AbsoluteTime } from "@/components/ui/time";
import { useServerAction } from "@/components/ui/use-server-action";
import { removeListMembersAction } from "@/lib/actions/list-actions";

export type TMemberRow = {
  profileId: string;
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  joinedAt: Date;
};

/** Members with checkboxes: remove one (row button) or the selected ones (editors only). */
export function MembersTable({
  listId,
  members,
  canEdit,
}: {
  listId: string;
  members: TMemberRow[];
  canEdit: boolean;
}) {
  const action = useServerAction();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const remove = (profileIds: string[]) =>
    action.run(() => removeListMembersAction({ listId, profileIds }), {
      notice: (result) => `Removed ${result.removed} member${result.removed === 1 ? "" : "s"}`,
      onSuccess: () => setSelected(new Set()),
    });
  const toggle = (profileId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(profileId)) next.delete(profileId);
      else next.add(profileId);
      return next;
    });
  const allSelected = members.length > 0 && members.every((member) => selected.has(member.profileId));
  return (
    <div>
      {canEdit ? (
        <div className="flex items-center gap-2 px-4 py-2">
          <Button
            size="sm"
            variant="danger"
            disabled={selected.size === 0}
            pending={action.pending}
            onClick={() => remove([...selected])}
          >
            Remove selected ({selected.size})
          </Button>
          <InlineActionFeedback error={action.error} notice={action.notice} />
        </div>
      ) : null}
      <Table>
        <THead>
          <tr>
            {canEdit ? (
              <TH className="w-8">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={allSelected}
                  onChange={() =>
                    setSelected(allSelected ? new Set() : new Set(members.map((member) => member.profileId)))
                  }
                />
              </TH>
            ) : null}
            <TH>Email</TH>
            <TH>Phone</TH>
            <TH>External id</TH>
            <TH>Name</TH>
            <TH>Joined</TH>
            {canEdit ? <TH /> : null}
          </tr>
        </THead>
        <TBody>
          {members.map((member) => (
            <TR key={member.profileId} data-testid="member-row">
              {canEdit ? (
                <TD>
                  <input
                    type="checkbox"
                    aria-label={`Select ${member.email ?? member.profileId}`}
                    checked={selected.has(member.profileId)}
                    onChange={() => toggle(member.profileId)}
                  />
                </TD>
              ) : null}
              <TD className="font-medium text-zinc-900">{member.email ?? "—"}</TD>
              <TD>{member.phoneNumber ?? "—"}</TD>
              <TD>{member.externalId ?? "—"}</TD>
              <TD>{[member.firstName, member.lastName].filter(Boolean).join(" ") || "—"}</TD>
              <TD>
                <AbsoluteTime value={member.joinedAt} />
              </TD>
              {canEdit ? (
                <TD className="text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove ${member.email ?? member.profileId}`}
                    onClick={() => remove([member.profileId])}
                  >
                    Remove
                  </Button>
                </TD>
              ) : null}
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
