"use client";

import { type ReactNode, useDeferredValue } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import type { TFlowNode, TNodeOf } from "@/lib/flows/graph-schema";
import { NODE_TYPES } from "@/lib/flows/node-types";
import { CodeForm, CodeOutputSplitForm, DelayForm, SplitForm, WebhookForm } from "./action-forms";
import { useEditorContext } from "./editor-context";
import { sameItems, useEditorState, useEditorStateEqual, useEditorStore } from "./editor-store";
import type { TNodeFormProps } from "./form-kit";
import { codeNodesOf, type TCanvasNode, type TCodeNodeRef } from "./graph-model";
import { NodeIcon } from "./node-icon";
import { SettingsForm } from "./settings-form";
import { DateTriggerForm, ListTriggerForm, MetricTriggerForm, SegmentTriggerForm } from "./trigger-forms";

/** The right-hand panel: the selected node's form (from its registry type), else the flow's settings. */
export function Inspector() {
  // Subscribed to the selection only (a string, equal across frames), not to the nodes array,
  // which changes on every frame of a drag: the forms re-render when what they show changes.
  // Deferred: a press that starts a drag selects the node, and its form renders in a background
  // (interruptible) pass instead of holding up the drag's first frames.
  const selected = useDeferredValue(useEditorStateEqual((state) => selectedIds(state.nodes), sameItems));
  return (
    <aside
      aria-label="Inspector"
      data-testid="inspector"
      className="w-80 shrink-0 overflow-y-auto border-l border-zinc-200 bg-white p-4"
    >
      {selected.length === 1 ? (
        <NodeInspector key={selected[0]!} nodeId={selected[0]!} />
      ) : selected.length > 1 ? (
        <p className="text-[13px] text-zinc-600">
          {selected.length} nodes selected. Press Delete to remove them.
        </p>
      ) : (
        <SettingsForm />
      )}
    </aside>
  );
}

function selectedIds(nodes: TCanvasNode[]): string[] {
  return nodes.filter((node) => node.selected).map((node) => node.id);
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  // data keeps its identity while a node is dragged (only position changes).
  const data = useEditorState((state) => state.nodes.find((node) => node.id === nodeId)?.data);
  const codeNodes = useEditorStateEqual((state) => codeNodesOf(state.nodes), sameItems);
  return data ? <NodeForm node={{ id: nodeId, data }} codeNodes={codeNodes} /> : null;
}

function NodeForm({
  node,
  codeNodes,
}: {
  node: Pick<TCanvasNode, "id" | "data">;
  codeNodes: TCodeNodeRef[];
}) {
  const store = useEditorStore();
  const { references, problemsByNode, isReadOnly } = useEditorContext();
  const entry = NODE_TYPES[node.data.type];
  const problems = problemsByNode.get(node.id) ?? [];
  const errors: Record<string, string> = {};
  for (const problem of problems) if (problem.field) errors[problem.field] ??= problem.message;
  const general = problems.filter((problem) => !problem.field);
  const props: TNodeFormProps = {
    config: node.data.config,
    onChange: (config, field) => store.updateNode(node.id, { config }, field),
    errors,
    references,
    disabled: isReadOnly,
  };
  return (
    <div className="space-y-4" data-testid="node-inspector" data-node-type={node.data.type}>
      <div className="flex items-center gap-2">
        <NodeIcon icon={entry.icon} />
        <h2 className="text-sm font-semibold text-zinc-900">{entry.label}</h2>
        <span className="text-xs text-zinc-500">{entry.group}</span>
      </div>
      <TextField
        label="Name on the canvas"
        placeholder={entry.label}
        value={node.data.label ?? ""}
        onChange={(event) => store.updateNode(node.id, { label: event.target.value || undefined }, "label")}
        disabled={isReadOnly}
      />
      {general.length > 0 ? (
        <ul
          className="space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900"
          data-testid="node-problems"
        >
          {general.map((problem) => (
            <li key={problem.message}>{problem.message}</li>
          ))}
        </ul>
      ) : null}
      {form(node.data, props, codeNodes)}
      {isReadOnly ? null : (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => store.onNodesChange([{ type: "remove", id: node.id }])}
        >
          Delete node
        </Button>
      )}
    </div>
  );
}

function form(data: TCanvasNode["data"], props: TNodeFormProps, codeNodes: TCodeNodeRef[]): ReactNode {
  const node = { type: data.type } as TFlowNode;
  switch (node.type) {
    case "list-trigger":
      return <ListTriggerForm {...(props as unknown as TNodeFormProps<TNodeOf<"list-trigger">["config"]>)} />;
    case "segment-trigger":
      return (
        <SegmentTriggerForm {...(props as unknown as TNodeFormProps<TNodeOf<"segment-trigger">["config"]>)} />
      );
    case "metric-trigger":
      return (
        <MetricTriggerForm {...(props as unknown as TNodeFormProps<TNodeOf<"metric-trigger">["config"]>)} />
      );
    case "date-trigger":
      return <DateTriggerForm {...(props as unknown as TNodeFormProps<TNodeOf<"date-trigger">["config"]>)} />;
    case "webhook":
      return <WebhookForm {...(props as unknown as TNodeFormProps<TNodeOf<"webhook">["config"]>)} />;
    case "code":
      return <CodeForm {...(props as unknown as TNodeFormProps<TNodeOf<"code">["config"]>)} />;
    case "delay":
      return <DelayForm {...(props as unknown as TNodeFormProps<TNodeOf<"delay">["config"]>)} />;
    case "split":
      return <SplitForm {...(props as unknown as TNodeFormProps<TNodeOf<"split">["config"]>)} />;
    case "code-output-split":
      return (
        <CodeOutputSplitForm
          {...(props as unknown as TNodeFormProps<TNodeOf<"code-output-split">["config"]>)}
          codeNodes={codeNodes.map((code) => ({
            id: code.nodeId,
            label: code.label || `Code (${code.nodeId})`,
          }))}
        />
      );
  }
}
