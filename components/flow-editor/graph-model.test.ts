import { describe, expect, it } from "vitest";
import { emptyFlowGraph } from "@/lib/flows/graph-schema";
import { NODE_TYPES } from "@/lib/flows/node-types";
import { connectionProblem, type TNodeData, toCanvasEdges, toCanvasNodes, toFlowGraph } from "./graph-model";

const node = (id: string, type: TNodeData["type"]) => ({
  id,
  data: { type, config: NODE_TYPES[type].defaults() } as TNodeData,
});
const nodes = [node("t", "list-trigger"), node("d", "delay"), node("w", "webhook"), node("s", "split")];
const edges = [
  { source: "t", target: "d", sourceHandle: null },
  { source: "d", target: "w", sourceHandle: null },
];

describe("connectionProblem", () => {
  it("allows a new forward connection", () => {
    expect(connectionProblem({ source: "t", target: "w" }, nodes, edges)).toBeNull();
  });
  it("refuses a connection into the trigger", () => {
    expect(connectionProblem({ source: "w", target: "t" }, nodes, edges)).toMatch(/trigger/);
  });
  it("refuses a node connecting to itself", () => {
    expect(connectionProblem({ source: "d", target: "d" }, nodes, edges)).toMatch(/itself/);
  });
  it("refuses a connection that closes a cycle", () => {
    expect(connectionProblem({ source: "w", target: "d" }, nodes, edges)).toMatch(/loop/);
  });
  it("refuses the same handle to the same target twice, but allows the other branch", () => {
    const withYes = [...edges, { source: "s", target: "w", sourceHandle: "yes" }];
    expect(connectionProblem({ source: "s", target: "w", sourceHandle: "yes" }, nodes, withYes)).toMatch(
      /already/,
    );
    expect(connectionProblem({ source: "s", target: "w", sourceHandle: "no" }, nodes, withYes)).toBeNull();
  });
});

describe("graph round trip", () => {
  it("keeps nodes, labels, configs, handles and settings through the canvas model", () => {
    const graph = {
      ...emptyFlowGraph(),
      nodes: [
        {
          id: "s",
          type: "split" as const,
          position: { x: 16, y: 32 },
          label: "VIP?",
          config: NODE_TYPES.split.defaults(),
        },
        {
          id: "w",
          type: "webhook" as const,
          position: { x: 0, y: 160 },
          config: NODE_TYPES.webhook.defaults(),
        },
      ],
      edges: [{ id: "e", source: "s", sourceHandle: "yes", target: "w" }],
      settings: { ...emptyFlowGraph().settings, reentry: { mode: "always" as const } },
    };
    expect(toFlowGraph(toCanvasNodes(graph), toCanvasEdges(graph), graph.settings)).toEqual(graph);
  });
});
