import type { Edge, Node } from "@xyflow/react";
import {
  FLOW_GRAPH_SCHEMA_VERSION,
  isTriggerNode,
  type TFlowGraph,
  type TFlowNode,
  type TFlowNodeType,
  type TFlowSettings,
  TRIGGER_NODE_TYPES,
} from "@/lib/flows/graph-schema";

// The canvas's view of a flow graph: React Flow nodes carry the saved node's type, label and
// config in `data`; edges carry the source handle ("yes"/"no" on splits). Positions, selection
// and measured sizes live on the React Flow nodes; everything else round-trips unchanged.

export type TNodeData = { type: TFlowNodeType; label?: string; config: TFlowNode["config"] };
export type TCanvasNode = Node<TNodeData, "flow">;

export function toCanvasNodes(graph: TFlowGraph): TCanvasNode[] {
  return graph.nodes.map((node) => ({
    id: node.id,
    type: "flow",
    position: node.position,
    data: { type: node.type, label: node.label, config: node.config },
  }));
}

export function toCanvasEdges(graph: TFlowGraph): Edge[] {
  return graph.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourceHandle,
    label: edge.sourceHandle ?? undefined,
  }));
}

export function toFlowGraph(nodes: TCanvasNode[], edges: Edge[], settings: TFlowSettings): TFlowGraph {
  return {
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    nodes: nodes.map(
      (node) =>
        ({
          id: node.id,
          type: node.data.type,
          position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
          ...(node.data.label ? { label: node.data.label } : {}),
          config: node.data.config,
        }) as TFlowNode,
    ),
    edges: edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.sourceHandle ?? null,
    })),
    settings,
  };
}

export function edgeId(connection: { source: string; sourceHandle?: string | null; target: string }): string {
  return `${connection.source}:${connection.sourceHandle ?? "out"}->${connection.target}`;
}

export function isTriggerType(type: TFlowNodeType): boolean {
  return (TRIGGER_NODE_TYPES as readonly string[]).includes(type);
}

/**
 * Why a connection the user is drawing would be refused, or null when it is allowed. Used while
 * dragging (React Flow's isValidConnection) and to explain a refused drop.
 */
export function connectionProblem(
  connection: { source: string; target: string; sourceHandle?: string | null },
  nodes: readonly { id: string; data: TNodeData }[],
  edges: readonly Pick<Edge, "source" | "target" | "sourceHandle">[],
): string | null {
  const { source, target } = connection;
  if (source === target) return "A node cannot connect to itself";
  const targetNode = nodes.find((node) => node.id === target);
  if (!targetNode) return "Connect to a node";
  if (isTriggerType(targetNode.data.type)) return "Nothing can lead into the trigger: it starts the flow";
  const handle = connection.sourceHandle ?? null;
  if (
    edges.some(
      (edge) => edge.source === source && (edge.sourceHandle ?? null) === handle && edge.target === target,
    )
  )
    return "These two nodes are already connected this way";
  // A cycle: the target already reaches the source.
  const outgoing = new Map<string, string[]>();
  for (const edge of edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  const seen = new Set([target]);
  const stack = [target];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current === source) return "This would make the flow loop back on itself";
    for (const next of outgoing.get(current) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return null;
}

export function hasTrigger(nodes: readonly { data: TNodeData }[]): boolean {
  return nodes.some((node) => isTriggerType(node.data.type));
}

export { isTriggerNode };

export type TCodeNodeRef = { nodeId: string; label: string | undefined; functionId: string | null };

/** The flow's code nodes: what code-output splits and templates (`outputs.<node>`) refer to. */
export function codeNodesOf(nodes: TCanvasNode[]): TCodeNodeRef[] {
  return nodes
    .filter((node) => node.data.type === "code")
    .map((node) => ({
      nodeId: node.id,
      label: node.data.label,
      functionId: (node.data.config as { functionId: string | null }).functionId,
    }));
}
