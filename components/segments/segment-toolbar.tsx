"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { InlineActionFeedback } from "@/components/ui/action-feedback";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { InlineRename } from "@/components/ui/inline-rename";
import { useServerAction } from "@/components/ui/use-server-action";
import {
  deleteSegmentAction,
  recomputeSegmentAction,
  renameSegmentAction,
} from "@/lib/actions/segment-actions";

/** Recompute now, rename, edit and delete (shown to editors and above; the actions check again). */
export function SegmentToolbar({ segmentId, name }: { segmentId: string; name: string }) {
  const router = useRouter();
  const action = useServerAction();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <InlineRename
        name={name}
        pending={action.pending}
        onRename={(draftName, onDone) =>
          action.run(() => renameSegmentAction({ segmentId, name: draftName }), { onSuccess: onDone })
        }
      />
      <Link href={`/segments/${segmentId}/edit`} className={buttonClasses({ size: "sm" })}>
        Edit conditions
      </Link>
      <Button
        size="sm"
        pending={action.pending}
        onClick={() =>
          action.run(() => recomputeSegmentAction({ segmentId }), {
            notice: (result) =>
              `Recomputed: ${result.size} members (${result.joined} joined, ${result.left} left)`,
          })
        }
      >
        Recompute now
      </Button>
      <ConfirmButton
        label="Delete"
        title={`Delete “${name}”?`}
        description="Its membership and history are deleted. Flows triggered by it stop receiving joins."
        confirmLabel="Delete segment"
        variant="danger"
        onConfirm={async () => {
          const result = await deleteSegmentAction({ segmentId });
          if (result.ok) router.push("/segments");
          return result;
        }}
      />
      <InlineActionFeedback error={action.error} notice={action.notice} />
    </div>
  );
}
