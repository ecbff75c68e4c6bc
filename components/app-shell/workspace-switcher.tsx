"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { CreateWorkspaceDialog } from "@/components/app-shell/create-workspace-dialog";
import type { TShellProps } from "@/components/app-shell/types";
import { Button } from "@/components/ui/button";
import { IconCheck, IconChevronsUpDown, IconMail, IconPlus } from "@/components/ui/icons";
import { Popover, PopoverItem, PopoverLabel, PopoverSeparator } from "@/components/ui/popover";
import type { TActionResult } from "@/lib/actions/action-result";
import {
  acceptInvitationAction,
  declineInvitationAction,
  switchWorkspaceAction,
} from "@/lib/actions/workspace-actions";

export function WorkspaceSwitcher({ current, workspaces, invitations }: Omit<TShellProps, "user">) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  // Deeper pages (/flows/<id>) name records of the old workspace: go back to the section's root.
  function run(action: () => Promise<TActionResult<unknown>>, close: () => void) {
    setError(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setError(result.error);
        return;
      }
      close();
      const section = `/${pathname.split("/")[1] ?? ""}`;
      if (section !== pathname) router.push(section);
    });
  }

  return (
    <>
      <Popover
        triggerLabel={`Workspace: ${current.name}. Switch workspace`}
        testId="workspace-switcher"
        triggerClassName="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-zinc-100"
        trigger={
          <>
            <span className="flex size-6 items-center justify-center rounded-md bg-zinc-900 text-[11px] font-semibold text-white">
              {current.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-[13px] font-semibold text-zinc-900">{current.name}</span>
              <span className="block text-[11px] text-zinc-500 capitalize">{current.role}</span>
            </span>
            {invitations.length > 0 ? (
              <span className="rounded-full bg-accent-600 px-1.5 text-[10px] leading-4 font-semibold text-white">
                {invitations.length}
                <span className="sr-only"> pending invitations</span>
              </span>
            ) : null}
            <IconChevronsUpDown className="text-zinc-400" />
          </>
        }
      >
        {(close) => (
          <div aria-busy={pending}>
            <PopoverLabel>Workspaces</PopoverLabel>
            {workspaces.map((workspace) => (
              <PopoverItem
                key={workspace.id}
                disabled={pending}
                onClick={() =>
                  workspace.id === current.id
                    ? close()
                    : run(() => switchWorkspaceAction({ workspaceId: workspace.id }), close)
                }
              >
                <span className="min-w-0 flex-1 truncate">{workspace.name}</span>
                <span className="text-[11px] text-zinc-400 capitalize">{workspace.role}</span>
                {workspace.id === current.id ? (
                  <IconCheck className="text-accent-600" />
                ) : (
                  <span className="size-4" />
                )}
              </PopoverItem>
            ))}
            {invitations.length > 0 ? (
              <>
                <PopoverSeparator />
                <PopoverLabel>Invitations</PopoverLabel>
                {invitations.map((invitation) => (
                  <div
                    key={invitation.id}
                    className="rounded-md px-2 py-1.5"
                    data-testid="workspace-invitation"
                  >
                    <div className="flex items-center gap-2 text-[13px] text-zinc-800">
                      <IconMail className="text-zinc-400" />
                      <span className="truncate font-medium">{invitation.workspaceName}</span>
                    </div>
                    <p className="mt-0.5 pl-6 text-xs text-zinc-500">
                      As {invitation.role}
                      {invitation.invitedByName ? `, invited by ${invitation.invitedByName}` : ""}
                    </p>
                    <div className="mt-1.5 flex gap-1.5 pl-6">
                      <Button
                        size="sm"
                        variant="primary"
                        disabled={pending}
                        aria-label={`Accept invitation to ${invitation.workspaceName}`}
                        onClick={() =>
                          run(() => acceptInvitationAction({ membershipId: invitation.id }), close)
                        }
                      >
                        Accept
                      </Button>
                      <Button
                        size="sm"
                        disabled={pending}
                        aria-label={`Decline invitation to ${invitation.workspaceName}`}
                        onClick={() =>
                          run(
                            () => declineInvitationAction({ membershipId: invitation.id }),
                            () => {},
                          )
                        }
                      >
                        Decline
                      </Button>
                    </div>
                  </div>
                ))}
              </>
            ) : null}
            <PopoverSeparator />
            <PopoverItem
              onClick={() => {
                close();
                setCreating(true);
              }}
            >
              <IconPlus className="text-zinc-400" />
              New workspace
            </PopoverItem>
            {error ? (
              <p role="alert" className="px-2 py-1.5 text-xs text-red-600">
                {error}
              </p>
            ) : null}
          </div>
        )}
      </Popover>
      <CreateWorkspaceDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
