import type { ReactNode } from "react";
import type { TRunStep } from "@/app/api/app/runs/run-detail-types";
import { cn } from "@/components/ui/cn";
import { AbsoluteTime } from "@/components/ui/time";
import { JsonBlock } from "./json-block";
import { durationBetween, NODE_TYPE_LABELS } from "./labels";
import { StepStatusBadge } from "./status-badges";

/** One step of the timeline: what ran, how it went, and (expandable) its data and attempts. */
export function StepCard({ step, actions }: { step: TRunStep; actions?: ReactNode }) {
  const isFailed = step.status === "failed";
  const duration = durationBetween(step.startedAt, step.endedAt);
  const isDueLater = step.status === "scheduled" && step.scheduledFor !== null;
  return (
    <li
      data-testid="step"
      data-node-id={step.nodeId}
      data-status={step.status}
      className={cn(
        "rounded-lg border bg-white shadow-xs",
        isFailed ? "border-red-300 ring-1 ring-red-200" : "border-zinc-200",
      )}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5">
        <StepStatusBadge status={step.status} waitingReason={step.waitingReason} />
        <span className="font-medium text-zinc-900">
          {step.nodeLabel ?? NODE_TYPE_LABELS[step.nodeType] ?? step.nodeType}
        </span>
        <code className="text-xs text-zinc-500">{step.nodeId}</code>
        <span className="ml-auto flex flex-wrap items-center gap-3 text-xs text-zinc-500">
          {step.attempts > 0 ? (
            <span>{step.attempts === 1 ? "1 attempt" : `${step.attempts} attempts`}</span>
          ) : null}
          {duration ? <span title="From the last attempt's start to the step's end">{duration}</span> : null}
          {isDueLater ? (
            <span>
              due <AbsoluteTime value={step.scheduledFor!} />
            </span>
          ) : null}
          {step.startedAt ? (
            <span>
              started <AbsoluteTime value={step.startedAt} />
            </span>
          ) : null}
        </span>
        {actions ? <span className="flex items-center gap-1">{actions}</span> : null}
      </div>
      {step.error ? (
        <p
          data-testid="step-error"
          className={cn(
            "border-t px-4 py-2 text-[13px]",
            isFailed ? "border-red-200 bg-red-50 text-red-800" : "border-zinc-100 text-zinc-600",
          )}
        >
          {step.error}
        </p>
      ) : null}
      <details className="group border-t border-zinc-100" open={isFailed}>
        <summary className="cursor-pointer px-4 py-1.5 text-xs text-zinc-500 select-none hover:text-zinc-800">
          Input, output, logs and attempts
        </summary>
        <div className="grid gap-3 px-4 pb-3 md:grid-cols-2">
          <JsonBlock label="Input" value={step.input} />
          <JsonBlock label="Output" value={step.output} />
          <div className="md:col-span-2">
            <JsonBlock label="Logs" value={step.logs} />
          </div>
          <div className="md:col-span-2">
            <h4 className="mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Attempts</h4>
            {step.attemptHistory.length === 0 ? (
              <p className="text-xs text-zinc-400">Not attempted yet.</p>
            ) : (
              <ol className="space-y-1 text-xs" data-testid="step-attempts">
                {step.attemptHistory.map((attempt) => (
                  <li key={attempt.attempt} className="flex flex-wrap gap-x-3">
                    <span className="font-medium text-zinc-700">#{attempt.attempt}</span>
                    {attempt.startedAt ? (
                      <AbsoluteTime value={attempt.startedAt} className="text-zinc-500" />
                    ) : null}
                    <span className="text-zinc-500">
                      {durationBetween(attempt.startedAt, attempt.endedAt) ?? ""}
                    </span>
                    <span className={attempt.error ? "text-red-700" : "text-emerald-700"}>
                      {attempt.error ?? "succeeded"}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </div>
      </details>
    </li>
  );
}
