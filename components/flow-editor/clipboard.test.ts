import { describe, expect, it } from "vitest";
import { emptyFlowGraph, type TFlowGraph } from "@/lib/flows/graph-schema";
import { NODE_TYPES } from "@/lib/flows/node-types";
import {
  CLIPBOARD_KIND,
  copySelection,
  PASTE_OFFSET,
  parseClipboardText,
  planPaste,
  type TClipboardDocument,
} from "./clipboard";
import { toCanvasEdges, toCanvasNodes } from "./graph-model";

const graph: TFlowGraph = {
  ...emptyFlowGraph(),
  nodes: [
    {
      id: "t",
      type: "list-trigger",
      position: { x: 0, y: 0 },
      config: NODE_TYPES["list-trigger"].defaults(),
    },
    { id: "c", type: "code", position: { x: 0, y: 160 }, config: { functionId: null } },
    {
      id: "s",
      type: "code-output-split",
      position: { x: 0, y: 320 },
      label: "Locale known?",
      config: { nodeId: "c", output: "locale", operator: "exists" },
    },
    { id: "w", type: "webhook", position: { x: 0, y: 480 }, config: NODE_TYPES.webhook.defaults() },
  ],
  edges: [
    { id: "e1", source: "t", target: "c", sourceHandle: null },
    { id: "e2", source: "c", target: "s", sourceHandle: null },
    { id: "e3", source: "s", target: "w", sourceHandle: "yes" },
  ],
};
const selecting = (ids: string[]) =>
  toCanvasNodes(graph).map((node) => ({ ...node, selected: ids.includes(node.id) }));
let counter = 0;
const sequentialId = (type: string) => `${type}-new${++counter}`;

describe("copySelection", () => {
  it("copies the selected nodes and only the connections between them", () => {
    const document = copySelection(selecting(["c", "s"]), toCanvasEdges(graph), "flow-a", new Date(0))!;
    expect(document).toMatchObject({ kind: CLIPBOARD_KIND, version: 1, sourceFlowId: "flow-a" });
    expect(document.nodes.map((node) => node.id)).toEqual(["c", "s"]);
    expect(document.edges.map((edge) => edge.id)).toEqual(["e2"]);
  });
  it("copies nothing when nothing is selected", () => {
    expect(copySelection(selecting([]), toCanvasEdges(graph), "flow-a")).toBeNull();
  });
});

describe("parseClipboardText", () => {
  const document = copySelection(selecting(["c", "s"]), toCanvasEdges(graph), "flow-a")!;
  it("accepts a document it wrote", () => {
    expect(parseClipboardText(JSON.stringify(document))).toEqual({ ok: true, document });
  });
  it("says when the clipboard holds something else, nothing, another version or a broken node", () => {
    expect(parseClipboardText("hello")).toMatchObject({ ok: false, reason: "foreign" });
    expect(parseClipboardText('{"kind":"other"}')).toMatchObject({ ok: false, reason: "foreign" });
    expect(parseClipboardText("")).toMatchObject({ ok: false, reason: "empty" });
    expect(parseClipboardText(JSON.stringify({ ...document, version: 9 }))).toMatchObject({
      ok: false,
      message: expect.stringContaining("clipboard format 9"),
    });
    const broken = { ...document, nodes: [{ ...document.nodes[0], type: "teleport" }] };
    expect(parseClipboardText(JSON.stringify(broken))).toMatchObject({
      ok: false,
      reason: "invalid",
      message: expect.stringContaining("nodes.0"),
    });
  });
});

describe("planPaste", () => {
  const existing = toCanvasNodes(graph);
  const document = copySelection(selecting(["c", "s", "w"]), toCanvasEdges(graph), "flow-a")!;

  it("gives new ids, keeps internal connections and re-points a split at the copied code node", () => {
    const plan = planPaste(document, existing, { mode: "offset" }, sequentialId);
    if (!plan.ok) throw new Error(plan.message);
    const ids = plan.nodes.map((node) => node.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids.some((id) => ["c", "s", "w"].includes(id))).toBe(false);
    const [code, split] = plan.nodes;
    expect(split).toMatchObject({
      type: "code-output-split",
      label: "Locale known?",
      config: { nodeId: code!.id },
    });
    expect(plan.edges).toHaveLength(2);
    for (const edge of plan.edges) expect(ids).toContain(edge.source);
    expect(plan.edges.find((edge) => edge.sourceHandle === "yes")).toMatchObject({ source: split!.id });
  });

  it("offsets copies in the same flow until none sits on an existing node", () => {
    const first = planPaste(document, existing, { mode: "offset" }, sequentialId);
    if (!first.ok) throw new Error(first.message);
    expect(first.nodes[0]!.position).toEqual({ x: PASTE_OFFSET, y: 160 + PASTE_OFFSET });
    const withFirst = [...existing, ...toCanvasNodes({ ...graph, nodes: first.nodes, edges: [] })];
    const second = planPaste(document, withFirst, { mode: "offset" }, sequentialId);
    if (!second.ok) throw new Error(second.message);
    expect(second.nodes[0]!.position).toEqual({ x: 2 * PASTE_OFFSET, y: 160 + 2 * PASTE_OFFSET });
  });

  it("centres copies pasted into another flow on the given point, on the grid", () => {
    const plan = planPaste(document, [], { mode: "centre", at: { x: 1000, y: 1000 } }, sequentialId);
    if (!plan.ok) throw new Error(plan.message);
    // The block spans x 0..240 and y 160..480: its centre (120, 320) moves to (1000, 1000), the
    // shift (880, 680) rounded to the 16 px grid (880, 688).
    expect(plan.nodes[0]!.position).toEqual({ x: 880, y: 160 + 688 });
  });

  it("refuses a second trigger, and a document with two triggers", () => {
    const withTrigger = copySelection(selecting(["t", "c"]), toCanvasEdges(graph), "flow-a")!;
    const refused = planPaste(withTrigger, existing, { mode: "offset" });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("already has a trigger") });
    expect(planPaste(withTrigger, [], { mode: "offset" }).ok).toBe(true);
    const twoTriggers: TClipboardDocument = {
      ...withTrigger,
      nodes: [...withTrigger.nodes, { ...withTrigger.nodes[0]!, id: "t2" }],
    };
    expect(planPaste(twoTriggers, [], { mode: "offset" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("more than one trigger"),
    });
  });
});
