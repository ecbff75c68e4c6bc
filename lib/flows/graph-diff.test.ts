import { describe, expect, it } from "vitest";
import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { diffFlowGraphs, isDeepEqual, isEmptyDiff, nodeDiffStatuses } from "@/lib/flows/graph-diff";
import { emptyFlowGraph, type TFlowGraph, type TFlowNode } from "@/lib/flows/graph-schema";

const LIST = "0190f0a0-0000-7000-8000-000000000001";

const trigger: TFlowNode = {
  id: "t",
  type: "list-trigger",
  position: { x: 0, y: 0 },
  config: { listId: LIST },
};
const hook: TFlowNode = {
  id: "h",
  type: "webhook",
  position: { x: 0, y: 150 },
  config: { url: "https://a.example/x", headers: [], body: "{}" },
};
const wait: TFlowNode = {
  id: "d",
  type: "delay",
  position: { x: 0, y: 300 },
  config: { mode: "duration", amount: 1, unit: "days" },
};

function graph(nodes: TFlowNode[], edges: [string, string, string?][]): TFlowGraph {
  return {
    ...emptyFlowGraph(),
    nodes,
    edges: edges.map(([source, target, handle]) => ({
      id: `${source}-${target}`,
      source,
      target,
      sourceHandle: handle ?? null,
    })),
  };
}

describe("diffFlowGraphs", () => {
  it("finds nothing between a graph and itself", () => {
    const g = graph([trigger, hook], [["t", "h"]]);
    const diff = diffFlowGraphs(g, structuredClone(g));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.movedNodeIds).toEqual([]);
  });

  it("lists added and removed nodes and edges", () => {
    const before = graph([trigger, hook], [["t", "h"]]);
    const after = graph([trigger, wait], [["t", "d"]]);
    const diff = diffFlowGraphs(before, after);
    expect(diff.addedNodes).toEqual([{ id: "d", type: "delay" }]);
    expect(diff.removedNodes).toEqual([{ id: "h", type: "webhook" }]);
    expect(diff.addedEdges).toEqual([{ source: "t", sourceHandle: null, target: "d" }]);
    expect(diff.removedEdges).toEqual([{ source: "t", sourceHandle: null, target: "h" }]);
    expect(diff.changedNodes).toEqual([]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it("names the config fields and label that changed on a node", () => {
    const before = graph([trigger, hook], [["t", "h"]]);
    const after = graph(
      [trigger, { ...hook, label: "Notify CRM", config: { ...hook.config, url: "https://b.example/y" } }],
      [["t", "h"]],
    );
    expect(diffFlowGraphs(before, after).changedNodes).toEqual([
      {
        id: "h",
        type: "webhook",
        label: "Notify CRM",
        fields: ["label", "url"],
        values: {
          label: { before: "", after: "Notify CRM" },
          url: { before: "https://a.example/x", after: "https://b.example/y" },
        },
      },
    ]);
  });

  it("sees a change deep inside a config (a header value)", () => {
    const withHeader = (value: string): TFlowNode => ({
      ...hook,
      config: { url: "https://a.example/x", headers: [{ name: "X-Token", value }], body: "{}" },
    });
    const diff = diffFlowGraphs(graph([withHeader("a")], []), graph([withHeader("b")], []));
    expect(diff.changedNodes.map((node) => node.fields)).toEqual([["headers"]]);
    // A list is not one value: no before/after for it.
    expect(diff.changedNodes[0]!.values).toEqual({});
  });

  it("a node whose type changed under the same id is a change of type", () => {
    const diff = diffFlowGraphs(graph([hook], []), graph([{ ...wait, id: "h" }], []));
    expect(diff.changedNodes).toEqual([
      { id: "h", type: "delay", fields: ["type"], values: { type: { before: "webhook", after: "delay" } } },
    ]);
  });

  it("a moved node is not a change, but is reported as moved", () => {
    const diff = diffFlowGraphs(graph([hook], []), graph([{ ...hook, position: { x: 40, y: 150 } }], []));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.movedNodeIds).toEqual(["h"]);
  });

  it("matches edges by what they connect, not by id, and tells split outputs apart", () => {
    const split: TFlowNode = {
      id: "s",
      type: "split",
      position: { x: 0, y: 0 },
      config: { conditions: NO_CONDITIONS },
    };
    const before = graph(
      [trigger, split, hook],
      [
        ["t", "s"],
        ["s", "h", "yes"],
      ],
    );
    const after = structuredClone(before);
    after.edges = after.edges.map((edge) => ({ ...edge, id: `renamed-${edge.id}` }));
    expect(isEmptyDiff(diffFlowGraphs(before, after))).toBe(true);
    after.edges[1] = { ...after.edges[1]!, sourceHandle: "no" };
    const diff = diffFlowGraphs(before, after);
    expect(diff.addedEdges).toEqual([{ source: "s", sourceHandle: "no", target: "h" }]);
    expect(diff.removedEdges).toEqual([{ source: "s", sourceHandle: "yes", target: "h" }]);
  });

  it("reports changed flow settings", () => {
    const before = graph([trigger], []);
    const after = { ...before, settings: { ...before.settings, reentry: { mode: "always" as const } } };
    expect(diffFlowGraphs(before, after).changedSettings).toEqual(["reentry"]);
  });

  it("gives each node its status, removed nodes included", () => {
    const before = graph([trigger, hook], []);
    const after = graph([{ ...trigger, label: "Start" }, wait], []);
    const statuses = nodeDiffStatuses(diffFlowGraphs(before, after));
    expect(Object.fromEntries(statuses)).toEqual({ t: "changed", h: "removed", d: "added" });
  });
});

describe("isDeepEqual", () => {
  it("ignores key order and treats a missing key as undefined", () => {
    expect(isDeepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(isDeepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(isDeepEqual([1, 2], [2, 1])).toBe(false);
    expect(isDeepEqual({ a: null }, { a: 0 })).toBe(false);
    expect(isDeepEqual([], {})).toBe(false);
  });
});
