"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormError } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import { deleteListAction, renameListAction } from "@/lib/actions/list-actions";

/** Rename and delete (shown to editors and above; the actions check again). */
export function ListToolbar({ listId, name }: { listId: string; name: string }) {
  const router = useRouter();
  const action = useServerAction();
  const [isRenaming, setIsRenaming] = useState(false);
  const [draftName, setDraftName] = useState(name);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {isRenaming ? (
        <form
          className="flex items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            action.run(() => renameListAction({ listId, name: draftName }), {
              onSuccess: () => setIsRenaming(false),
            });
          }}
        >
          <input
            aria-label="New name"
            className="h-8 rounded-md border border-zinc-300 px-2 text-sm"
            value={draftName}
            onChange={(event) => setDraftName(event.target.value)}
          />
          <Button type="submit" size="sm" pending={action.pending}>
            Save name
          </Button>
        </form>
      ) : (
        <Button size="sm" onClick={() => setIsRenaming(true)}>
          Rename
        </Button>
      )}
      <ConfirmButton
        label="Delete"
        title={`Delete “${name}”?`}
        description="Its memberships are deleted (the profiles stay). Flows triggered by it stop receiving joins."
        confirmLabel="Delete list"
        variant="danger"
        onConfirm={async () => {
          const result = await deleteListAction({ listId });
          if (result.ok) router.push("/lists");
          return result;
        }}
      />
      <FormError>{action.error}</FormError>
    </div>
  );
}
