import { describe, expect, it } from "vitest";
import { emptyFlowGraph, type TFlowNodeType, ZFlowGraph } from "@/lib/flows/graph-schema";
import { NODE_TYPES, nodeSummary, registryProblems, UNCHOSEN_ID } from "@/lib/flows/node-types";

const names = { list: () => "Newsletter", segment: () => "VIP", metric: () => "Placed Order" };

describe("node-type registry", () => {
  it("every type's defaults make a valid draft node (so a dropped node autosaves)", () => {
    for (const type of Object.keys(NODE_TYPES) as TFlowNodeType[]) {
      const graph = {
        ...emptyFlowGraph(),
        nodes: [{ id: "n", type, position: { x: 0, y: 0 }, config: NODE_TYPES[type].defaults() }],
      };
      expect(ZFlowGraph.safeParse(graph).success, type).toBe(true);
    }
  });

  it("an unchosen list, segment or metric is a problem on its field; a chosen one is not", () => {
    expect(registryProblems({ id: "t", type: "list-trigger", config: { listId: UNCHOSEN_ID } })).toEqual([
      { nodeId: "t", field: "listId", message: "Choose a list" },
    ]);
    expect(
      registryProblems({ id: "t", type: "list-trigger", config: { listId: crypto.randomUUID() } }),
    ).toEqual([]);
    expect(
      registryProblems({ id: "m", type: "metric-trigger", config: { metricId: UNCHOSEN_ID } }),
    ).toHaveLength(1);
    expect(
      registryProblems({ id: "s", type: "segment-trigger", config: { segmentId: UNCHOSEN_ID } }),
    ).toHaveLength(1);
  });

  it("summarises the node face in words", () => {
    expect(nodeSummary({ type: "list-trigger", config: { listId: crypto.randomUUID() } }, names)).toBe(
      "Joins Newsletter",
    );
    expect(
      nodeSummary(
        { type: "webhook", config: { url: "https://mail.example/cards", headers: [], body: "{}" } },
        names,
      ),
    ).toBe("POST mail.example");
    expect(
      nodeSummary(
        {
          type: "date-trigger",
          config: { ...NODE_TYPES["date-trigger"].defaults(), offsetDays: 14, direction: "before" },
        },
        names,
      ),
    ).toBe("14 days before birthday, yearly, 09:00");
    expect(nodeSummary({ type: "delay", config: { mode: "duration", amount: 1, unit: "days" } }, names)).toBe(
      "Wait 1 day",
    );
  });
});
