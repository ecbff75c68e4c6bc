"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import type { TFieldErrors } from "@/lib/actions/action-result";
import { createWorkspaceAction } from "@/lib/actions/workspace-actions";

export function CreateWorkspaceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});

  function close() {
    setError(null);
    setFieldErrors({});
    onClose();
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New workspace"
      description="A separate set of profiles, flows, API keys and members. You will be its owner."
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const data = Object.fromEntries(new FormData(event.currentTarget));
          startTransition(async () => {
            const result = await createWorkspaceAction(data);
            if (!result.ok) {
              setError(Object.keys(result.fieldErrors).length ? null : result.error);
              setFieldErrors(result.fieldErrors);
              return;
            }
            close();
            router.push("/activity");
          });
        }}
        className="space-y-4"
      >
        <TextField
          label="Workspace name"
          name="name"
          required
          maxLength={100}
          autoFocus
          error={fieldErrors.name}
        />
        <FormError>{error}</FormError>
        <DialogActions>
          <Button onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={pending}>
            Create workspace
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
