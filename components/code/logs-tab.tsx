"use client";

import Link from "next/link";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { IconCode } from "@/components/ui/icons";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { InvocationResultView, type TInvocationView } from "./invocation-result-view";
import { formatMs, invocationStatusLabel } from "./labels";

export type TInvocationRow = {
  id: string;
  status: string;
  createdAt: string;
  durationMs: number | null;
  versionNumber: number | null;
  runId: string | null;
  /** The flow of the run, for a link to its run page. */
  flowId: string | null;
  profile: { id: string; label: string } | null;
  /** "Placed Order", "Flow", "Test"… */
  trigger: string;
  isTest: boolean;
  errorMessage: string | null;
};

/**
 * Every invocation, newest first; a row opens its full logs, fetches, SDK writes and error (mapped
 * to the user's lines) below the table. The open row is in the URL so a link to it can be shared.
 */
export function LogsTab({
  invocations,
  selected,
  isVisible,
  onSelect,
  onRevealLine,
}: {
  invocations: TInvocationRow[];
  selected: { id: string; view: TInvocationView } | null;
  isVisible: boolean;
  onSelect: (invocationId: string | null) => void;
  onRevealLine?: (line: number, column: number | null) => void;
}) {
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Invocations"
          description="Event, flow and test invocations, newest first. Select one for its logs."
        />
        {invocations.length === 0 ? (
          <EmptyState
            icon={<IconCode className="size-5" />}
            title="No invocations yet"
            description="Deploy the function: each event of its topics then runs it. Test runs appear here too."
          />
        ) : (
          <Table data-testid="invocations">
            <THead>
              <tr>
                <TH>Status</TH>
                <TH>When</TH>
                <TH>Trigger</TH>
                <TH>Profile</TH>
                <TH>Version</TH>
                <TH>Run</TH>
                <TH className="text-right">Duration</TH>
              </tr>
            </THead>
            <TBody>
              {invocations.map((invocation) => (
                <InvocationRow
                  key={invocation.id}
                  invocation={invocation}
                  isSelected={selected?.id === invocation.id}
                  onSelect={onSelect}
                />
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      {selected ? (
        <Card data-testid="invocation-detail" data-invocation-id={selected.id}>
          <CardHeader
            title="Invocation"
            description={<code className="font-mono text-xs">{selected.id}</code>}
            actions={
              <button
                type="button"
                className="text-[13px] font-medium text-accent-700 hover:underline"
                onClick={() => onSelect(null)}
              >
                Close
              </button>
            }
          />
          <div className="p-4">
            <InvocationResultView result={selected.view} onRevealLine={onRevealLine} />
          </div>
        </Card>
      ) : null}
      {isVisible ? <AutoRefresh intervalMs={3000} /> : null}
    </div>
  );
}

function InvocationRow({
  invocation,
  isSelected,
  onSelect,
}: {
  invocation: TInvocationRow;
  isSelected: boolean;
  onSelect: (invocationId: string) => void;
}) {
  const status = invocationStatusLabel(invocation.status);
  return (
    <TR
      data-testid="invocation-row"
      data-status={invocation.status}
      aria-selected={isSelected}
      className={cn("cursor-pointer", isSelected && "bg-accent-50/60 hover:bg-accent-50/60")}
      onClick={() => onSelect(invocation.id)}
    >
      <TD>
        <button
          type="button"
          className="text-left"
          aria-label={`Show invocation ${invocation.id}`}
          onClick={(event) => {
            event.stopPropagation();
            onSelect(invocation.id);
          }}
        >
          <Badge tone={status.tone}>{status.label}</Badge>
        </button>
        {invocation.errorMessage ? (
          <p className="mt-0.5 max-w-64 truncate text-xs text-red-700" title={invocation.errorMessage}>
            {invocation.errorMessage}
          </p>
        ) : null}
      </TD>
      <TD className="whitespace-nowrap">
        <RelativeTime value={invocation.createdAt} />
      </TD>
      <TD data-testid="invocation-trigger">
        {invocation.trigger}
        {invocation.isTest ? (
          <Badge className="ml-1.5" tone="amber">
            Test
          </Badge>
        ) : null}
      </TD>
      <TD className="max-w-56 truncate" data-testid="invocation-profile">
        {invocation.profile ? invocation.profile.label : <span className="text-zinc-400">—</span>}
      </TD>
      <TD>
        {invocation.versionNumber ? (
          `v${invocation.versionNumber}`
        ) : (
          <span className="text-zinc-400">Draft</span>
        )}
      </TD>
      <TD className="font-mono text-xs">
        {invocation.runId && invocation.flowId ? (
          <Link
            href={`/flows/${invocation.flowId}/runs/${invocation.runId}`}
            onClick={(event) => event.stopPropagation()}
            className="text-accent-700 hover:underline"
          >
            {invocation.runId.slice(-8)}
          </Link>
        ) : invocation.runId ? (
          invocation.runId.slice(-8)
        ) : (
          <span className="text-zinc-400">—</span>
        )}
      </TD>
      <TD className="text-right tabular-nums">{formatMs(invocation.durationMs)}</TD>
    </TR>
  );
}
