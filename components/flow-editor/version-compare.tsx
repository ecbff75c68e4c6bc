"use client";

import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { memo, useMemo } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { diffFlowGraphs } from "@/lib/flows/graph-diff";
import type { TFlowGraph } from "@/lib/flows/graph-schema";
import { NODE_TYPES } from "@/lib/flows/node-types";
import { ChangeList } from "./compare-change-list";
import { DiffNodeView, mergedCanvas, type TDiffCanvasNode } from "./diff-node";

// The read-only compare view: the newer graph with added (green), changed (amber) and removed
// (red, ghosted at their old place) nodes, added and removed connections, and the same changes as
// a list beside it. Clicking a change centres its node.

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
