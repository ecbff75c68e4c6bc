import type { TFlowEdge, TFlowGraph, TFlowNode, TFlowNodeType } from "@/lib/flows/graph-schema";

// The difference between two flow graphs (two versions, or a version and the draft), for the
// version compare view. Pure and client-safe: the editor computes it in the browser from graphs
// the server sent. Nodes are matched by id (ids are stable: the editor never renumbers them);
// edges by what they connect (source, output, target), not by id, so an edge drawn again after a
// delete is "unchanged" rather than removed-and-added.

export type TNodeRef = { id: string; type: TFlowNodeType; label?: string };
export type TScalar = string | number | boolean | null;
export type TChangedNode = TNodeRef & {
  /** Config fields (top-level keys, e.g. "url", "conditions") plus "label" / "type" when they changed. */
  fields: string[];
  /** Before and after of the changed fields that hold one value (URL, amount…), for the change list. */
  values: Record<string, { before: TScalar; after: TScalar }>;
};
export type TEdgeRef = { source: string; sourceHandle: string | null; target: string };

export type TGraphDiff = {
  addedNodes: TNodeRef[];
  removedNodes: TNodeRef[];
  changedNodes: TChangedNode[];
  /** Nodes whose only difference is their position on the canvas (not a change in behaviour). */
  movedNodeIds: string[];
  addedEdges: TEdgeRef[];
  removedEdges: TEdgeRef[];
  /** Flow settings that changed: "filters", "reentry". */
  changedSettings: string[];
};

export type TNodeDiffStatus = "added" | "removed" | "changed" | "unchanged";

export function diffFlowGraphs(from: TFlowGraph, to: TFlowGraph): TGraphDiff {
  const fromNodes = new Map(from.nodes.map((node) => [node.id, node]));
  const toNodes = new Map(to.nodes.map((node) => [node.id, node]));
  const changedNodes: TChangedNode[] = [];
  const movedNodeIds: string[] = [];
  for (const node of to.nodes) {
    const before = fromNodes.get(node.id);
    if (!before) continue;
    const fields = changedNodeFields(before, node);
    if (fields.length > 0)
      changedNodes.push({ ...nodeRef(node), fields, values: scalarValues(before, node, fields) });
    else if (before.position.x !== node.position.x || before.position.y !== node.position.y)
      movedNodeIds.push(node.id);
  }
  const fromEdges = new Map(from.edges.map((edge) => [edgeKey(edge), edge]));
  const toEdges = new Map(to.edges.map((edge) => [edgeKey(edge), edge]));
  return {
    addedNodes: to.nodes.filter((node) => !fromNodes.has(node.id)).map(nodeRef),
    removedNodes: from.nodes.filter((node) => !toNodes.has(node.id)).map(nodeRef),
    changedNodes,
    movedNodeIds,
    addedEdges: [...toEdges].filter(([key]) => !fromEdges.has(key)).map(([, edge]) => edgeRef(edge)),
    removedEdges: [...fromEdges].filter(([key]) => !toEdges.has(key)).map(([, edge]) => edgeRef(edge)),
    changedSettings: (["filters", "reentry"] as const).filter(
      (key) => !isDeepEqual(from.settings[key], to.settings[key]),
    ),
  };
}

export function isEmptyDiff(diff: TGraphDiff): boolean {
  return (
    diff.addedNodes.length +
      diff.removedNodes.length +
      diff.changedNodes.length +
      diff.addedEdges.length +
      diff.removedEdges.length +
      diff.changedSettings.length ===
    0
  );
}

/** Each node's status in the diff, by id (removed nodes included, from the older graph). */
export function nodeDiffStatuses(diff: TGraphDiff): Map<string, TNodeDiffStatus> {
  const statuses = new Map<string, TNodeDiffStatus>();
  for (const node of diff.addedNodes) statuses.set(node.id, "added");
  for (const node of diff.removedNodes) statuses.set(node.id, "removed");
  for (const node of diff.changedNodes) statuses.set(node.id, "changed");
  return statuses;
}

export function edgeKey(edge: Pick<TFlowEdge, "source" | "sourceHandle" | "target">): string {
  return `${edge.source}:${edge.sourceHandle ?? "out"}->${edge.target}`;
}

function changedNodeFields(before: TFlowNode, after: TFlowNode): string[] {
  if (before.type !== after.type) return ["type"];
  const fields: string[] = [];
  if ((before.label ?? "") !== (after.label ?? "")) fields.push("label");
  const beforeConfig = before.config as Record<string, unknown>;
  const afterConfig = after.config as Record<string, unknown>;
  const keys = new Set([...Object.keys(beforeConfig), ...Object.keys(afterConfig)]);
  for (const key of keys) {
    if (!isDeepEqual(beforeConfig[key], afterConfig[key])) fields.push(key);
  }
  return fields;
}

function scalarValues(before: TFlowNode, after: TFlowNode, fields: string[]): TChangedNode["values"] {
  const read = (node: TFlowNode, field: string): unknown =>
    field === "label"
      ? (node.label ?? "")
      : field === "type"
        ? node.type
        : (node.config as Record<string, unknown>)[field];
  const values: TChangedNode["values"] = {};
  for (const field of fields) {
    const [old, now] = [read(before, field), read(after, field)];
    if (isScalar(old) && isScalar(now)) values[field] = { before: old ?? null, after: now ?? null };
  }
  return values;
}

function isScalar(value: unknown): value is TScalar | undefined {
  return value === undefined || value === null || ["string", "number", "boolean"].includes(typeof value);
}

function nodeRef(node: TFlowNode): TNodeRef {
  return { id: node.id, type: node.type, ...(node.label ? { label: node.label } : {}) };
}

function edgeRef(edge: TFlowEdge): TEdgeRef {
  return { source: edge.source, sourceHandle: edge.sourceHandle ?? null, target: edge.target };
}

/** Structural equality of JSON values (key order does not matter; undefined equals a missing key). */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isDeepEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!isDeepEqual(left[key], right[key])) return false;
  return true;
}
