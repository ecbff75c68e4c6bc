import { conditionSetProblems } from "@/lib/flows/condition-problems";
import { isTriggerNode, type TFlowEdge, type TFlowGraph, type TFlowNode } from "@/lib/flows/graph-schema";
import { NODE_TYPES } from "@/lib/flows/node-types";
import { parseTemplate } from "@/lib/templating/parse-template";

export type TGraphProblem = { nodeId: string | null; field?: string; message: string };

/** The outputs of a node: splits branch into "yes" and "no"; every other node has one (null). */
export function outputHandles(node: TFlowNode): (string | null)[] {
  return node.type === "split" || node.type === "code-output-split" ? ["yes", "no"] : [null];
}

/**
 * The structural rules of a publishable flow (the editor shows the same list as the user works;
 * publishing is refused while any remain). Pure: references to lists, metrics… are checked by
 * check-flow-references.ts against the database.
 */
export function validateFlowGraph(graph: TFlowGraph): TGraphProblem[] {
  const problems: TGraphProblem[] = [];
  const byId = new Map<string, TFlowNode>();
  for (const node of graph.nodes) {
    if (byId.has(node.id)) problems.push({ nodeId: node.id, message: `Two nodes share the id ${node.id}` });
    byId.set(node.id, node);
  }
  const triggers = graph.nodes.filter(isTriggerNode);
  if (triggers.length === 0)
    problems.push({ nodeId: null, message: "Add a trigger: every flow starts with one" });
  if (triggers.length > 1) {
    for (const extra of triggers.slice(1)) {
      problems.push({ nodeId: extra.id, message: "A flow has exactly one trigger; remove this one" });
    }
  }

  const outgoing = new Map<string, TFlowEdge[]>();
  for (const edge of graph.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) {
      problems.push({
        nodeId: source?.id ?? null,
        message: `Connection ${edge.id} points at a missing node`,
      });
      continue;
    }
    if (!outputHandles(source).includes(edge.sourceHandle)) {
      problems.push({
        nodeId: source.id,
        message: `Connection ${edge.id} leaves from an output this node does not have`,
      });
    }
    if (isTriggerNode(target))
      problems.push({ nodeId: target.id, message: "A trigger cannot have incoming connections" });
    if (edge.source === edge.target)
      problems.push({ nodeId: source.id, message: "A node cannot connect to itself" });
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  }

  if (hasCycle(graph.nodes, outgoing))
    problems.push({ nodeId: null, message: "The flow loops back on itself; flows must not contain cycles" });

  const trigger = triggers[0];
  if (trigger) {
    const reachable = reachableFrom(trigger.id, outgoing);
    for (const node of graph.nodes) {
      if (!reachable.has(node.id) && !isTriggerNode(node)) {
        problems.push({ nodeId: node.id, message: "Not connected to the trigger: it would never run" });
      }
    }
  }

  for (const node of graph.nodes) problems.push(...nodeProblems(node, graph, outgoing));
  problems.push(
    ...conditionSetProblems({
      conditions: graph.settings.filters,
      place: { kind: "flow-filters" },
      owner: "Flow filters",
      nodeId: null,
      field: "settings.filters",
    }),
  );
  return problems;
}

/** How messages name a node: its type, and its canvas name when it has one ("Conditional split "VIP?""). */
export function nodeTitle(node: Pick<TFlowNode, "type" | "label">): string {
  const typeLabel = NODE_TYPES[node.type].label;
  return node.label ? `${typeLabel} "${node.label}"` : typeLabel;
}

