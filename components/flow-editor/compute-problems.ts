import { conditionPlace, type TConditions } from "@/lib/flows/conditions";
import { type TFlowGraph, ZFlowGraph } from "@/lib/flows/graph-schema";
import { registryProblems, UNCHOSEN_ID } from "@/lib/flows/node-types";
import { nodeTitle, type TGraphProblem, validateFlowGraph } from "@/lib/flows/validate-graph";
import type { TEditorReferences } from "./editor-types";

export type TEditorProblems = {
  /** Every problem, as publishing would list them. */
  all: TGraphProblem[];
  /** False when the schema itself refuses the graph: autosave waits until it parses. */
  isSavable: boolean;
};

/**
 * The problems shown as the user works: the schema's (which block saving), the structural rules
 * publishing applies (validateFlowGraph), the registry's "not chosen yet", and the trigger's
 * reference against the workspace's lists, segments and metrics (publishFlow re-checks it).
 */
export function computeProblems(graph: TFlowGraph, references: TEditorReferences): TEditorProblems {
  const parsed = ZFlowGraph.safeParse(graph);
  if (!parsed.success) {
    return {
      isSavable: false,
      all: parsed.error.issues.map((issue) => {
        const [first, index, second, ...rest] = issue.path;
        const node = first === "nodes" && typeof index === "number" ? graph.nodes[index] : undefined;
        return {
          nodeId: node?.id ?? null,
          field: node
            ? [second === "config" ? undefined : second, ...rest]
                .filter((part) => part !== undefined)
                .join(".")
            : issue.path.join("."),
          message: schemaIssueMessage(graph, issue.path, issue.message),
        };
      }),
    };
  }
  const problems = [
    ...validateFlowGraph(parsed.data),
    ...deletedConditionReferences(parsed.data, references),
  ];
  for (const node of parsed.data.nodes) {
    problems.push(...registryProblems(node));
    if (node.type === "list-trigger" && node.config.listId !== UNCHOSEN_ID) {
      if (!references.lists.some((list) => list.id === node.config.listId))
        problems.push({ nodeId: node.id, field: "listId", message: "The chosen list no longer exists" });
    }
    if (node.type === "segment-trigger" && node.config.segmentId !== UNCHOSEN_ID) {
      if (!references.segments.some((segment) => segment.id === node.config.segmentId))
        problems.push({
          nodeId: node.id,
          field: "segmentId",
          message: "The chosen segment no longer exists",
        });
    }
    if (node.type === "metric-trigger" && node.config.metricId !== UNCHOSEN_ID) {
      const metric = references.metrics.find((candidate) => candidate.id === node.config.metricId);
      if (!metric)
        problems.push({ nodeId: node.id, field: "metricId", message: "The chosen metric no longer exists" });
      else if (metric.isMessageMetric)
        problems.push({ nodeId: node.id, field: "metricId", message: references.messageMetricRefusal });
    }
  }
  return { isSavable: true, all: problems };
}

export function problemsByNode(problems: TGraphProblem[]): Map<string, TGraphProblem[]> {
  const byNode = new Map<string, TGraphProblem[]>();
  for (const problem of problems) {
    if (!problem.nodeId) continue;
    byNode.set(problem.nodeId, [...(byNode.get(problem.nodeId) ?? []), problem]);
  }
  return byNode;
}

/**
 * A schema issue inside a condition set says whose set and which condition ("Conditional split
 * "VIP?", group 2, condition 1: Choose a property"); other issues keep the schema's message.
 */
function schemaIssueMessage(graph: TFlowGraph, path: readonly PropertyKey[], message: string): string {
  const groupsAt = path.indexOf("groups");
  if (groupsAt < 0 || typeof path[groupsAt + 1] !== "number") return message;
  const groupIndex = path[groupsAt + 1] as number;
  const conditionIndex = path[groupsAt + 2] === "conditions" ? path[groupsAt + 3] : undefined;
  const setPath = path.slice(0, groupsAt);
  let owner = "Conditions";
  let groupCount = 1;
  if (setPath[0] === "nodes" && typeof setPath[1] === "number") {
    const node = graph.nodes[setPath[1]];
    if (node) {
      const set =
        node.type === "metric-trigger"
          ? node.config.filters
          : node.type === "split"
            ? node.config.conditions
            : undefined;
      owner = node.type === "metric-trigger" ? `${nodeTitle(node)} filters` : nodeTitle(node);
      groupCount = set?.groups?.length ?? 1;
    }
  } else if (setPath[0] === "settings") {
    owner = "Flow filters";
    groupCount = graph.settings.filters.groups?.length ?? 1;
  }
  const place = conditionPlace(
    groupCount,
    groupIndex,
    typeof conditionIndex === "number" ? conditionIndex : undefined,
  );
  return `${owner}, ${place}: ${message}`;
}

/** Conditions on a list or segment deleted since they were chosen: the engine would read them as "not a member". */
function deletedConditionReferences(graph: TFlowGraph, references: TEditorReferences): TGraphProblem[] {
  const lists = new Set(references.lists.map((list) => list.id));
  const segments = new Set(references.segments.map((segment) => segment.id));
  const sets: { conditions: TConditions; owner: string; nodeId: string | null; field: string }[] = [
    { conditions: graph.settings.filters, owner: "Flow filters", nodeId: null, field: "settings.filters" },
  ];
  for (const node of graph.nodes) {
    if (node.type === "split")
      sets.push({
        conditions: node.config.conditions,
        owner: nodeTitle(node),
        nodeId: node.id,
        field: "conditions",
      });
  }
  return sets.flatMap(({ conditions, owner, nodeId, field }) =>
    conditions.groups.flatMap((group, groupIndex) =>
      group.conditions.flatMap((condition, conditionIndex) => {
        const place = conditionPlace(conditions.groups.length, groupIndex, conditionIndex);
        if (
          condition.kind === "list-membership" &&
          condition.listId !== UNCHOSEN_ID &&
          !lists.has(condition.listId)
        )
          return [{ nodeId, field, message: `${owner}, ${place}: the chosen list no longer exists` }];
        if (
          condition.kind === "segment-membership" &&
          condition.segmentId !== UNCHOSEN_ID &&
          !segments.has(condition.segmentId)
        )
          return [{ nodeId, field, message: `${owner}, ${place}: the chosen segment no longer exists` }];
        return [];
      }),
    ),
  );
}
