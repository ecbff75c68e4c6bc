"use client";

import Link from "next/link";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { STEP_STATUS } from "@/app/(app)/flows/[flowId]/_components/labels";
import { Badge } from "@/components/ui/badge";
import { IconClose } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/time";
import { nodeCountsAction, nodeStepsAction } from "@/lib/actions/flow-version-actions";
import { COUNT_PERIODS, type TCountPeriod } from "@/lib/flows/count-periods";
import { NODE_TYPES } from "@/lib/flows/node-types";
import { useEditorState } from "./editor-store";
import { isTriggerType } from "./graph-model";

// Run counts on each node's face for a period chosen in the toolbar (published flows only), and
// the node's recent steps when its counts are clicked. One request per period change (counts for
// every node come from one grouped query), refreshed every 30 s while the editor is open.

const REFRESH_MS = 30_000;

export type TFaceCounts = { entered: number; completed: number; failed: number; waiting: number };
type TCountsState = {
  period: TCountPeriod | null;
  setPeriod: (period: TCountPeriod | null) => void;
  isPublished: boolean;
  /** Called after a publish in this editor: the picker appears without a reload. */
  markPublished: () => void;
  countsFor: (nodeId: string, type: string) => TFaceCounts | null;
  openNodeId: string | null;
  openSteps: (nodeId: string | null) => void;
};

const NodeCountsContext = createContext<TCountsState | null>(null);

export function useNodeCounts(): TCountsState | null {
  return useContext(NodeCountsContext);
}

