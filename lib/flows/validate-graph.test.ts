import { describe, expect, it } from "vitest";
import {
  FLOW_GRAPH_SCHEMA_VERSION,
  type TFlowEdge,
  type TFlowNode,
  ZFlowGraph,
} from "@/lib/flows/graph-schema";
import { validateFlowGraph } from "@/lib/flows/validate-graph";

const LIST = "0190d000-0000-7000-8000-0000000000aa";
const FUNCTION = "0190d000-0000-7000-8000-0000000000bb";
const at = { x: 0, y: 0 };
const trigger: TFlowNode = { id: "t", type: "list-trigger", position: at, config: { listId: LIST } };
const hook = (
  id: string,
  config: Partial<{ url: string; body: string; headers: { name: string; value: string }[] }> = {},
): TFlowNode => ({
  id,
  type: "webhook",
  position: at,
  config: { url: "https://receiver.test/x", headers: [], body: "{}", ...config },
});
const edge = (source: string, target: string, sourceHandle: string | null = null): TFlowEdge => ({
  id: `${source}-${target}-${sourceHandle}`,
  source,
  target,
  sourceHandle,
});
const graph = (nodes: TFlowNode[], edges: TFlowEdge[]) =>
  ZFlowGraph.parse({ schemaVersion: FLOW_GRAPH_SCHEMA_VERSION, nodes, edges });
const messages = (nodes: TFlowNode[], edges: TFlowEdge[]) =>
  validateFlowGraph(graph(nodes, edges)).map((problem) => problem.message);

describe("validateFlowGraph", () => {
  it("accepts a trigger wired to a configured webhook", () => {
    expect(messages([trigger, hook("h")], [edge("t", "h")])).toEqual([]);
  });

  it("needs exactly one trigger", () => {
    expect(messages([hook("h")], [])).toContain("Add a trigger: every flow starts with one");
    const second: TFlowNode = { ...trigger, id: "t2" };
    expect(messages([trigger, second], [])).toContain("A flow has exactly one trigger; remove this one");
  });

  it("refuses cycles and nodes the trigger cannot reach", () => {
    expect(
      messages([trigger, hook("a"), hook("b")], [edge("t", "a"), edge("a", "b"), edge("b", "a")]),
    ).toContain("The flow loops back on itself; flows must not contain cycles");
    expect(messages([trigger, hook("a"), hook("lost")], [edge("t", "a")])).toContain(
      "Not connected to the trigger: it would never run",
    );
  });

  it("refuses incoming connections to the trigger and missing nodes", () => {
    expect(messages([trigger, hook("a")], [edge("t", "a"), edge("a", "t")])).toContain(
      "A trigger cannot have incoming connections",
    );
    expect(
      messages([trigger], [edge("t", "ghost")]).some((message) =>
        message.includes("points at a missing node"),
      ),
    ).toBe(true);
  });

  it("checks each node's configuration: webhook URL, code function, delay, split branches", () => {
    expect(messages([trigger, hook("h", { url: "ftp://x" })], [edge("t", "h")])).toContain(
      "Enter the webhook's URL (http:// or https://)",
    );
    const code: TFlowNode = { id: "c", type: "code", position: at, config: { functionId: null } };
    expect(messages([trigger, code], [edge("t", "c")])).toContain("Choose the code function to run");
    expect(messages([trigger, { ...code, config: { functionId: FUNCTION } }], [edge("t", "c")])).toEqual([]);
    const delay: TFlowNode = {
      id: "d",
      type: "delay",
      position: at,
      config: { mode: "duration", amount: 0, unit: "hours" },
    };
    expect(messages([trigger, delay], [edge("t", "d")])).toContain(
      "A delay of zero does nothing: enter a duration above 0",
    );
    const split: TFlowNode = {
      id: "s",
      type: "split",
      position: at,
      config: {
        conditions: {
          match: "all",
          groups: [{ match: "all", conditions: [{ kind: "list-membership", listId: LIST, isMember: true }] }],
        },
      },
    };
    expect(messages([trigger, split, hook("y")], [edge("t", "s"), edge("s", "y", "yes")])).toContain(
      'The "no" branch is not connected',
    );
    expect(
      messages(
        [trigger, split, hook("y"), hook("n")],
        [edge("t", "s"), edge("s", "y", "yes"), edge("s", "n", "no")],
      ),
    ).toEqual([]);
  });

  it("catches webhook template syntax errors at save time, with the line", () => {
    const problems = validateFlowGraph(
      graph([trigger, hook("h", { body: '{\n  "x": "{{ person.email | nope }}"\n}' })], [edge("t", "h")]),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ nodeId: "h", field: "body" });
    expect(problems[0]!.message).toMatch(/^Body template, line 2, column \d+: /);
    const header = validateFlowGraph(
      graph([trigger, hook("h", { headers: [{ name: "X-A", value: "{% if %}" }] })], [edge("t", "h")]),
    );
    expect(header[0]).toMatchObject({ nodeId: "h", field: "headers.0.value" });
  });

  it("rejects an unknown node type or schema version at parse time", () => {
    expect(ZFlowGraph.safeParse({ schemaVersion: 99, nodes: [], edges: [] }).success).toBe(false);
    expect(
      ZFlowGraph.safeParse({
        schemaVersion: 1,
        nodes: [{ id: "x", type: "teleport", config: {} }],
        edges: [],
      }).success,
    ).toBe(false);
  });
});
