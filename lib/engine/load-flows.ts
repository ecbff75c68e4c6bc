import { isTriggerNode, type TFlowGraph, type TTriggerNode, ZFlowGraph } from "@/lib/flows/graph-schema";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TEngineFlow = {
  id: string;
  workspaceId: string;
  status: "draft" | "manual" | "live";
  versionId: string;
  graph: TFlowGraph;
  trigger: TTriggerNode;
};

// Versions are immutable, so their parsed graphs are cached for the life of the process
// (bounded: the oldest entries go first).
const MAX_CACHED_VERSIONS = 2000;
const globalForVersions = globalThis as unknown as { hookflowVersionGraphs?: Map<string, TFlowGraph> };

/** Parsed graphs of flow versions, by version id (from the cache or one query). */
export async function loadVersionGraphs(
  tx: TPgTx,
  versionIds: Iterable<string>,
): Promise<Map<string, TFlowGraph>> {
  globalForVersions.hookflowVersionGraphs ??= new Map();
  const cache = globalForVersions.hookflowVersionGraphs;
  const result = new Map<string, TFlowGraph>();
  const missing: string[] = [];
  for (const id of new Set(versionIds)) {
    const graph = cache.get(id);
    if (graph) result.set(id, graph);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const rows = await tx.query<{ id: string; graph: unknown }>(
      "select id, graph from flow_versions where id = any($1::uuid[])",
      [missing],
    );
    for (const row of rows.rows) {
      const graph = ZFlowGraph.parse(row.graph);
      result.set(row.id, graph);
      cache.set(row.id, graph);
      if (cache.size > MAX_CACHED_VERSIONS) cache.delete(cache.keys().next().value!);
    }
  }
  return result;
}

export function triggerOf(graph: TFlowGraph): TTriggerNode {
  const trigger = graph.nodes.find(isTriggerNode);
  if (!trigger) throw new Error("A published flow version has no trigger");
  return trigger;
}

/**
 * Flows that are on (live or manual) with a published version and a trigger of `triggerType` on
 * one of `refs` (metric, list or segment ids). Drafts never run.
 */
export async function loadTriggeredFlows(
  tx: TPgTx,
  options: { triggerType: TTriggerNode["type"]; refs: readonly string[] },
): Promise<TEngineFlow[]> {
  if (options.refs.length === 0) return [];
  const rows = await tx.query<{
    id: string;
    workspace_id: string;
    status: TEngineFlow["status"];
    live_version_id: string;
  }>(
    `select id, workspace_id, status, live_version_id from flows
     where status in ('live', 'manual') and trigger_type = $1 and trigger_ref = any($2::text[])
       and live_version_id is not null`,
    [options.triggerType, [...new Set(options.refs)]],
  );
  return engineFlowsOf(tx, rows.rows, options.triggerType);
}

/** Flow rows with their live version's graph (cached, else one query), as the engine uses them. */
export async function engineFlowsOf(
  tx: TPgTx,
  rows: readonly {
    id: string;
    workspace_id: string;
    status: TEngineFlow["status"];
    live_version_id: string;
  }[],
  triggerType: TTriggerNode["type"],
): Promise<TEngineFlow[]> {
  const graphs = await loadVersionGraphs(
    tx,
    rows.map((row) => row.live_version_id),
  );
  return rows.flatMap((row) => {
    const graph = graphs.get(row.live_version_id);
    if (!graph) return [];
    const trigger = triggerOf(graph);
    if (trigger.type !== triggerType) return [];
    return [
      {
        id: row.id,
        workspaceId: row.workspace_id,
        status: row.status,
        versionId: row.live_version_id,
        graph,
        trigger,
      },
    ];
  });
}
