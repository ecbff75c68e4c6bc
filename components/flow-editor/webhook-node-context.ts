"use client";

import { useParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { loadWebhookVariablesAction } from "@/lib/actions/webhook-node-actions";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";
import { useEditorContext } from "./editor-context";
import { useEditorState } from "./editor-store";
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
  const nodes = useEditorState((state) => state.nodes);
  const edges = useEditorState((state) => state.edges);
  const nodeId = nodes.find((node) => node.selected)?.id ?? "";
  const trigger = nodes.find((node) => node.data.type === "metric-trigger");
  const metricConfig = trigger?.data.config as { metricId?: string } | undefined;
  const metricId =
    metricConfig?.metricId && metricConfig.metricId !== UNCHOSEN_ID ? metricConfig.metricId : null;

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
    return nodes
      .filter((node) => seen.has(node.id) && node.data.type === "code")
      .map((node) => ({
        nodeId: node.id,
        label: node.data.label || node.id,
        functionId: (node.data.config as { functionId: string | null }).functionId,
      }));
  }, [nodes, edges, nodeId]);

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
      eventPropertyKeys: trigger ? (loaded?.eventPropertyKeys ?? []) : null,
      secretNames: loaded?.secretNames ?? [],
      outputs: upstreamCode.map((node) => ({
        nodeId: node.nodeId,
        label: node.label,
        names: references.codeFunctions.find((fn) => fn.id === node.functionId)?.outputs ?? [],
      })),
    }),
    [loaded, trigger, upstreamCode, references.codeFunctions],
  );

  return {
    flowId,
    nodeId,
    metricId,
    isMetricFlow: Boolean(trigger),
    upstreamCode: upstreamCode.map(({ nodeId: id, functionId }) => ({ nodeId: id, functionId })),
    variables,
    isHttpAllowed: loaded?.isHttpAllowed ?? false,
    targetsNote: loaded?.targetsNote ?? null,
    variablesError,
  };
}
