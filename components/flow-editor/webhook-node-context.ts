"use client";

import { useParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { loadWebhookVariablesAction } from "@/lib/actions/webhook-node-actions";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";
import { useEditorContext } from "./editor-context";
import { sameItems, useEditorState, useEditorStateEqual } from "./editor-store";
import { codeNodesOf, type TCanvasNode } from "./graph-model";
import type { TTemplateVariables } from "./webhook-completions";

export type TWebhookNodeContext = {
  flowId: string;
  nodeId: string;
  /** The trigger metric (metric-triggered flows only): events to preview with, event.* keys. */
  metricId: string | null;
  isMetricFlow: boolean;
  upstreamCode: { nodeId: string; functionId: string | null }[];
  variables: TTemplateVariables;
  isHttpAllowed: boolean;
  targetsNote: string | null;
  variablesError: string | null;
};

/**
 * Everything the webhook inspector needs beyond its config: the flow (from the route), the
 * selected node, the trigger metric and upstream code nodes (from the editor's graph, unsaved
 * changes included), and the completion variables (one server read per trigger metric).
 */
export function useWebhookNodeContext(): TWebhookNodeContext {
  const { flowId } = useParams<{ flowId: string }>();
  const { references } = useEditorContext();
  // Selected as values that stay equal while nodes are dragged (and the edges array): the nodes
  // array changes on every frame of a drag and would re-render the inspector with it.
  const nodeId = useEditorState((state) => state.nodes.find((node) => node.selected)?.id ?? "");
  const triggerMetric = useEditorState((state) => triggerMetricKey(state.nodes));
  const codeNodes = useEditorStateEqual((state) => codeNodesOf(state.nodes), sameItems);
  const edges = useEditorState((state) => state.edges);
  const hasMetricTrigger = triggerMetric !== NO_METRIC_TRIGGER;
  const metricId = hasMetricTrigger && triggerMetric !== UNCHOSEN_ID ? triggerMetric : null;

  const upstreamCode = useMemo(() => {
    const incoming = new Map<string, string[]>();
    for (const edge of edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
    const seen = new Set<string>();
    const stack = [...(incoming.get(nodeId) ?? [])];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(incoming.get(id) ?? []));
    }
    return codeNodes
      .filter((node) => seen.has(node.nodeId))
      .map((node) => ({ ...node, label: node.label || node.nodeId }));
  }, [codeNodes, edges, nodeId]);

  const [loaded, setLoaded] = useState<{
    metricId: string | null;
    profilePropertyKeys: string[];
    eventPropertyKeys: string[];
    secretNames: string[];
    isHttpAllowed: boolean;
    targetsNote: string;
  } | null>(null);
  const [variablesError, setVariablesError] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void loadWebhookVariablesAction({ metricId }).then((result) => {
      if (!isCurrent) return;
      if (result.ok) {
        setLoaded({ metricId, ...result.data });
        setVariablesError(null);
      } else setVariablesError(result.error);
    });
    return () => {
      isCurrent = false;
    };
  }, [metricId]);

  const variables = useMemo<TTemplateVariables>(
    () => ({
      profilePropertyKeys: loaded?.profilePropertyKeys ?? [],
      eventPropertyKeys: hasMetricTrigger ? (loaded?.eventPropertyKeys ?? []) : null,
      secretNames: loaded?.secretNames ?? [],
      outputs: upstreamCode.map((node) => ({
        nodeId: node.nodeId,
        label: node.label,
        names: references.codeFunctions.find((fn) => fn.id === node.functionId)?.outputs ?? [],
      })),
    }),
    [loaded, hasMetricTrigger, upstreamCode, references.codeFunctions],
  );

  return {
    flowId,
    nodeId,
    metricId,
    isMetricFlow: hasMetricTrigger,
    upstreamCode: upstreamCode.map(({ nodeId: id, functionId }) => ({ nodeId: id, functionId })),
    variables,
    isHttpAllowed: loaded?.isHttpAllowed ?? false,
    targetsNote: loaded?.targetsNote ?? null,
    variablesError,
  };
}

const NO_METRIC_TRIGGER = "";

/** The metric trigger's metric id (the nil UUID while unchosen), or "" without a metric trigger. */
function triggerMetricKey(nodes: TCanvasNode[]): string {
  const trigger = nodes.find((node) => node.data.type === "metric-trigger");
  if (!trigger) return NO_METRIC_TRIGGER;
  return (trigger.data.config as { metricId?: string }).metricId || UNCHOSEN_ID;
}
