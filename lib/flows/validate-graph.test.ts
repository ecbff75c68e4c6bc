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

describe("condition rules (splits, trigger filters, flow filters)", () => {
  const OTHER_LIST = "0190d000-0000-7000-8000-0000000000cc";
  const UNCHOSEN = "00000000-0000-0000-0000-000000000000";
  const inList = (listId: string) => ({ kind: "list-membership" as const, listId, isMember: true });
  const inSegment = (segmentId: string) => ({
    kind: "segment-membership" as const,
    segmentId,
    isMember: true,
  });
  const profileIs = (value: string) => ({
    kind: "profile-property" as const,
    property: "tier",
    operator: "equals" as const,
    value,
  });
  const eventHas = (operator: "exists" | "not_exists" = "exists") => ({
    kind: "event-property" as const,
    property: "$value",
    operator,
  });
  type TRow =
    | ReturnType<typeof inList>
    | ReturnType<typeof inSegment>
    | ReturnType<typeof profileIs>
    | ReturnType<typeof eventHas>;
  const split = (groups: TRow[][], label?: string): TFlowNode => ({
    id: "s",
    type: "split",
    position: at,
    ...(label ? { label } : {}),
    config: {
      conditions: { match: "any", groups: groups.map((conditions) => ({ match: "all", conditions })) },
    },
  });
  const splitMessages = (node: TFlowNode, start: TFlowNode = trigger) =>
    messages(
      [start, node, hook("y"), hook("n")],
      [edge(start.id, "s"), edge("s", "y", "yes"), edge("s", "n", "no")],
    );
  const metricTrigger = (filters: TRow[][]): TFlowNode => ({
    id: "m",
    type: "metric-trigger",
    position: at,
    config: {
      metricId: LIST,
      filters: { match: "any", groups: filters.map((conditions) => ({ match: "all", conditions })) },
    },
  });

  it("a list or segment must be chosen, and the message names the node, group and condition", () => {
    expect(splitMessages(split([[inList(LIST)], [inSegment(OTHER_LIST)]], "VIP?"))).toEqual([]);
    expect(splitMessages(split([[inList(LIST)], [profileIs("gold"), inList(UNCHOSEN)]], "VIP?"))).toEqual([
      'Conditional split "VIP?", group 2, condition 2: choose a list',
    ]);
    expect(splitMessages(split([[inSegment(UNCHOSEN)]]))).toEqual([
      "Conditional split, condition 1: choose a segment",
    ]);
  });

  it("an empty group next to others is refused; a split with no conditions says to add one", () => {
    expect(splitMessages(split([[inList(LIST)], []]))).toEqual([
      "Conditional split, group 2: the group is empty; add a condition or remove the group",
    ]);
    expect(splitMessages(split([]))).toEqual(["Add at least one condition to split on"]);
  });

  it("event conditions in a split need a metric-triggered flow (except 'does not exist')", () => {
    expect(splitMessages(split([[eventHas()]]))).toEqual([
      "Conditional split, condition 1: only flows triggered by a metric have an event, so this condition never matches",
    ]);
    expect(splitMessages(split([[eventHas("not_exists")]]))).toEqual([]);
    expect(splitMessages(split([[eventHas()]]), metricTrigger([]))).toEqual([]);
  });

  it("trigger filters check the event only", () => {
    const good = metricTrigger([[eventHas()], [eventHas("not_exists")]]);
    expect(messages([good, hook("h")], [edge("m", "h")])).toEqual([]);
    const bad = metricTrigger([[eventHas()], [profileIs("gold")]]);
    expect(messages([bad, hook("h")], [edge("m", "h")])).toEqual([
      "Metric filters, group 2, condition 1: trigger filters check the event; move profile conditions to the flow filters",
    ]);
  });

  it("flow filters check the profile only", () => {
    const withFilters = (conditions: TRow[]) =>
      validateFlowGraph(
        ZFlowGraph.parse({
          schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
          nodes: [trigger, hook("h")],
          edges: [edge("t", "h")],
          settings: { filters: { match: "all", groups: [{ match: "all", conditions }] } },
        }),
      );
    expect(withFilters([profileIs("gold"), inList(LIST)])).toEqual([]);
    expect(withFilters([profileIs("gold"), eventHas()])).toEqual([
      {
        nodeId: null,
        field: "settings.filters",
        message:
          "Flow filters, condition 2: flow filters check the profile before every action; put event conditions in the trigger's filters or a split",
      },
    ]);
  });
});
