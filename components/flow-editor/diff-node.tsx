"use client";

import { type Edge, Handle, MarkerType, type Node, type NodeProps, Position } from "@xyflow/react";
import { cn } from "@/components/ui/cn";
import { edgeKey, nodeDiffStatuses, type TGraphDiff, type TNodeDiffStatus } from "@/lib/flows/graph-diff";
import type { TFlowGraph, TFlowNode } from "@/lib/flows/graph-schema";
import { NODE_TYPES, nodeSummary } from "@/lib/flows/node-types";
import { outputHandles } from "@/lib/flows/validate-graph";
import { useEditorContext } from "./editor-context";
import { isTriggerType } from "./graph-model";
import { NodeIcon } from "./node-icon";

// The compare view's canvas pieces: a node face styled by its diff status, and the merged graph
// (the newer graph plus the older one's removed nodes and connections) it is drawn from.

export type TDiffNodeData = { node: TFlowNode; status: TNodeDiffStatus; fields: string[] };
export type TDiffCanvasNode = Node<TDiffNodeData, "diff">;

export const STATUS_STYLES: Record<TNodeDiffStatus, { box: string; badge: string; label: string }> = {
  added: {
    box: "border-emerald-500 ring-2 ring-emerald-200",
    badge: "bg-emerald-100 text-emerald-800",
    label: "Added",
  },
  changed: {
    box: "border-amber-500 ring-2 ring-amber-200",
    badge: "bg-amber-100 text-amber-900",
    label: "Changed",
  },
  removed: {
    box: "border-dashed border-red-400 opacity-60",
    badge: "bg-red-100 text-red-800",
    label: "Removed",
  },
  unchanged: { box: "border-zinc-300", badge: "", label: "" },
};

const FIELD_LABELS: Record<string, string> = {
  type: "node type",
  label: "name",
  url: "URL",
  headers: "headers",
  body: "body",
  listId: "list",
  segmentId: "segment",
  metricId: "metric",
  functionId: "code function",
  filters: "trigger filters",
  conditions: "conditions",
  nodeId: "code node",
};

export function describeField(field: string): string {
  return FIELD_LABELS[field] ?? field.replaceAll(/([A-Z])/g, " $1").toLowerCase();
}

/** "URL: v1.example.com/hook → v2.example.com/hook", or just the field when it holds more than one value. */
export function describeChange(field: string, value?: { before: unknown; after: unknown }): string {
  if (!value || field === "type") return describeField(field);
  const show = (item: unknown) => {
    const text = item === null || item === "" ? "(empty)" : String(item);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  };
  return `${describeField(field)}: ${show(value.before)} → ${show(value.after)}`;
}

/** The newer graph, plus the older graph's removed nodes and connections drawn where they were. */
export function mergedCanvas(from: TFlowGraph, to: TFlowGraph, diff: TGraphDiff) {
  const statuses = nodeDiffStatuses(diff);
  const fields = new Map(diff.changedNodes.map((node) => [node.id, node.fields]));
  const removedIds = new Set(diff.removedNodes.map((node) => node.id));
  const toCanvas = (node: TFlowNode): TDiffCanvasNode => ({
    id: node.id,
    type: "diff",
    position: node.position,
    data: { node, status: statuses.get(node.id) ?? "unchanged", fields: fields.get(node.id) ?? [] },
  });
  const nodes = [
    ...to.nodes.map(toCanvas),
    ...from.nodes.filter((node) => removedIds.has(node.id)).map(toCanvas),
  ];
  const added = new Set(diff.addedEdges.map(edgeKey));
  const removed = new Set(diff.removedEdges.map(edgeKey));
  const edge = (item: TFlowGraph["edges"][number], tone: "added" | "removed" | "unchanged"): Edge => ({
    id: `${tone}:${item.id}`,
    source: item.source,
    target: item.target,
    sourceHandle: item.sourceHandle,
    label: item.sourceHandle ?? undefined,
    markerEnd: { type: MarkerType.ArrowClosed },
    style:
      tone === "added"
        ? { stroke: "#10b981", strokeWidth: 2 }
        : tone === "removed"
          ? { stroke: "#f87171", strokeWidth: 2, strokeDasharray: "6 4" }
          : undefined,
    className: `diff-edge-${tone}`,
  });
  const edges = [
    ...to.edges.map((item) => edge(item, added.has(edgeKey(item)) ? "added" : "unchanged")),
    ...from.edges.filter((item) => removed.has(edgeKey(item))).map((item) => edge(item, "removed")),
  ];
  return { nodes, edges };
}

export function DiffNodeView({ data }: NodeProps<TDiffCanvasNode>) {
  const { references } = useEditorContext();
  const { node, status, fields } = data;
  const entry = NODE_TYPES[node.type];
  const style = STATUS_STYLES[status];
  const summary = nodeSummary(node, {
    list: (id) => references.lists.find((list) => list.id === id)?.name,
    segment: (id) => references.segments.find((segment) => segment.id === id)?.name,
    metric: (id) => references.metrics.find((metric) => metric.id === id)?.name,
  });
  const handles = outputHandles({ type: node.type } as Parameters<typeof outputHandles>[0]);
  return (
    <div
      data-testid="diff-node"
      data-node-id={node.id}
      data-diff={status}
      className={cn("w-60 rounded-lg border bg-white shadow-sm", style.box)}
    >
      {isTriggerType(node.type) ? null : (
        <Handle type="target" position={Position.Top} isConnectable={false} />
      )}
      <div className="flex items-start gap-2 px-3 py-2.5">
        <span className="mt-0.5 rounded-md bg-zinc-100 p-1 text-zinc-700">
          <NodeIcon icon={entry.icon} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1.5">
            <p
              className={cn(
                "truncate text-[13px] font-medium text-zinc-900",
                status === "removed" && "line-through",
              )}
            >
              {node.label || entry.label}
            </p>
            {status !== "unchanged" ? (
              <span className={cn("ml-auto rounded px-1 text-[10px] font-semibold uppercase", style.badge)}>
                {style.label}
              </span>
            ) : null}
          </div>
          <p className="truncate text-xs text-zinc-500">{summary}</p>
          {fields.length > 0 ? (
            <p className="mt-0.5 truncate text-[11px] text-amber-800">
              Changed: {fields.map(describeField).join(", ")}
            </p>
          ) : null}
        </div>
      </div>
      {handles.length === 2 ? (
        <>
          <Handle
            id="yes"
            type="source"
            position={Position.Bottom}
            style={{ left: "25%" }}
            isConnectable={false}
          />
          <Handle
            id="no"
            type="source"
            position={Position.Bottom}
            style={{ left: "75%" }}
            isConnectable={false}
          />
        </>
      ) : (
        <Handle type="source" position={Position.Bottom} isConnectable={false} />
      )}
    </div>
  );
}