export function NodeCountsProvider({
  flowId,
  initiallyPublished,
  children,
}: {
  flowId: string;
  initiallyPublished: boolean;
  children: ReactNode;
}) {
  const [isPublished, setPublished] = useState(initiallyPublished);
  const [period, setPeriod] = useState<TCountPeriod | null>(null);
  const [openNodeId, openSteps] = useState<string | null>(null);
  const [data, setData] = useState<Awaited<ReturnType<typeof nodeCountsAction>> | null>(null);

  useEffect(() => {
    if (!period || !isPublished) return;
    let isCurrent = true;
    const load = async () => {
      const result = await nodeCountsAction({ flowId, period });
      if (isCurrent) setData(result);
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [flowId, period, isPublished]);

  const value = useMemo<TCountsState>(() => {
    const counts = period && data?.ok ? data.data : null;
    return {
      period,
      setPeriod: (next) => {
        setData(null);
        openSteps(null);
        setPeriod(next);
      },
      isPublished,
      markPublished: () => setPublished(true),
      countsFor: (nodeId, type) => {
        if (!counts) return null;
        if (isTriggerType(type as never))
          return { entered: counts.runsStarted, completed: 0, failed: 0, waiting: 0 };
        const byStatus = counts.nodes[nodeId] ?? {};
        const entered = Object.values(byStatus).reduce((sum, count) => sum + (count ?? 0), 0);
        return {
          entered,
          completed: byStatus.completed ?? 0,
          failed: byStatus.failed ?? 0,
          waiting: (byStatus.waiting ?? 0) + (byStatus.scheduled ?? 0) + (byStatus.running ?? 0),
        };
      },
      openNodeId,
      openSteps,
    };
  }, [period, data, isPublished, openNodeId]);

  return <NodeCountsContext.Provider value={value}>{children}</NodeCountsContext.Provider>;
}

/** The toolbar's period picker: off, 24 h, 7 d, 30 d. Hidden until the flow has been published. */
export function NodeCountsPicker() {
  const counts = useNodeCounts();
  if (!counts?.isPublished) return null;
  return (
    <label className="flex items-center gap-1 text-xs text-zinc-500">
      Counts
      <select
        aria-label="Run counts period"
        data-testid="counts-period"
        value={counts.period ?? ""}
        onChange={(event) => counts.setPeriod((event.target.value || null) as TCountPeriod | null)}
        className="h-7 rounded-md border border-zinc-300 bg-white px-1.5 text-xs text-zinc-800"
      >
        <option value="">Off</option>
        {(Object.keys(COUNT_PERIODS) as TCountPeriod[]).map((period) => (
          <option key={period} value={period}>
            {COUNT_PERIODS[period].label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The counts row on a node's face; pressing it opens the node's recent steps. */
export function NodeFaceCounts({ nodeId, type }: { nodeId: string; type: string }) {
  const counts = useNodeCounts();
  const face = counts?.countsFor(nodeId, type);
  if (!counts || !face) return null;
  const isTrigger = isTriggerType(type as never);
  return (
    <button
      type="button"
      data-testid="node-counts"
      className="nodrag flex w-full items-center gap-2.5 border-t border-zinc-100 px-3 py-1.5 text-[11px] text-zinc-600 hover:bg-zinc-50"
      title={isTrigger ? "Runs started in the period" : "Steps in the period: show the latest"}
      onClick={(event) => {
        event.stopPropagation();
        if (!isTrigger) counts.openSteps(nodeId);
      }}
    >
      <span data-testid="count-entered">
        <strong className="font-semibold text-zinc-900 tabular-nums">{face.entered}</strong>{" "}
        {isTrigger ? (face.entered === 1 ? "run started" : "runs started") : "entered"}
      </span>
      {isTrigger ? null : (
        <>
          <span className={face.completed ? "text-emerald-700" : ""} data-testid="count-completed">
            <strong className="tabular-nums">{face.completed}</strong> done
          </span>
          <span className={face.failed ? "text-red-700" : ""} data-testid="count-failed">
            <strong className="tabular-nums">{face.failed}</strong> failed
          </span>
          <span className={face.waiting ? "text-amber-700" : ""} data-testid="count-waiting">
            <strong className="tabular-nums">{face.waiting}</strong> waiting
          </span>
        </>
      )}
    </button>
  );
}

type TStepsResult = Awaited<ReturnType<typeof nodeStepsAction>>;

/** The latest steps of the node whose counts were pressed, each linking to its run. */
export function NodeStepsPanel({ flowId }: { flowId: string }) {
  const counts = useNodeCounts();
  const nodeId = counts?.openNodeId ?? null;
  const node = useEditorState((state) => state.nodes.find((candidate) => candidate.id === nodeId));
  const period = counts?.period ?? null;
  const [result, setResult] = useState<{ key: string; steps: TStepsResult } | null>(null);
  const key = `${nodeId}:${period}`;

  useEffect(() => {
    if (!nodeId || !period) return;
    let isCurrent = true;
    void nodeStepsAction({ flowId, nodeId, period }).then((steps) => {
      if (isCurrent) setResult({ key: `${nodeId}:${period}`, steps });
    });
    return () => {
      isCurrent = false;
    };
  }, [flowId, nodeId, period]);

  if (!counts || !nodeId || !period) return null;
  const steps = result?.key === key ? result.steps : null;
  return (
    <section
      aria-label="Recent steps"
      data-testid="node-steps"
      className="absolute top-3 right-3 z-20 w-80 max-w-[calc(100%-1.5rem)] rounded-lg border border-zinc-200 bg-white shadow-lg"
    >
      <header className="flex items-center justify-between border-b border-zinc-100 px-3 py-2">
        <h3 className="truncate text-[13px] font-semibold text-zinc-900">
          {node ? node.data.label || NODE_TYPES[node.data.type].label : nodeId}: latest steps (
          {COUNT_PERIODS[period].label})
        </h3>
        <button
          type="button"
          aria-label="Close recent steps"
          onClick={() => counts.openSteps(null)}
          className="rounded p-0.5 text-zinc-500 hover:bg-zinc-100"
        >
          <IconClose className="size-4" />
        </button>
      </header>
      {!steps ? (
        <p className="px-3 py-3 text-xs text-zinc-500">Loading…</p>
      ) : !steps.ok ? (
        <p role="alert" className="px-3 py-3 text-xs text-red-700">
          {steps.error}
        </p>
      ) : steps.data.length === 0 ? (
        <p className="px-3 py-3 text-xs text-zinc-500">No steps in this period.</p>
      ) : (
        <ul className="max-h-80 divide-y divide-zinc-100 overflow-y-auto">
          {steps.data.map((step) => (
            <li key={step.id}>
              <Link
                href={`/flows/${flowId}/runs/${step.runId}`}
                data-testid="node-step"
                className="flex items-center gap-2 px-3 py-1.5 text-xs hover:bg-zinc-50"
              >
                <Badge tone={STEP_STATUS[step.status].tone}>{STEP_STATUS[step.status].label}</Badge>
                <span className="min-w-0 flex-1 truncate text-zinc-800" title={step.error ?? undefined}>
                  {step.profileLabel}
                </span>
                <RelativeTime
                  value={step.endedAt ?? step.startedAt ?? step.scheduledFor ?? uuidTime(step.id)}
                  className="shrink-0 text-zinc-500"
                />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A UUIDv7's creation time (the step row's own time when it has not started yet). */
function uuidTime(id: string): Date {
  return new Date(Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16));
}
