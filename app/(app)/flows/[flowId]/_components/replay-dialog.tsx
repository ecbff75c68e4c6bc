"use client";

import { useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button, type ButtonSize, type ButtonVariant } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { replayFailedRunsAction, replayRunsAction } from "@/lib/actions/run-actions";
import type { TReplayFrom, TReplayVersion } from "@/lib/engine/run-actions/run-action-schemas";
import { plural, useRunAction } from "./use-run-action";

type TReplayTarget = { kind: "runs"; runIds: string[] } | { kind: "failed"; flowId: string; count: number };

const FROM_OPTIONS: { value: TReplayFrom; label: string; hint: string }[] = [
  { value: "failed-step", label: "From the failed step", hint: "Earlier steps are not run again." },
  { value: "start", label: "From the start", hint: "Every step runs again, as a new delivery." },
];
const VERSION_OPTIONS: { value: TReplayVersion; label: string; hint: string }[] = [
  { value: "same", label: "On the run's own version", hint: "The flow as it was when the run started." },
  {
    value: "current",
    label: "On the current version",
    hint: "The flow's live version, with your latest fixes.",
  },
];

/**
 * Replays runs (the chosen ones, or every failed run of the flow) after asking where to start and
 * on which version. Replayed steps get new idempotency keys: webhooks are delivered again.
 */
export function ReplayDialog({
  target,
  label,
  variant = "secondary",
  size = "sm",
  defaultFrom = "failed-step",
  onDone,
}: {
  target: TReplayTarget;
  label: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  defaultFrom?: TReplayFrom;
  onDone?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState<TReplayFrom>(defaultFrom);
  const [version, setVersion] = useState<TReplayVersion>("same");
  const action = useRunAction();
  const count = target.kind === "runs" ? target.runIds.length : target.count;

  function replay() {
    action.run(
      () =>
        target.kind === "runs"
          ? replayRunsAction({ runIds: target.runIds, from, version })
          : replayFailedRunsAction({ flowId: target.flowId, from, version }),
      {
        onSuccess: () => {
          setOpen(false);
          onDone?.();
        },
      },
    );
  }

  return (
    <>
      <Button
        variant={variant}
        size={size}
        disabled={count === 0}
        onClick={() => {
          action.clear();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={
          target.kind === "runs" ? `Replay ${plural(count, "run")}` : `Replay ${plural(count, "failed run")}`
        }
        description="Each run starts a new round: its error is cleared and its steps run again with new idempotency keys."
      >
        <div className="space-y-4">
          <RadioGroup legend="Start" name="from" options={FROM_OPTIONS} value={from} onChange={setFrom} />
          <RadioGroup
            legend="Version"
            name="version"
            options={VERSION_OPTIONS}
            value={version}
            onChange={setVersion}
          />
          <ActionFeedback error={action.error} notice={null} />
        </div>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={action.pending}>
            Cancel
          </Button>
          <Button variant="primary" pending={action.pending} onClick={replay}>
            Replay
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

function RadioGroup<TValue extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: { value: TValue; label: string; hint: string }[];
  value: TValue;
  onChange: (value: TValue) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{legend}</legend>
      <div className="space-y-1.5">
        {options.map((option) => (
          <label key={option.value} className="flex items-start gap-2 text-[13px] text-zinc-800">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              className="mt-0.5 accent-accent-600"
            />
            <span>
              {option.label}
              <span className="block text-xs text-zinc-500">{option.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
