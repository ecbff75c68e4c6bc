"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormError } from "@/components/ui/field";
import { InlineRename } from "@/components/ui/inline-rename";
import { useServerAction } from "@/components/ui/use-server-action";
import { deleteListAction, renameListAction } from "@/lib/actions/list-actions";

/** Rename and delete (shown to editors and above; the actions check again). */
export function ListToolbar({ listId, name }: { listId: string; name: string }) {
  const router = useRouter();
  const action = useServerAction();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <InlineRename
        name={name}
        pending={action.pending}
        onRename={(draftName, onDone) =>
          action.run(() => renameListAction({ listId, name: draftName }), { onSuccess: onDone })
        }
      />
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
