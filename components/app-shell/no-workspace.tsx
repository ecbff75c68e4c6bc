"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { TShellInvitation } from "@/components/app-shell/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import type { TActionResult } from "@/lib/actions/action-result";
import { signOutAction } from "@/lib/actions/auth-actions";
import {
  acceptInvitationAction,
  createWorkspaceAction,
  declineInvitationAction,
} from "@/lib/actions/workspace-actions";

/** For a signed-in user who belongs to no workspace (removed from all of them, say). */
export function NoWorkspace({
  userName,
  invitations,
}: {
  userName: string;
  invitations: TShellInvitation[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const create = useFormAction(createWorkspaceAction, { onSuccess: () => router.push("/activity") });

  function decide(action: () => Promise<TActionResult<unknown>>, goToApp: boolean) {
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error);
      else if (goToApp) router.push("/activity");
    });
  }

  return (
    <div className="space-y-4">
      {invitations.length > 0 ? (
        <Card className="p-5">
          <h2 className="text-sm font-semibold">Invitations</h2>
          <ul className="mt-3 divide-y divide-zinc-100">
            {invitations.map((invitation) => (
              <li
                key={invitation.id}
                className="flex items-center gap-3 py-2.5"
                data-testid="workspace-invitation"
              >
                <div className="min-w-0 flex-1">
                  <div className="truncate text-[13px] font-medium">{invitation.workspaceName}</div>
                  <div className="text-xs text-zinc-500">
                    As {invitation.role}
                    {invitation.invitedByName ? `, invited by ${invitation.invitedByName}` : ""}
                  </div>
                </div>
                <Button
                  size="sm"
                  variant="primary"
                  disabled={pending}
                  aria-label={`Accept invitation to ${invitation.workspaceName}`}
                  onClick={() => decide(() => acceptInvitationAction({ membershipId: invitation.id }), true)}
                >
                  Accept
                </Button>
                <Button
                  size="sm"
                  disabled={pending}
                  aria-label={`Decline invitation to ${invitation.workspaceName}`}
                  onClick={() =>
                    decide(() => declineInvitationAction({ membershipId: invitation.id }), false)
                  }
                >
                  Decline
                </Button>
              </li>
            ))}
          </ul>
          <FormError>{error}</FormError>
        </Card>
      ) : null}
      <Card className="p-5">
        <h2 className="text-sm font-semibold">Create a workspace</h2>
        <p className="mt-1 text-[13px] text-zinc-500">You will be its owner and can invite others.</p>
        <form onSubmit={create.onSubmit} className="mt-4 space-y-4">
          <TextField
            label="Workspace name"
            name="name"
            required
            maxLength={100}
            defaultValue={`${userName}'s workspace`}
            error={create.fieldErrors.name}
          />
          <FormError>{create.error}</FormError>
          <Button type="submit" variant="primary" pending={create.pending}>
            Create workspace
          </Button>
        </form>
      </Card>
      <form action={signOutAction} className="text-center">
        <Button type="submit" variant="ghost" size="sm">
          Sign out
        </Button>
      </form>
    </div>
  );
}
