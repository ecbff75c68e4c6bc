"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { Popover } from "@/components/ui/popover";
import { RenameDuplicateDeleteItems } from "@/components/ui/row-menu-items";
import {
  deleteCodeFunctionAction,
  duplicateCodeFunctionAction,
  renameCodeFunctionAction,
} from "@/lib/actions/code-actions";

/**
 * A function's menu (the Code list's rows, the function page's header): rename, duplicate, delete
 * (with confirmation). `afterDelete` is where to go once the shown function is gone.
 */
export function FunctionRowActions({
  functionId,
  name,
  afterDelete,
}: {
  functionId: string;
  name: string;
  afterDelete?: string;
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const [newName, setNewName] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const close = () => {
    setDialog(null);
    setError(null);
  };

  function rename() {
    startTransition(async () => {
      const result = await renameCodeFunctionAction({ functionId, name: newName });
      if (!result.ok) return setError(result.error);
      close();
      router.refresh();
    });
  }
  function duplicate() {
    startTransition(async () => {
      const result = await duplicateCodeFunctionAction({ functionId });
      if (!result.ok) return setError(result.error);
      router.push(`/code/${result.data.functionId}`);
    });
  }
  function remove() {
    startTransition(async () => {
      const result = await deleteCodeFunctionAction({ functionId });
      if (!result.ok) return setError(result.error);
      close();
      if (afterDelete) router.push(afterDelete);
      else router.refresh();
    });
  }

  return (
    <>
      <Popover
        trigger={afterDelete ? "More" : "⋯"}
        triggerLabel={`Actions for ${name}`}
        triggerClassName={afterDelete ? buttonClasses() : buttonClasses({ size: "sm", variant: "ghost" })}
        align="end"
        testId="function-row-menu"
      >
        {(closeMenu) => (
          <RenameDuplicateDeleteItems
            closeMenu={closeMenu}
            onRename={() => {
              setNewName(name);
              setDialog("rename");
            }}
            onDuplicate={duplicate}
            onDelete={() => setDialog("delete")}
            isDuplicateDisabled={isPending}
          />
        )}
      </Popover>
      {error && dialog === null ? (
        <span role="alert" className="ml-2 text-xs text-red-600">
          {error}
        </span>
      ) : null}
      <Dialog open={dialog === "rename"} onClose={close} title="Rename function">
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            rename();
          }}
        >
          <TextField
            label="Name"
            value={newName}
            onChange={(event) => setNewName(event.target.value)}
            error={error ?? undefined}
          />
          <DialogActions>
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" pending={isPending}>
              Rename
            </Button>
          </DialogActions>
        </form>
      </Dialog>
      <Dialog
        open={dialog === "delete"}
        onClose={close}
        title={`Delete “${name}”?`}
        description="Its versions, environment variables and invocation logs are deleted too. This cannot be undone."
      >
        <FormError>{error}</FormError>
        <DialogActions>
          <Button onClick={close}>Keep it</Button>
          <Button variant="danger" onClick={remove} pending={isPending}>
            Delete function
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
