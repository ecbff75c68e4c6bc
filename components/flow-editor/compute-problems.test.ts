import { describe, expect, it } from "vitest";
import { emptyFlowGraph, type TFlowGraph } from "@/lib/flows/graph-schema";
import { computeProblems } from "./compute-problems";
import type { TEditorReferences } from "./editor-types";

const LIST = "0190d000-0000-7000-8000-0000000000aa";
const GONE = "0190d000-0000-7000-8000-0000000000dd";
const references: TEditorReferences = {
  lists: [{ id: LIST, name: "VIP", members: 0 }],
  segments: [],
  metrics: [],
  codeFunctions: [],
  messageMetricRefusal: "",
};
const splitWith = (conditions: unknown[][], label = "VIP?"): TFlowGraph =>
  ({
    ...emptyFlowGraph(),
    nodes: [
      {
        id: "s",
        type: "split",
        position: { x: 0, y: 0 },
        label,
        config: {
          conditions: {
            match: "any",
            groups: conditions.map((group) => ({ match: "all", conditions: group })),
          },
        },
      },
    ],
  }) as TFlowGraph;
const inList = (listId: string) => ({ kind: "list-membership", listId, isMember: true });

describe("computeProblems for conditions", () => {
  it("names the node, group and condition of a schema issue, and blocks saving", () => {
    const result = computeProblems(
      splitWith([
        [inList(LIST)],
        [{ kind: "profile-property", property: "", operator: "equals", value: "x" }],
      ]),
      references,
    );
    expect(result.isSavable).toBe(false);
    expect(result.all).toContainEqual({
      nodeId: "s",
      field: "conditions.groups.1.conditions.0.property",
      message: 'Conditional split "VIP?", group 2, condition 1: Choose a property',
    });
  });

  it("reports a condition on a list that no longer exists, and not one that does", () => {
    const messages = (graph: TFlowGraph) =>
      computeProblems(graph, references).all.map((problem) => problem.message);
    expect(messages(splitWith([[inList(GONE)]]))).toContain(
      'Conditional split "VIP?", condition 1: the chosen list no longer exists',
    );
    expect(messages(splitWith([[inList(LIST)]])).join("\n")).not.toContain("no longer exists");
  });
});
