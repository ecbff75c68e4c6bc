"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { Popover } from "@/components/ui/popover";
import { RenameDuplicateDeleteItems } from "@/components/ui/row-menu-items";
import { deleteFlowAction, duplicateFlowAction, renameFlowAction } from "@/lib/actions/flow-actions";

/**
 * A flow's row menu on the flows list: export (anyone), rename, duplicate, delete (editors). Delete
 * asks first; while runs are in progress it is refused and offers to cancel them and delete.
 */
export function FlowRowActions({
  flowId,
  name,
  canEdit,
}: {
  flowId: string;
  name: string;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const [newName, setNewName] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [activeRuns, setActiveRuns] = useState<number | null>(null);
  const [isPending, startTransition] = useTransition();

  const close = () => {
    setDialog(null);
    setError(null);
    setActiveRuns(null);
  };

  function rename() {
    startTransition(async () => {
      const result = await renameFlowAction({ flowId, name: newName });
      if (!result.ok) return setError(result.error);
      close();
    });
  }
  function duplicate() {
    startTransition(async () => {
      const result = await duplicateFlowAction({ flowId });
      if (!result.ok) return setError(result.error);
      router.push(`/flows/${result.data.flowId}`);
    });
  }
  function remove(cancelRuns: boolean) {
    startTransition(async () => {
      const result = await deleteFlowAction({ flowId, cancelRuns });
      if (!result.ok) return setError(result.error);
      if (!result.data.deleted) {
        setActiveRuns(result.data.activeRuns);
        setError(result.data.message);
        return;
      }
      close();
    });
  }

  return (
    <>
      <Popover
        trigger="⋯"
        triggerLabel={`Actions for ${name}`}
        triggerClassName={buttonClasses({ size: "sm", variant: "ghost" })}
        align="end"
        testId="flow-row-menu"
      >
        {(closeMenu) => (
          <>
            <a
              href={`/flows/${flowId}/export`}
              download
              onClick={closeMenu}
              className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-[13px] text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900"
            >
              Export JSON
            </a>
            {canEdit ? (
              <RenameDuplicateDeleteItems
                closeMenu={closeMenu}
                onRename={() => setDialog("rename")}
                onDuplicate={duplicate}
                onDelete={() => setDialog("delete")}
              />
            ) : null}
          </>
        )}
      </Popover>
      <Dialog open={dialog === "rename"} onClose={close} title="Rename flow">
        <div className="space-y-3">
          <TextField
            label="Name"
            value={newName}
            onChange={(event) => setNewName(event.target.value)}
            error={error ?? undefined}
          />
          <DialogActions>
            <Button onClick={close}>Cancel</Button>
            <Button variant="primary" onClick={rename} pending={isPending}>
              Rename
            </Button>
          </DialogActions>
        </div>
      </Dialog>
      <Dialog
        open={dialog === "delete"}
        onClose={close}
        title={`Delete “${name}”?`}
        description="Its versions and run history are deleted too. This cannot be undone."
      >
        <div className="space-y-3">
          {error ? (
            <p role="alert" className="text-[13px] text-red-700">
              {error}
            </p>
          ) : null}
          <DialogActions>
            <Button onClick={close}>Keep it</Button>
            {activeRuns ? (
              <Button variant="danger" onClick={() => remove(true)} pending={isPending}>
                Cancel {activeRuns} run{activeRuns === 1 ? "" : "s"} and delete
              </Button>
            ) : (
              <Button variant="danger" onClick={() => remove(false)} pending={isPending}>
                Delete flow
              </Button>
            )}
          </DialogActions>
        </div>
      </Dialog>
    </>
  );
}
