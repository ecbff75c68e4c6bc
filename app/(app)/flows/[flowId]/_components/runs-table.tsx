"use client";

import Link from "next/link";
import { useState } from "react";
import type { TRunStatus } from "@/app/api/app/runs/run-detail-types";
import { isRunInProgress } from "@/app/api/app/runs/run-detail-types";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { cancelRunsAction } from "@/lib/actions/run-actions";
import { durationBetween } from "./labels";
import { ReplayDialog } from "./replay-dialog";
import { RunStatusBadge } from "./status-badges";
import { plural } from "./use-run-action";

export type TRunRow = {
  id: string;
  status: TRunStatus;
  isTest: boolean;
  replayCount: number;
  versionNumber: number;
  profile: { label: string; name: string | null };
  startedAt: string;
  endedAt: string | null;
  reason: string | null;
};

const isReplayable = (status: TRunStatus) =>
  status === "failed" || status === "exited" || status === "cancelled";

/** The runs of one page, with bulk replay and cancel of the selected ones (editors and above). */
export function RunsTable({ flowId, runs, canEdit }: { flowId: string; runs: TRunRow[]; canEdit: boolean }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const chosen = runs.filter((run) => selected.has(run.id));
  const replayable = chosen.filter((run) => isReplayable(run.status)).map((run) => run.id);
  const active = chosen.filter((run) => isRunInProgress(run.status)).map((run) => run.id);
  const isAllSelected = runs.length > 0 && chosen.length === runs.length;

  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <div>
      {canEdit ? (
        <div
          className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2"
          data-testid="run-bulk-actions"
        >
          <span className="text-[13px] text-zinc-500">
            {chosen.length > 0 ? `${chosen.length} selected` : "Select runs to act on them"}
          </span>
          <ReplayDialog
            label={`Replay selected (${replayable.length})`}
            target={{ kind: "runs", runIds: replayable }}
            onDone={() => {
              setNotice(`Replayed ${plural(replayable.length, "run")}`);
              setSelected(new Set());
            }}
          />
          {active.length > 0 ? (
            <ConfirmButton
              label={`Cancel selected (${active.length})`}
              variant="secondary"
              title={`Cancel ${plural(active.length, "run")}?`}
              description="Their pending steps are skipped; a step running right now finishes but the run goes no further."
              confirmLabel="Cancel runs"
              onConfirm={async () => {
                const result = await cancelRunsAction({ runIds: active });
                if (result.ok) {
                  setNotice(`Cancelled ${plural(result.data.cancelled, "run")}`);
                  setSelected(new Set());
                }
                return result;
              }}
            />
          ) : null}
          <div className="w-full empty:hidden">
            <ActionFeedback error={null} notice={notice} />
          </div>
        </div>
      ) : null}
      <Table>
        <THead>
          <tr>
            {canEdit ? (
              <TH className="w-8">
                <input
                  type="checkbox"
                  aria-label="Select all runs on this page"
                  checked={isAllSelected}
                  onChange={() => setSelected(isAllSelected ? new Set() : new Set(runs.map((run) => run.id)))}
                />
              </TH>
            ) : null}
            <TH>Status</TH>
            <TH>Profile</TH>
            <TH>Version</TH>
            <TH>Started</TH>
            <TH>Duration</TH>
            <TH>Reason</TH>
          </tr>
        </THead>
        <TBody>
          {runs.map((run) => (
            <TR key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
              {canEdit ? (
                <TD>
                  <input
                    type="checkbox"
                    aria-label={`Select run of ${run.profile.label}`}
                    checked={selected.has(run.id)}
                    onChange={() => toggle(run.id)}
                  />
                </TD>
              ) : null}
              <TD>
                <RunStatusBadge status={run.status} />
              </TD>
              <TD className="max-w-64">
                <Link
                  href={`/flows/${flowId}/runs/${run.id}`}
                  className="block truncate font-medium text-zinc-900 hover:text-accent-700 hover:underline"
                >
                  {run.profile.label}
                </Link>
                {run.profile.name ? (
                  <span className="block truncate text-xs text-zinc-500">{run.profile.name}</span>
                ) : null}
              </TD>
              <TD className="whitespace-nowrap">
                v{run.versionNumber}
                {run.isTest ? <Badge className="ml-1.5">Test</Badge> : null}
                {run.replayCount > 0 ? (
                  <Badge className="ml-1.5" tone="accent">
                    Replay {run.replayCount}
                  </Badge>
                ) : null}
              </TD>
              <TD className="whitespace-nowrap">
                <RelativeTime value={run.startedAt} />
              </TD>
              <TD className="whitespace-nowrap text-zinc-500">
                {durationBetween(run.startedAt, run.endedAt) ?? "—"}
              </TD>
              <TD
                className={
                  run.status === "failed"
                    ? "max-w-80 truncate text-red-700"
                    : "max-w-80 truncate text-zinc-500"
                }
                title={run.reason ?? undefined}
              >
                {run.reason ?? ""}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
