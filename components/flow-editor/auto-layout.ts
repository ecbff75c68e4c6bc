import type { Edge } from "@xyflow/react";
import type { TCanvasNode } from "./graph-model";

const DEFAULT_SIZE = { width: 240, height: 72 };

/**
 * Top-down layered layout with elkjs (loaded on first use: it is ~1.5 MB and most sessions never
 * press the button). Returns each node's new top-left position.
 */
export async function layoutNodes(
  nodes: TCanvasNode[],
  edges: Edge[],
): Promise<Map<string, { x: number; y: number }>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const result = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.spacing.nodeNode": "48",
      "elk.layered.spacing.nodeNodeBetweenLayers": "72",
    },
    children: nodes.map((node) => ({
      id: node.id,
      width: node.measured?.width ?? DEFAULT_SIZE.width,
      height: node.measured?.height ?? DEFAULT_SIZE.height,
    })),
    edges: edges.map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  });
  return new Map((result.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
