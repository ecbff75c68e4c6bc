import type { TConditions } from "@/lib/flows/conditions";
import type { TFlowGraph, TFlowNode } from "@/lib/flows/graph-schema";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";

// Every place a flow graph points at a workspace row (list, segment, metric, code function), in
// one walker that export (collect ids → names) and import (map names → ids) share, so a new
// reference site added here is exported and mapped alike.

export const REFERENCE_KINDS = ["list", "segment", "metric", "function"] as const;
export type TReferenceKind = (typeof REFERENCE_KINDS)[number];

export type TReferenceSite = {
  kind: TReferenceKind;
  id: string;
  /** The node holding it, or null for the flow's settings (flow filters). */
  nodeId: string | null;
  /** Where, for messages: "listId", "filters", "conditions", "functionId", "settings.filters". */
  field: string;
};

/** "Nothing chosen" for each kind once a reference is dropped (the editor then asks for it). */
export function unchosenValue(kind: TReferenceKind): string | null {
  return kind === "function" ? null : UNCHOSEN_ID;
}

type TMapper = (site: TReferenceSite) => string | null;

/**
 * Calls `map` for every chosen reference of the graph and returns a copy where each is replaced
 * by what `map` returned (the same id leaves it as it is). Unchosen references are skipped.
 */
export function mapGraphReferences(graph: TFlowGraph, map: TMapper): TFlowGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((node) => mapNode(node, map)),
    settings: {
      ...graph.settings,
      filters: mapConditions(graph.settings.filters, map, null, "settings.filters"),
    },
  };
}

export function listGraphReferences(graph: TFlowGraph): TReferenceSite[] {
  const sites: TReferenceSite[] = [];
  mapGraphReferences(graph, (site) => {
    sites.push(site);
    return site.id;
  });
  return sites;
}

function mapNode(node: TFlowNode, map: TMapper): TFlowNode {
  const one = (kind: TReferenceKind, id: string | null, field: string) =>
    id === null || id === UNCHOSEN_ID ? id : map({ kind, id, nodeId: node.id, field });
  switch (node.type) {
    case "list-trigger":
      return { ...node, config: { listId: one("list", node.config.listId, "listId") ?? UNCHOSEN_ID } };
    case "segment-trigger":
      return {
        ...node,
        config: { segmentId: one("segment", node.config.segmentId, "segmentId") ?? UNCHOSEN_ID },
      };
    case "metric-trigger":
      return {
        ...node,
        config: {
          metricId: one("metric", node.config.metricId, "metricId") ?? UNCHOSEN_ID,
          filters: mapConditions(node.config.filters, map, node.id, "filters"),
        },
      };
    case "code":
      return { ...node, config: { functionId: one("function", node.config.functionId, "functionId") } };
    case "split":
      return {
        ...node,
        config: { conditions: mapConditions(node.config.conditions, map, node.id, "conditions") },
      };
    default:
      return node;
  }
}

function mapConditions(
  conditions: TConditions,
  map: TMapper,
  nodeId: string | null,
  field: string,
): TConditions {
  return {
    ...conditions,
    groups: conditions.groups.map((group) => ({
      ...group,
      conditions: group.conditions.map((condition) => {
        if (condition.kind === "list-membership" && condition.listId !== UNCHOSEN_ID) {
          const listId = map({ kind: "list", id: condition.listId, nodeId, field }) ?? UNCHOSEN_ID;
          return { ...condition, listId };
        }
        if (condition.kind === "segment-membership" && condition.segmentId !== UNCHOSEN_ID) {
          const segmentId = map({ kind: "segment", id: condition.segmentId, nodeId, field }) ?? UNCHOSEN_ID;
          return { ...condition, segmentId };
        }
        return condition;
      }),
    })),
  };
}