function nodeProblems(
  node: TFlowNode,
  graph: TFlowGraph,
  outgoing: Map<string, TFlowEdge[]>,
): TGraphProblem[] {
  const problems: TGraphProblem[] = [];
  switch (node.type) {
    case "webhook": {
      if (!/^https?:\/\//i.test(node.config.url)) {
        problems.push({
          nodeId: node.id,
          field: "url",
          message: "Enter the webhook's URL (http:// or https://)",
        });
      }
      // Template syntax is checked when the flow is saved or published, not first at send time.
      const body = parseTemplate(node.config.body);
      if (!body.ok)
        problems.push({ nodeId: node.id, field: "body", message: templateMessage("Body", body.error) });
      node.config.headers.forEach((header, index) => {
        const parsed = parseTemplate(header.value);
        if (!parsed.ok) {
          problems.push({
            nodeId: node.id,
            field: `headers.${index}.value`,
            message: templateMessage(`Header "${header.name}"`, parsed.error),
          });
        }
      });
      break;
    }
    case "metric-trigger":
      problems.push(
        ...conditionSetProblems({
          conditions: node.config.filters,
          place: { kind: "trigger-filters" },
          owner: `${nodeTitle(node)} filters`,
          nodeId: node.id,
          field: "filters",
        }),
      );
      break;
    case "code":
      if (!node.config.functionId)
        problems.push({ nodeId: node.id, field: "functionId", message: "Choose the code function to run" });
      break;
    case "delay":
      if (node.config.mode === "duration" && node.config.amount === 0) {
        problems.push({
          nodeId: node.id,
          field: "amount",
          message: "A delay of zero does nothing: enter a duration above 0",
        });
      }
      if (node.config.mode === "until" && node.config.weekdays.length === 0) {
        problems.push({ nodeId: node.id, field: "weekdays", message: "Allow at least one weekday" });
      }
      break;
    case "split":
    case "code-output-split": {
      const handles = new Set((outgoing.get(node.id) ?? []).map((edge) => edge.sourceHandle));
      for (const branch of ["yes", "no"]) {
        if (!handles.has(branch))
          problems.push({ nodeId: node.id, message: `The "${branch}" branch is not connected` });
      }
      if (node.type === "split") {
        if (node.config.conditions.groups.every((group) => group.conditions.length === 0)) {
          problems.push({
            nodeId: node.id,
            field: "conditions",
            message: "Add at least one condition to split on",
          });
        }
        const trigger = graph.nodes.find(isTriggerNode);
        problems.push(
          ...conditionSetProblems({
            conditions: node.config.conditions,
            place: { kind: "split", hasEvent: trigger?.type === "metric-trigger" },
            owner: nodeTitle(node),
            nodeId: node.id,
            field: "conditions",
          }),
        );
      }
      if (node.type === "code-output-split") {
        const source = graph.nodes.find((candidate) => candidate.id === node.config.nodeId);
        if (source?.type !== "code") {
          problems.push({
            nodeId: node.id,
            field: "nodeId",
            message: "Choose an earlier code node whose output to test",
          });
        } else if (!reachableFrom(source.id, outgoing).has(node.id)) {
          problems.push({
            nodeId: node.id,
            field: "nodeId",
            message: "The code node must run before this split",
          });
        }
      }
      break;
    }
    default:
      break;
  }
  return problems;
}

function templateMessage(what: string, error: { message: string; line: number; column: number }): string {
  return `${what} template, line ${error.line}, column ${error.column}: ${error.message}`;
}

export function reachableFrom(start: string, outgoing: Map<string, TFlowEdge[]>): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const edge of outgoing.get(stack.pop()!) ?? []) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        stack.push(edge.target);
      }
    }
  }
  return seen;
}

function hasCycle(nodes: TFlowNode[], outgoing: Map<string, TFlowEdge[]>): boolean {
  // Iterative three-colour DFS: a flow of 1,000 nodes must not overflow the stack.
  const state = new Map<string, 1 | 2>();
  for (const root of nodes) {
    if (state.has(root.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    state.set(root.id, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = outgoing.get(frame.id) ?? [];
      if (frame.next >= edges.length) {
        state.set(frame.id, 2);
        stack.pop();
        continue;
      }
      const target = edges[frame.next++]!.target;
      const seen = state.get(target);
      if (seen === 1) return true;
      if (seen === undefined) {
        state.set(target, 1);
        stack.push({ id: target, next: 0 });
      }
    }
  }
  return false;
}
