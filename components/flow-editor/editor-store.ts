"use client";

import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { createContext, useContext, useSyncExternalStore } from "react";
import type { TFlowGraph, TFlowNodeType, TFlowSettings } from "@/lib/flows/graph-schema";
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

  const actions = {
    onNodesChange(changes: NodeChange<TCanvasNode>[]) {
      const isRemove = changes.some((change) => change.type === "remove");
      const dragStep = changes.find((change) => change.type === "position");
      if (isRemove) record("remove");
      if (dragStep?.type === "position" && dragStep.dragging && !isDragging) {
        isDragging = true;
        record();
      }
      const nodes = applyNodeChanges(changes, state.nodes);
      if (isRemove || (dragStep?.type === "position" && !dragStep.dragging)) {
        isDragging = false;
        changed({ nodes });
      } else set({ nodes });
    },
    onEdgesChange(changes: EdgeChange[]) {
      const isRemove = changes.some((change) => change.type === "remove");
      if (isRemove) record("remove");
      const edges = applyEdgeChanges(changes, state.edges);
      if (isRemove) changed({ edges });
      else set({ edges });
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
      set({ nodes: state.nodes.map((node) => ({ ...node, selected: node.id === id })) });
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
