"use client";

import { useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { turnFlowOffAction } from "@/lib/actions/run-actions";
import { useRunAction } from "./use-run-action";

/** Turns the flow off, letting its runs in progress finish or cancelling them. */
export function TurnOffDialog({ flowId, activeRuns }: { flowId: string; activeRuns: number }) {
  const [open, setOpen] = useState(false);
  const [runningRuns, setRunningRuns] = useState<"finish" | "cancel">("finish");
  const action = useRunAction();

  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          action.clear();
          setOpen(true);
        }}
      >
        Turn off
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Turn this flow off?"
        description="Its trigger starts no new runs. The published version is kept: publishing again turns the flow back on."
      >
        <fieldset className="space-y-1.5">
          <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">
            Runs in progress ({activeRuns})
          </legend>
          {(
            [
              ["finish", "Let them finish", "They continue on their version to the end."],
              ["cancel", "Cancel them", "Their pending steps are skipped now."],
            ] as const
          ).map(([value, label, hint]) => (
            <label key={value} className="flex items-start gap-2 text-[13px] text-zinc-800">
              <input
                type="radio"
                name="runningRuns"
                value={value}
                checked={runningRuns === value}
                onChange={() => setRunningRuns(value)}
                className="mt-0.5 accent-accent-600"
              />
              <span>
                {label}
                <span className="block text-xs text-zinc-500">{hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="mt-3">
          <ActionFeedback error={action.error} notice={null} />
        </div>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={action.pending}>
            Keep it on
          </Button>
          <Button
            variant="danger"
            pending={action.pending}
            onClick={() =>
              action.run(() => turnFlowOffAction({ flowId, runningRuns }), {
                onSuccess: () => setOpen(false),
              })
            }
          >
            Turn off
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
