"use client";

import { useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { cancelFlowRunsAction } from "@/lib/actions/run-actions";
import { ReplayDialog } from "./replay-dialog";
import { plural } from "./use-run-action";

/** Actions on all of a flow's runs: replay every failed one, cancel every one in progress. */
export function FlowBulkActions({
  flowId,
  failedRuns,
  activeRuns,
}: {
  flowId: string;
  failedRuns: number;
  activeRuns: number;
}) {
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <ReplayDialog
        label={`Replay all failed (${failedRuns})`}
        target={{ kind: "failed", flowId, count: failedRuns }}
        onDone={() => setNotice(`Replayed ${plural(failedRuns, "failed run")}`)}
      />
      {activeRuns > 0 ? (
        <ConfirmButton
          label={`Cancel all in progress (${activeRuns})`}
          variant="secondary"
          title={`Cancel every run in progress (${activeRuns})?`}
          description="Their pending steps are skipped; a step running right now finishes but its run goes no further."
          confirmLabel="Cancel runs"
          onConfirm={async () => {
            const result = await cancelFlowRunsAction({ flowId });
            if (result.ok) setNotice(`Cancelled ${plural(result.data.cancelled, "run")}`);
            return result;
          }}
        />
      ) : null}
      {notice ? (
        <div className="w-full">
          <ActionFeedback error={null} notice={notice} />
        </div>
      ) : null}
    </div>
  );
}
