"use client";

import Link from "next/link";
import { useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import {
  approveAllWaitingAction,
  approveReviewStepsAction,
  skipAllWaitingAction,
  skipReviewStepsAction,
} from "@/lib/actions/run-actions";
import { NODE_TYPE_LABELS } from "./labels";
import { plural, useRunAction } from "./use-run-action";

export type TReviewRow = {
  stepId: string;
  nodeId: string;
  nodeType: string;
  runId: string;
  profileLabel: string;
  isTest: boolean;
  waitingSince: string;
};

/**
 * The "needs review" queue of a manual flow: each profile stopped before an action, to approve
 * (the action runs) or skip (the run ends), one by one, the selected ones, or all at once.
 */
export function ReviewQueue({
  flowId,
  steps,
  total,
  canEdit,
}: {
  flowId: string;
  steps: TReviewRow[];
  total: number;
  canEdit: boolean;
}) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const action = useRunAction();
  const chosen = steps.filter((step) => selected.has(step.stepId)).map((step) => step.stepId);
  const done = () => setSelected(new Set());

  function approve(stepIds: string[]) {
    action.run(() => approveReviewStepsAction({ stepIds }), {
      notice: (data) => `Approved ${plural(data.approved, "step")}`,
      onSuccess: done,
    });
  }
  function skip(stepIds: string[]) {
    action.run(() => skipReviewStepsAction({ stepIds }), {
      notice: (data) => `Skipped ${plural(data.skipped, "step")}: those runs ended`,
      onSuccess: done,
    });
  }

  return (
    <Card className="mb-6" data-testid="review-queue">
      <CardHeader
        title={`Needs review (${total})`}
        description="This flow is manual: each profile stops before every action until someone approves it (the action runs) or skips it (the run ends)."
        actions={
          canEdit && total > 0 ? (
            <>
              <Button
                size="sm"
                variant="primary"
                disabled={action.pending}
                onClick={() =>
                  action.run(() => approveAllWaitingAction({ flowId }), {
                    notice: (data) => `Approved ${plural(data.approved, "step")}`,
                    onSuccess: done,
                  })
                }
              >
                Approve all ({total})
              </Button>
              <Button
                size="sm"
                disabled={action.pending}
                onClick={() =>
                  action.run(() => skipAllWaitingAction({ flowId }), {
                    notice: (data) => `Skipped ${plural(data.skipped, "step")}: those runs ended`,
                    onSuccess: done,
                  })
                }
              >
                Skip all
              </Button>
            </>
          ) : null
        }
      />
      {action.error || action.notice ? (
        <div className="px-4 pt-3">
          <ActionFeedback error={action.error} notice={action.notice} />
        </div>
      ) : null}
      {steps.length === 0 ? (
        <p className="px-4 py-6 text-center text-[13px] text-zinc-500">Nobody is waiting for review.</p>
      ) : (
        <>
          {canEdit ? (
            <div className="flex items-center gap-2 border-b border-zinc-200 px-4 py-2">
              <span className="text-[13px] text-zinc-500">{chosen.length} selected</span>
              <Button
                size="sm"
                disabled={chosen.length === 0 || action.pending}
                onClick={() => approve(chosen)}
              >
                Approve selected
              </Button>
              <Button size="sm" disabled={chosen.length === 0 || action.pending} onClick={() => skip(chosen)}>
                Skip selected
              </Button>
            </div>
          ) : null}
          <Table>
            <THead>
              <tr>
                {canEdit ? (
                  <TH className="w-8">
                    <span className="sr-only">Select</span>
                  </TH>
                ) : null}
                <TH>Profile</TH>
                <TH>Waiting before</TH>
                <TH>Since</TH>
                {canEdit ? (
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                ) : null}
              </tr>
            </THead>
            <TBody>
              {steps.map((step) => (
                <TR key={step.stepId} data-testid="review-step" data-step-id={step.stepId}>
                  {canEdit ? (
                    <TD>
                      <input
                        type="checkbox"
                        aria-label={`Select ${step.profileLabel}`}
                        checked={selected.has(step.stepId)}
                        onChange={() =>
                          setSelected((current) => {
                            const next = new Set(current);
                            if (next.has(step.stepId)) next.delete(step.stepId);
                            else next.add(step.stepId);
                            return next;
                          })
                        }
                      />
                    </TD>
                  ) : null}
                  <TD>
                    <Link
                      href={`/flows/${flowId}/runs/${step.runId}`}
                      className="font-medium text-zinc-900 hover:underline"
                    >
                      {step.profileLabel}
                    </Link>
                    {step.isTest ? <span className="ml-1.5 text-xs text-zinc-500">(test)</span> : null}
                  </TD>
                  <TD>
                    {NODE_TYPE_LABELS[step.nodeType] ?? step.nodeType}{" "}
                    <code className="text-xs text-zinc-500">{step.nodeId}</code>
                  </TD>
                  <TD className="whitespace-nowrap">
                    <RelativeTime value={step.waitingSince} />
                  </TD>
                  {canEdit ? (
                    <TD className="text-right whitespace-nowrap">
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={action.pending}
                        aria-label={`Approve ${step.profileLabel}`}
                        onClick={() => approve([step.stepId])}
                      >
                        Approve
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={action.pending}
                        aria-label={`Skip ${step.profileLabel}`}
                        onClick={() => skip([step.stepId])}
                      >
                        Skip
                      </Button>
                    </TD>
                  ) : null}
                </TR>
              ))}
            </TBody>
          </Table>
          {total > steps.length ? (
            <p className="px-4 py-2 text-xs text-zinc-500">
              Showing the {steps.length} oldest of {total}; “Approve all” and “Skip all” act on every one.
            </p>
          ) : null}
        </>
      )}
    </Card>
  );
}
