"use client";

import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { createContext, useContext, useRef, useSyncExternalStore } from "react";
import type {
  TFlowEdge,
  TFlowGraph,
  TFlowNode,
  TFlowNodeType,
  TFlowSettings,
} from "@/lib/flows/graph-schema";
import { NODE_TYPES } from "@/lib/flows/node-types";
import {
  connectionProblem,
  edgeId,
  type TCanvasNode,
  type TNodeData,
  toCanvasEdges,
  toCanvasNodes,
} from "./graph-model";

// One store per editor instance (created by createEditorStore, passed through context), holding
// the canvas state and its undo history. `changeCount` moves on every change that alters the
// saved graph (not selection or measuring), which is what autosave watches.

export const HISTORY_LIMIT = 200;
/** Typing in one field within this window is one undo step, not one per keystroke. */
const COALESCE_MS = 1000;

type TSnapshot = { nodes: TCanvasNode[]; edges: Edge[]; settings: TFlowSettings };

export type TEditorState = TSnapshot & {
  past: TSnapshot[];
  future: TSnapshot[];
  changeCount: number;
};

export function createEditorStore(graph: TFlowGraph) {
  let state: TEditorState = {
    nodes: toCanvasNodes(graph),
    edges: toCanvasEdges(graph),
    settings: graph.settings,
    past: [],
    future: [],
    changeCount: 0,
  };
  const listeners = new Set<() => void>();
  let coalesce: { key: string; at: number } | null = null;
  let isDragging = false;

  const set = (next: Partial<TEditorState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };
  const snapshot = (): TSnapshot => ({
    nodes: state.nodes.map(({ selected: _selected, dragging: _dragging, ...node }) => node),
    edges: state.edges.map(({ selected: _selected, ...edge }) => edge),
    settings: state.settings,
  });
  /** Records the state before a change as one undo step (coalesced when `key` repeats quickly). */
  const record = (key?: string) => {
    const now = Date.now();
    if (key && coalesce?.key === key && now - coalesce.at < COALESCE_MS) {
      coalesce.at = now;
      return;
    }
    coalesce = key ? { key, at: now } : null;
    set({ past: [...state.past, snapshot()].slice(-HISTORY_LIMIT), future: [] });
  };
  const changed = (next: Partial<TEditorState>) => set({ ...next, changeCount: state.changeCount + 1 });
  /** Restores a snapshot, keeping measured sizes so restored nodes stay visible. */
  const restore = (target: TSnapshot) => {
    const measured = new Map(state.nodes.map((node) => [node.id, node.measured]));
    return {
      nodes: target.nodes.map((node) => ({ ...node, measured: node.measured ?? measured.get(node.id) })),
      edges: target.edges,
      settings: target.settings,
    };
  };

  /**
   * Removes nodes, every connection touching them, and the given connections, as one undo step.
   * React Flow reports a keyboard delete as separate node and edge changes; removing the
   * connections with their nodes here keeps the graph free of dangling edges whichever arrives.
   */
  const removeElements = (nodeIds: Set<string>, edgeIds: Set<string>) => {
    const edges = state.edges.filter(
      (edge) => !edgeIds.has(edge.id) && !nodeIds.has(edge.source) && !nodeIds.has(edge.target),
    );
    const nodes = state.nodes.filter((node) => !nodeIds.has(node.id));
    if (nodes.length === state.nodes.length && edges.length === state.edges.length) return;
    record();
    changed({ nodes, edges });
  };

  const actions = {
    onNodesChange(changes: NodeChange<TCanvasNode>[]) {
      const removed = new Set(changes.flatMap((change) => (change.type === "remove" ? [change.id] : [])));
      if (removed.size > 0) return removeElements(removed, new Set());
      const dragStep = changes.find((change) => change.type === "position");
      if (dragStep?.type === "position" && dragStep.dragging && !isDragging) {
        isDragging = true;
        record();
      }
      const nodes = applyNodeChanges(changes, state.nodes);
      if (dragStep?.type === "position" && !dragStep.dragging) {
        isDragging = false;
        changed({ nodes });
      } else set({ nodes });
    },
    onEdgesChange(changes: EdgeChange[]) {
      const removed = new Set(changes.flatMap((change) => (change.type === "remove" ? [change.id] : [])));
      if (removed.size > 0) return removeElements(new Set(), removed);
      set({ edges: applyEdgeChanges(changes, state.edges) });
    },
    /** Deletes the selected nodes (with their connections) and selected connections: one undo step. */
    deleteSelection(): number {
      const nodeIds = new Set(state.nodes.filter((node) => node.selected).map((node) => node.id));
      const edgeIds = new Set(state.edges.filter((edge) => edge.selected).map((edge) => edge.id));
      removeElements(nodeIds, edgeIds);
      return nodeIds.size + edgeIds.size;
    },
    /** Adds pasted or duplicated nodes and their connections, selected alone: one undo step. */
    insertNodes(nodes: TFlowNode[], edges: TFlowEdge[]) {
      if (nodes.length === 0) return;
      record();
      const graph = { schemaVersion: 1 as const, nodes, edges, settings: state.settings };
      changed({
        nodes: [
          ...state.nodes.map((node) => ({ ...node, selected: false })),
          ...toCanvasNodes(graph).map((node) => ({ ...node, selected: true })),
        ],
        edges: [...state.edges.map((edge) => ({ ...edge, selected: false })), ...toCanvasEdges(graph)],
      });
    },
    selectAll() {
      set({
        nodes: state.nodes.map((node) => ({ ...node, selected: true })),
        edges: state.edges.map((edge) => ({ ...edge, selected: true })),
      });
    },
    clearSelection() {
      set({
        nodes: state.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)),
        edges: state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
      });
    },
    /** Adds the connection unless it is refused; returns the reason when it is. */
    connect(connection: Connection): string | null {
      const problem = connectionProblem(connection, state.nodes, state.edges);
      if (problem) return problem;
      record();
      const edge: Edge = {
        id: edgeId(connection),
        source: connection.source,
        target: connection.target,
        sourceHandle: connection.sourceHandle ?? null,
        label: connection.sourceHandle ?? undefined,
      };
      changed({ edges: [...state.edges, edge] });
      return null;
    },
    addNode(type: TFlowNodeType, position: { x: number; y: number }): string {
      record();
      const id = `${type}-${crypto.randomUUID().slice(0, 8)}`;
      const node: TCanvasNode = {
        id,
        type: "flow",
        position,
        selected: true,
        data: { type, config: NODE_TYPES[type].defaults() as TNodeData["config"] },
      };
      changed({ nodes: [...state.nodes.map((other) => ({ ...other, selected: false })), node] });
      return id;
    },
    updateNode(id: string, patch: Partial<Pick<TNodeData, "config" | "label">>, field = "") {
      record(`node:${id}:${field}`);
      changed({
        nodes: state.nodes.map((node) =>
          node.id === id ? { ...node, data: { ...node.data, ...patch } } : node,
        ),
      });
    },
    updateSettings(settings: TFlowSettings, field = "") {
      record(`settings:${field}`);
      changed({ settings });
    },
    select(id: string | null) {
      set({
        nodes: state.nodes.map((node) => ({ ...node, selected: node.id === id })),
        edges: state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
      });
    },
    replaceGraph(graph: TFlowGraph) {
      record();
      changed({ nodes: toCanvasNodes(graph), edges: toCanvasEdges(graph), settings: graph.settings });
    },
    setPositions(positions: Map<string, { x: number; y: number }>) {
      record();
      changed({
        nodes: state.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })),
      });
    },
    undo() {
      const previous = state.past.at(-1);
      if (!previous) return;
      coalesce = null;
      changed({ ...restore(previous), past: state.past.slice(0, -1), future: [snapshot(), ...state.future] });
    },
    redo() {
      const next = state.future[0];
      if (!next) return;
      coalesce = null;
      changed({ ...restore(next), past: [...state.past, snapshot()], future: state.future.slice(1) });
    },
  };

  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...actions,
  };
}

