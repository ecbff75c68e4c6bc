import type { TFlowGraph, TFlowNode } from "@/lib/flows/graph-schema";

/** The nodes reached from `nodeId` through its output `handle` (null: the single output). */
export function successorsOf(graph: TFlowGraph, nodeId: string, handle: string | null): TFlowNode[] {
  const targets = graph.edges
    .filter((edge) => edge.source === nodeId && (edge.sourceHandle ?? null) === (handle ?? null))
    .map((edge) => edge.target);
  return graph.nodes.filter((node) => targets.includes(node.id));
}
