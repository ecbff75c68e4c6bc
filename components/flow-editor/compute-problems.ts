import { type TFlowGraph, ZFlowGraph } from "@/lib/flows/graph-schema";
import { registryProblems, UNCHOSEN_ID } from "@/lib/flows/node-types";
import { type TGraphProblem, validateFlowGraph } from "@/lib/flows/validate-graph";
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
            ? [second === "config" ? undefined : second, ...rest].filter(Boolean).join(".")
            : issue.path.join("."),
          message: issue.message,
        };
      }),
    };
  }
  const problems = [...validateFlowGraph(parsed.data)];
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