export type TEditorStore = ReturnType<typeof createEditorStore>;

export const EditorStoreContext = createContext<TEditorStore | null>(null);

export function useEditorStore(): TEditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditorStore outside the flow editor");
  return store;
}

export function useEditorState<T>(select: (state: TEditorState) => T): T {
  const store = useEditorStore();
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.getState()),
    () => select(store.getState()),
  );
}

/**
 * useEditorState for selectors that build a new value (a filtered list) on every call: the last
 * value is kept while `isEqual` finds nothing changed, so a component that reads, say, the
 * selection does not re-render on every frame of a drag (the nodes array changes each frame).
 */
export function useEditorStateEqual<T>(
  select: (state: TEditorState) => T,
  isEqual: (a: T, b: T) => boolean,
): T {
  const store = useEditorStore();
  const last = useRef<{ value: T } | null>(null);
  const snapshot = () => {
    const next = select(store.getState());
    if (last.current && isEqual(last.current.value, next)) return last.current.value;
    last.current = { value: next };
    return next;
  };
  return useSyncExternalStore(store.subscribe, snapshot, snapshot);
}

/** Equal when both lists hold the same flat records (or primitives), in order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((item, index) => {
    const other = b[index] as T;
    if (typeof item !== "object" || item === null) return item === other;
    const keys = Object.keys(item) as (keyof T)[];
    return keys.every((key) => item[key] === (other as T)[key]);
  });
}
