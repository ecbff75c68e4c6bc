"use client";

import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { memo, useMemo } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import {
  diffFlowGraphs,
  edgeKey,
  nodeDiffStatuses,
  type TGraphDiff,
  type TNodeDiffStatus,
} from "@/lib/flows/graph-diff";
import type { TFlowGraph, TFlowNode } from "@/lib/flows/graph-schema";
import { NODE_TYPES, nodeSummary } from "@/lib/flows/node-types";
import { outputHandles } from "@/lib/flows/validate-graph";
import { useEditorContext } from "./editor-context";
import { isTriggerType } from "./graph-model";
import { NodeIcon } from "./node-icon";

// The read-only compare view: the newer graph with added (green), changed (amber) and removed
// (red, ghosted at their old place) nodes, added and removed connections, and the same changes as
// a list beside it. Clicking a change centres its node.

type TDiffNodeData = { node: TFlowNode; status: TNodeDiffStatus; fields: string[] };
type TDiffCanvasNode = Node<TDiffNodeData, "diff">;

const STATUS_STYLES: Record<TNodeDiffStatus, { box: string; badge: string; label: string }> = {
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
function describeChange(field: string, value?: { before: unknown; after: unknown }): string {
  if (!value || field === "type") return describeField(field);
  const show = (item: unknown) => {
    const text = item === null || item === "" ? "(empty)" : String(item);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  };
  return `${describeField(field)}: ${show(value.before)} → ${show(value.after)}`;
}

const DIFF_NODE_TYPES = { diff: memo(DiffNodeView) };

export function VersionCompare(props: {
  fromLabel: string;
  toLabel: string;
  from: TFlowGraph;
  to: TFlowGraph;
  onClose: () => void;
}) {
  return (
    <ReactFlowProvider>
      <CompareShell {...props} />
    </ReactFlowProvider>
  );
}

function CompareShell({
  fromLabel,
  toLabel,
  from,
  to,
  onClose,
}: {
  fromLabel: string;
  toLabel: string;
  from: TFlowGraph;
  to: TFlowGraph;
  onClose: () => void;
}) {
  const reactFlow = useReactFlow();
  const diff = useMemo(() => diffFlowGraphs(from, to), [from, to]);
  const { nodes, edges } = useMemo(() => mergedCanvas(from, to, diff), [from, to, diff]);
  const focus = (nodeId: string) =>
    void reactFlow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
  const nameOf = (nodeId: string) => {
    const node =
      to.nodes.find((candidate) => candidate.id === nodeId) ?? from.nodes.find((c) => c.id === nodeId);
    return node ? node.label || NODE_TYPES[node.type].label : nodeId;
  };

  return (
    <section
      aria-label={`Compare ${fromLabel} with ${toLabel}`}
      data-testid="version-compare"
      className="fixed inset-0 z-50 flex flex-col bg-zinc-50"
    >
      <header className="flex flex-wrap items-center gap-3 border-b border-zinc-200 bg-white px-3 py-2">
        <h2 className="text-[13px] font-semibold text-zinc-900">
          Comparing {fromLabel} → {toLabel}
        </h2>
        <span className="flex items-center gap-2 text-[11px] text-zinc-600">
          <Legend className="border-emerald-500 bg-emerald-50">Added</Legend>
          <Legend className="border-amber-500 bg-amber-50">Changed</Legend>
          <Legend className="border-dashed border-red-400 bg-red-50">Removed</Legend>
        </span>
        <span className="text-[11px] text-zinc-500">Read-only</span>
        <Button size="sm" className="ml-auto" onClick={onClose}>
          Close compare
        </Button>
      </header>
      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1">
          <ReactFlow<TDiffCanvasNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={DIFF_NODE_TYPES}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            deleteKeyCode={null}
            fitView
            fitViewOptions={{ maxZoom: 1 }}
            minZoom={0.1}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={16} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        <ChangeList diff={diff} nameOf={nameOf} onFocus={focus} />
      </div>
    </section>
  );
}

function Legend({ className, children }: { className: string; children: string }) {
  return (
    <span className="flex items-center gap-1">
      <span className={cn("inline-block size-3 rounded-sm border-2", className)} />
      {children}
    </span>
  );
}

function ChangeList({
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

/** The newer graph, plus the older graph's removed nodes and connections drawn where they were. */
function mergedCanvas(from: TFlowGraph, to: TFlowGraph, diff: TGraphDiff) {
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

function DiffNodeView({ data }: NodeProps<TDiffCanvasNode>) {
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
