import { describe, expect, it } from "vitest";
import { emptyFlowGraph, type TFlowGraph } from "@/lib/flows/graph-schema";
import { NODE_TYPES } from "@/lib/flows/node-types";
import { createEditorStore } from "./editor-store";

const graph: TFlowGraph = {
  ...emptyFlowGraph(),
  nodes: [
    {
      id: "t",
      type: "list-trigger",
      position: { x: 0, y: 0 },
      config: NODE_TYPES["list-trigger"].defaults(),
    },
    { id: "d", type: "delay", position: { x: 0, y: 160 }, config: NODE_TYPES.delay.defaults() },
    { id: "w", type: "webhook", position: { x: 0, y: 320 }, config: NODE_TYPES.webhook.defaults() },
  ],
  edges: [
    { id: "e1", source: "t", target: "d", sourceHandle: null },
    { id: "e2", source: "d", target: "w", sourceHandle: null },
  ],
};
const ids = (store: ReturnType<typeof createEditorStore>) => store.getState().nodes.map((node) => node.id);
const edgeIds = (store: ReturnType<typeof createEditorStore>) =>
  store.getState().edges.map((edge) => edge.id);

describe("editor store: selection, delete, insert and history", () => {
  it("deletes the selected nodes with every connection touching them, as one undo step", () => {
    const store = createEditorStore(graph);
    store.onNodesChange([
      { type: "select", id: "d", selected: true },
      { type: "select", id: "w", selected: true },
    ]);
    expect(store.deleteSelection()).toBe(2);
    expect(ids(store)).toEqual(["t"]);
    expect(edgeIds(store)).toEqual([]);
    store.undo();
    expect(ids(store)).toEqual(["t", "d", "w"]);
    expect(edgeIds(store)).toEqual(["e1", "e2"]);
    store.redo();
    expect(ids(store)).toEqual(["t"]);
  });

  it("a node removed by React Flow takes its connections with it", () => {
    const store = createEditorStore(graph);
    store.onNodesChange([{ type: "remove", id: "d" }]);
    expect(edgeIds(store)).toEqual([]);
    expect(store.getState().past).toHaveLength(1);
  });

  it("selects all, clears, and inserts pasted nodes selected alone in one undo step", () => {
    const store = createEditorStore(graph);
    store.selectAll();
    expect(store.getState().nodes.every((node) => node.selected)).toBe(true);
    store.clearSelection();
    expect(store.getState().nodes.some((node) => node.selected)).toBe(false);
    store.select("t");
    store.insertNodes(
      [{ id: "x", type: "webhook", position: { x: 32, y: 352 }, config: NODE_TYPES.webhook.defaults() }],
      [],
    );
    expect(
      store
        .getState()
        .nodes.filter((node) => node.selected)
        .map((node) => node.id),
    ).toEqual(["x"]);
    expect(store.getState().past).toHaveLength(1);
    store.undo();
    expect(ids(store)).toEqual(["t", "d", "w"]);
  });

  it("keeps at least 100 undo steps", () => {
    const store = createEditorStore(graph);
    for (let step = 1; step <= 150; step++) {
      store.setPositions(new Map([["w", { x: step * 16, y: 320 }]]));
    }
    for (let step = 0; step < 150; step++) store.undo();
    expect(store.getState().nodes.find((node) => node.id === "w")!.position).toEqual({ x: 0, y: 320 });
  });
});
