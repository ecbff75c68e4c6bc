"use client";

import { cn } from "@/components/ui/cn";
import { edgeKey, type TGraphDiff, type TNodeDiffStatus } from "@/lib/flows/graph-diff";
import { describeChange, STATUS_STYLES } from "./diff-node";

/** The compare view's list of changes; a change on a node centres that node on the canvas. */
export function ChangeList({
  diff,
  nameOf,
  onFocus,
}: {
  diff: TGraphDiff;
  nameOf: (nodeId: string) => string;
  onFocus: (nodeId: string) => void;
}) {
  const edgeText = (edge: TGraphDiff["addedEdges"][number]) =>
    `${nameOf(edge.source)}${edge.sourceHandle ? ` (${edge.sourceHandle})` : ""} → ${nameOf(edge.target)}`;
  const items: { key: string; tone: TNodeDiffStatus; text: string; detail?: string; nodeId?: string }[] = [
    ...diff.addedNodes.map((node) => ({
      key: `a:${node.id}`,
      tone: "added" as const,
      text: `${nameOf(node.id)} added`,
      nodeId: node.id,
    })),
    ...diff.changedNodes.map((node) => ({
      key: `c:${node.id}`,
      tone: "changed" as const,
      text: `${nameOf(node.id)} changed`,
      detail: node.fields.map((field) => describeChange(field, node.values[field])).join("; "),
      nodeId: node.id,
    })),
    ...diff.removedNodes.map((node) => ({
      key: `r:${node.id}`,
      tone: "removed" as const,
      text: `${nameOf(node.id)} removed`,
      nodeId: node.id,
    })),
    ...diff.addedEdges.map((edge) => ({
      key: `ae:${edgeKey(edge)}`,
      tone: "added" as const,
      text: `Connection ${edgeText(edge)} added`,
    })),
    ...diff.removedEdges.map((edge) => ({
      key: `re:${edgeKey(edge)}`,
      tone: "removed" as const,
      text: `Connection ${edgeText(edge)} removed`,
    })),
    ...diff.changedSettings.map((setting) => ({
      key: `s:${setting}`,
      tone: "changed" as const,
      text: setting === "filters" ? "Flow filters changed" : "Re-entry rule changed",
    })),
  ];
  return (
    <aside
      aria-label="Changes"
      className="w-80 shrink-0 overflow-y-auto border-l border-zinc-200 bg-white"
      data-testid="compare-changes"
    >
      <h3 className="border-b border-zinc-100 px-3 py-2 text-[13px] font-semibold text-zinc-900">
        {items.length === 0 ? "No changes" : `${items.length} change${items.length === 1 ? "" : "s"}`}
      </h3>
      {items.length === 0 ? (
        <p className="px-3 py-3 text-xs text-zinc-500">
          The two graphs do the same thing
          {diff.movedNodeIds.length > 0 ? " (only node positions differ)" : ""}.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 text-xs">
          {items.map((item) => (
            <li key={item.key} data-testid="compare-change" data-change={item.tone}>
              <button
                type="button"
                disabled={!item.nodeId}
                onClick={() => item.nodeId && onFocus(item.nodeId)}
                className="flex w-full items-start gap-2 px-3 py-2 text-left enabled:hover:bg-zinc-50"
              >
                <span
                  className={cn(
                    "mt-0.5 rounded px-1 text-[10px] font-semibold uppercase",
                    STATUS_STYLES[item.tone].badge,
                  )}
                >
                  {STATUS_STYLES[item.tone].label}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block text-zinc-800">{item.text}</span>
                  {item.detail ? (
                    <span className="block wrap-anywhere text-zinc-500">{item.detail}</span>
                  ) : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {diff.movedNodeIds.length > 0 && items.length > 0 ? (
        <p className="border-t border-zinc-100 px-3 py-2 text-[11px] text-zinc-500">
          {diff.movedNodeIds.length} node{diff.movedNodeIds.length === 1 ? "" : "s"} only moved on the canvas.
        </p>
      ) : null}
    </aside>
  );
}
