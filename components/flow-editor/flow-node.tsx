"use client";

import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { cn } from "@/components/ui/cn";
import { NODE_TYPES, nodeSummary, type TReferenceNames } from "@/lib/flows/node-types";
import { outputHandles } from "@/lib/flows/validate-graph";
import { useEditorContext } from "./editor-context";
import { isTriggerType, type TCanvasNode } from "./graph-model";
import { NodeFaceCounts } from "./node-counts";
import { NodeIcon } from "./node-icon";

const GROUP_TONES = {
  Triggers: "bg-emerald-50 text-emerald-700",
  Actions: "bg-accent-50 text-accent-700",
  "Flow control": "bg-amber-50 text-amber-800",
} as const;

/**
 * A node's face, built from its registry entry: icon, label, summary, problem badge. Splits get
 * labelled yes/no outputs. The footer shows run counts for the period chosen in the toolbar.
 */
function FlowNodeView({ id, data, selected }: NodeProps<TCanvasNode>) {
  const { references, problemsByNode } = useEditorContext();
  const entry = NODE_TYPES[data.type];
  const problems = problemsByNode.get(id) ?? [];
  const names: TReferenceNames = {
    list: (listId) => references.lists.find((list) => list.id === listId)?.name,
    segment: (segmentId) => references.segments.find((segment) => segment.id === segmentId)?.name,
    metric: (metricId) => references.metrics.find((metric) => metric.id === metricId)?.name,
    codeFunction: (functionId) => references.codeFunctions.find((fn) => fn.id === functionId)?.name,
  };
  const handles = outputHandles({ type: data.type } as Parameters<typeof outputHandles>[0]);
  return (
    <div
      data-testid="flow-node"
      data-node-type={data.type}
      data-node-id={id}
      className={cn(
        "w-60 rounded-lg border bg-white shadow-sm transition-shadow",
        selected ? "border-accent-500 ring-2 ring-accent-200" : "border-zinc-300",
        problems.length > 0 && !selected && "border-amber-400",
      )}
    >
      {isTriggerType(data.type) ? null : (
        <Handle type="target" position={Position.Top} className="!size-2.5" />
      )}
      <div className="flex items-start gap-2 px-3 py-2.5">
        <span className={cn("mt-0.5 rounded-md p-1", GROUP_TONES[entry.group])}>
          <NodeIcon icon={entry.icon} />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1.5">
            <p className="truncate text-[13px] font-medium text-zinc-900">{data.label || entry.label}</p>
            {problems.length > 0 ? (
              <span
                data-testid="node-problem-badge"
                title={problems.map((problem) => problem.message).join("\n")}
                className="ml-auto rounded-full bg-amber-100 px-1.5 text-[11px] font-medium text-amber-800"
              >
                {problems.length}
              </span>
            ) : null}
          </div>
          <p className="truncate text-xs text-zinc-500" data-testid="node-summary">
            {nodeSummary(data, names)}
          </p>
        </div>
      </div>
      <NodeFaceCounts nodeId={id} type={data.type} />
      {handles.length === 2 ? (
        <>
          <div className="flex justify-between px-6 pb-1 text-[10px] font-medium uppercase text-zinc-500">
            <span>Yes</span>
            <span>No</span>
          </div>
          <Handle
            id="yes"
            type="source"
            position={Position.Bottom}
            style={{ left: "25%" }}
            className="!size-2.5 !bg-emerald-500"
          />
          <Handle
            id="no"
            type="source"
            position={Position.Bottom}
            style={{ left: "75%" }}
            className="!size-2.5 !bg-red-500"
          />
        </>
      ) : (
        <Handle type="source" position={Position.Bottom} className="!size-2.5" />
      )}
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);
