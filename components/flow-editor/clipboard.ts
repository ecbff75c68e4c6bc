import type { Edge } from "@xyflow/react";
import { z } from "zod";
import {
  isTriggerNode,
  MAX_FLOW_EDGES,
  MAX_FLOW_NODES,
  type TFlowEdge,
  type TFlowNode,
  type TFlowNodeType,
  ZFlowEdge,
  ZFlowNode,
} from "@/lib/flows/graph-schema";
import { edgeId, isTriggerType, type TCanvasNode, toFlowGraph } from "./graph-model";

// Copy/paste of nodes between flows, tabs and browsers. The document is plain JSON with a kind
// and a schema version, written to the system clipboard (when the browser permits) and to
// localStorage (always: same-origin tabs share it even where the clipboard API is refused). A
// paste parses it with the graph's own node and edge schemas, so a document edited by hand or
// written by an older version is refused with a reason instead of corrupting the graph.

export const CLIPBOARD_KIND = "hookflow/clipboard";
export const CLIPBOARD_VERSION = 1;
export const CLIPBOARD_STORAGE_KEY = "hookflow:clipboard";
/** How far a paste into the same flow moves the copies (two grid cells), so they never hide the originals. */
export const PASTE_OFFSET = 32;

export const ZClipboardDocument = z.object({
  kind: z.literal(CLIPBOARD_KIND),
  version: z.literal(CLIPBOARD_VERSION),
  copiedAt: z.string(),
  sourceFlowId: z.string().max(64).nullable(),
  nodes: z.array(ZFlowNode).min(1).max(MAX_FLOW_NODES),
  edges: z.array(ZFlowEdge).max(MAX_FLOW_EDGES),
});
export type TClipboardDocument = z.infer<typeof ZClipboardDocument>;

/** The selected nodes and the connections between them (a connection to an unselected node stays behind). */
export function copySelection(
  nodes: TCanvasNode[],
  edges: Edge[],
  sourceFlowId: string | null,
  now = new Date(),
): TClipboardDocument | null {
  const selected = nodes.filter((node) => node.selected);
  if (selected.length === 0) return null;
  const ids = new Set(selected.map((node) => node.id));
  const internal = edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
  const graph = toFlowGraph(selected, internal, {
    filters: { match: "all", groups: [] },
    reentry: { mode: "once" },
  });
  return {
    kind: CLIPBOARD_KIND,
    version: CLIPBOARD_VERSION,
    copiedAt: now.toISOString(),
    sourceFlowId,
    nodes: graph.nodes,
    edges: graph.edges,
  };
}

export type TParsedClipboard =
  | { ok: true; document: TClipboardDocument }
  | { ok: false; reason: "empty" | "foreign" | "invalid"; message: string };

/** Reads clipboard text: ours and valid, not ours at all (plain text…), or ours but unreadable. */
export function parseClipboardText(text: string | null | undefined): TParsedClipboard {
  if (!text?.trim()) return { ok: false, reason: "empty", message: "Nothing to paste: copy nodes first" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "foreign", message: "The clipboard holds no Hookflow nodes" };
  }
  if (!json || typeof json !== "object" || (json as { kind?: unknown }).kind !== CLIPBOARD_KIND)
    return { ok: false, reason: "foreign", message: "The clipboard holds no Hookflow nodes" };
  if ((json as { version?: unknown }).version !== CLIPBOARD_VERSION) {
    return {
      ok: false,
      reason: "invalid",
      message: `These nodes were copied by another Hookflow version (clipboard format ${String((json as { version?: unknown }).version)}, this one reads ${CLIPBOARD_VERSION})`,
    };
  }
  const parsed = ZClipboardDocument.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: "invalid",
      message: `The copied nodes are not valid (${issue?.path.join(".") || "document"}: ${issue?.message})`,
    };
  }
  return { ok: true, document: parsed.data };
}

export type TPastePlacement = { mode: "offset" } | { mode: "centre"; at: { x: number; y: number } };

export type TPastePlan =
  | { ok: true; nodes: TFlowNode[]; edges: TFlowEdge[] }
  | { ok: false; message: string };

/**
 * New ids for every pasted node (and connection), positions moved (same flow: offset until no
 * copy sits exactly on an existing node; elsewhere: centred on `at`), internal connections kept,
 * and a code-output split pointed at the copy of its code node when that was copied too. A flow
 * has one trigger, so a paste that would bring a second one is refused whole.
 */
export function planPaste(
  document: TClipboardDocument,
  existing: readonly { position: { x: number; y: number }; data: { type: string } }[],
  placement: TPastePlacement,
  newId: (type: string) => string = randomNodeId,
): TPastePlan {
  const triggers = document.nodes.filter(isTriggerNode);
  const hasTrigger = existing.some((node) => isTriggerType(node.data.type as TFlowNodeType));
  if (triggers.length > 1 || (triggers.length === 1 && hasTrigger)) {
    return {
      ok: false,
      message: hasTrigger
        ? "Not pasted: this flow already has a trigger, and a flow has exactly one. Copy without the trigger, or delete this flow's trigger first."
        : "Not pasted: the copied nodes contain more than one trigger, and a flow has exactly one.",
    };
  }
  if (existing.length + document.nodes.length > MAX_FLOW_NODES)
    return { ok: false, message: `Not pasted: a flow has at most ${MAX_FLOW_NODES} nodes` };

  const ids = new Map(document.nodes.map((node) => [node.id, newId(node.type)]));
  const shift = pasteShift(document.nodes, existing, placement);
  const nodes = document.nodes.map((node) => {
    const copy = {
      ...node,
      id: ids.get(node.id)!,
      position: { x: node.position.x + shift.x, y: node.position.y + shift.y },
    } as TFlowNode;
    if (copy.type === "code-output-split" && ids.has(copy.config.nodeId))
      copy.config = { ...copy.config, nodeId: ids.get(copy.config.nodeId)! };
    return copy;
  });
  const edges = document.edges.flatMap((edge) => {
    const source = ids.get(edge.source);
    const target = ids.get(edge.target);
    if (!source || !target) return [];
    const moved = { source, target, sourceHandle: edge.sourceHandle };
    return [{ ...moved, id: edgeId(moved) }];
  });
  return { ok: true, nodes, edges };
}

function pasteShift(
  nodes: TFlowNode[],
  existing: readonly { position: { x: number; y: number } }[],
  placement: TPastePlacement,
): { x: number; y: number } {
  if (placement.mode === "centre") {
    const xs = nodes.map((node) => node.position.x);
    const ys = nodes.map((node) => node.position.y);
    // Nodes are 240 px wide; centre the copied block's box, then land on the 16 px grid.
    const centre = {
      x: (Math.min(...xs) + Math.max(...xs) + 240) / 2,
      y: (Math.min(...ys) + Math.max(...ys)) / 2,
    };
    return { x: snap(placement.at.x - centre.x), y: snap(placement.at.y - centre.y) };
  }
  const taken = new Set(existing.map((node) => `${node.position.x},${node.position.y}`));
  for (let step = 1; ; step++) {
    const offset = step * PASTE_OFFSET;
    if (!nodes.some((node) => taken.has(`${node.position.x + offset},${node.position.y + offset}`)))
      return { x: offset, y: offset };
  }
}

function snap(value: number): number {
  return Math.round(value / 16) * 16;
}

export function randomNodeId(type: string): string {
  return `${type}-${crypto.randomUUID().slice(0, 8)}`;
}
