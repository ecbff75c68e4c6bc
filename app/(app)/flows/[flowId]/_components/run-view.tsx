"use client";

import Link from "next/link";
import { isRunInProgress, type TRunDetail } from "@/app/api/app/runs/run-detail-types";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { AbsoluteTime } from "@/components/ui/time";
import { approveReviewStepsAction, cancelRunsAction, skipReviewStepsAction } from "@/lib/actions/run-actions";
import { durationBetween } from "./labels";
import { ReplayDialog } from "./replay-dialog";
import { RunStatusBadge } from "./status-badges";
import { StepCard } from "./step-card";
import { type TLiveRunStatus, useLiveRun } from "./use-live-run";
import { useRunAction } from "./use-run-action";

const LIVE_LABEL: Record<TLiveRunStatus, string> = {
  live: "Live: updates every second",
  paused: "Paused while this tab is hidden",
  reconnecting: "Reconnecting…",
  "signed-out": "Signed out: reload to sign in",
  ended: "Finished",
};

/** The run page: header, actions and a step timeline that follows the run while it goes on. */
export function RunView({
  initial,
  workspaceId,
  canEdit,
}: {
  initial: TRunDetail;
  workspaceId: string;
  canEdit: boolean;
}) {
  const { run, status, reload } = useLiveRun({ initial, workspaceId, intervalMs: 1000 });
  const isReplayable = run.status === "failed" || run.status === "exited" || run.status === "cancelled";
  const rounds = [...new Set(run.steps.map((step) => step.round))].sort((a, b) => b - a);
  const review = useRunAction();

  function reviewActions(stepId: string) {
    return (
      <>
        <Button
          size="sm"
          variant="primary"
          disabled={review.pending}
          onClick={() =>
            review.run(() => approveReviewStepsAction({ stepIds: [stepId] }), {
              onSuccess: () => void reload(),
            })
          }
        >
          Approve
        </Button>
        <Button
          size="sm"
          disabled={review.pending}
          onClick={() =>
            review.run(() => skipReviewStepsAction({ stepIds: [stepId] }), { onSuccess: () => void reload() })
          }
        >
          Skip
        </Button>
      </>
    );
  }

  return (
    <>
      <Card className="mb-6 p-4" data-testid="run-header">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <RunStatusBadge status={run.status} />
              {run.isTest ? <Badge>Test run</Badge> : null}
              {run.replayCount > 0 ? <Badge tone="accent">Replay {run.replayCount}</Badge> : null}
              <span
                data-testid="live-indicator"
                data-status={status}
                className="text-xs text-zinc-500"
                aria-live="polite"
              >
                {LIVE_LABEL[status]}
              </span>
            </div>
            <p className="text-[13px] text-zinc-700">
              <span className="font-medium text-zinc-900" data-testid="run-profile">
                {run.profile.label}
              </span>
              {run.profile.name ? ` · ${run.profile.name}` : ""}
            </p>
            <dl className="flex flex-wrap gap-x-5 gap-y-1 text-[13px] text-zinc-600">
              <div>
                <dt className="inline text-zinc-500">Version </dt>
                <dd className="inline">
                  v{run.version.number}
                  {run.version.isCurrent ? " (current)" : " (not the current one)"}
                </dd>
              </div>
              <div>
                <dt className="inline text-zinc-500">Started </dt>
                <dd className="inline">
                  <AbsoluteTime value={run.startedAt} />
                </dd>
              </div>
              {run.endedAt ? (
                <div>
                  <dt className="inline text-zinc-500">Ended </dt>
                  <dd className="inline">
                    <AbsoluteTime value={run.endedAt} /> ({durationBetween(run.startedAt, run.endedAt)})
                  </dd>
                </div>
              ) : null}
              {run.event ? (
                <div>
                  <dt className="inline text-zinc-500">Triggered by </dt>
                  <dd className="inline">{run.event.metricName ?? "an event"}</dd>
                </div>
              ) : null}
            </dl>
          </div>
          {canEdit ? (
            <div className="flex items-center gap-2">
              {isReplayable ? (
                <ReplayDialog
                  label="Replay…"
                  variant="primary"
                  size="md"
                  target={{ kind: "runs", runIds: [run.id] }}
                  defaultFrom={run.status === "failed" ? "failed-step" : "start"}
                  onDone={() => void reload()}
                />
              ) : null}
              {isRunInProgress(run.status) ? (
                <ConfirmButton
                  label="Cancel run"
                  variant="secondary"
                  size="md"
                  title="Cancel this run?"
                  description="Its pending steps are skipped; a step running right now finishes but the run goes no further."
                  confirmLabel="Cancel run"
                  onConfirm={async () => {
                    const result = await cancelRunsAction({ runIds: [run.id] });
                    if (result.ok) await reload();
                    return result;
                  }}
                />
              ) : null}
            </div>
          ) : null}
        </div>
        {run.error ? (
          <p
            role="alert"
            data-testid="run-error"
            className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-800"
          >
            {run.error}
          </p>
        ) : null}
        {run.exitReason ? (
          <p
            data-testid="run-exit-reason"
            className="mt-3 rounded-md bg-zinc-50 px-3 py-2 text-[13px] text-zinc-700"
          >
            {run.exitReason}
          </p>
        ) : null}
      </Card>

      <h2 className="mb-3 text-sm font-semibold text-zinc-900">Steps</h2>
      {review.error ? (
        <div className="mb-3">
          <ActionFeedback error={review.error} notice={null} />
        </div>
      ) : null}
      {run.steps.length === 0 ? (
        <p className="text-[13px] text-zinc-500" data-testid="no-steps">
          {isRunInProgress(run.status)
            ? "No step has been created yet."
            : "This run had nothing to do: the trigger is not connected to any step."}
        </p>
      ) : (
        rounds.map((round) => (
          <section key={round} className="mb-6" aria-label={round === 0 ? "First run" : `Replay ${round}`}>
            {rounds.length > 1 ? (
              <h3 className="mb-2 text-xs font-medium tracking-wide text-zinc-500 uppercase">
                {round === 0 ? "First run" : `Replay ${round}`}
              </h3>
            ) : null}
            <ol className="space-y-2" data-testid="step-timeline">
              {run.steps
                .filter((step) => step.round === round)
                .map((step) => (
                  <StepCard
                    key={step.id}
                    step={step}
                    actions={
                      canEdit && step.status === "waiting" && step.waitingReason === "review"
                        ? reviewActions(step.id)
                        : undefined
                    }
                  />
                ))}
            </ol>
          </section>
        ))
      )}
      <p className="mt-6 text-[13px]">
        <Link href={`/flows/${run.flow.id}/runs`} className="text-accent-700 hover:underline">
          ← All runs of {run.flow.name}
        </Link>
      </p>
    </>
  );
}
