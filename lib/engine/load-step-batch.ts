import type { TEngineFlow } from "@/lib/engine/load-flows";
import { loadVersionGraphs } from "@/lib/engine/load-flows";
import { loadSubjects, referencedAudiences, type TEngineSubject } from "@/lib/engine/load-subjects";
import type { TEngineEvent } from "@/lib/engine/step-handler";
import type { TConditions } from "@/lib/flows/conditions";
import type { TFlowGraph } from "@/lib/flows/graph-schema";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TClaimedStep = {
  id: string;
  run_id: string;
  node_id: string;
  node_type: string;
  attempts: number;
  idempotency_key: string;
  workspace_id: string;
  flow_id: string;
  flow_version_id: string;
  profile_id: string;
  event_id: string | null;
  is_test: boolean;
  replay_count: number;
  started_at: Date;
};

export type TStepBatch = {
  graphs: Map<string, TFlowGraph>;
  flowStatus: Map<string, TEngineFlow["status"]>;
  subjects: Map<string, TEngineSubject>;
  events: Map<string, TEngineEvent>;
  outputs: Map<string, Record<string, Record<string, unknown>>>;
};

/** Everything the claimed steps' handlers read, loaded with one query per kind. */
export async function loadStepBatch(tx: TPgTx, steps: readonly TClaimedStep[]): Promise<TStepBatch> {
  const graphs = await loadVersionGraphs(
    tx,
    steps.map((step) => step.flow_version_id),
  );
  const conditionSets: TConditions[] = [];
  for (const graph of graphs.values()) {
    conditionSets.push(graph.settings.filters);
    for (const node of graph.nodes) if (node.type === "split") conditionSets.push(node.config.conditions);
  }
  const runIds = [...new Set(steps.map((step) => step.run_id))];
  const eventIds = [...new Set(steps.flatMap((step) => (step.event_id ? [step.event_id] : [])))];
  const [flows, subjects, events, outputs] = await Promise.all([
    tx.query<{ id: string; status: TEngineFlow["status"] }>(
      "select id, status from flows where id = any($1::uuid[])",
      [[...new Set(steps.map((step) => step.flow_id))]],
    ),
    loadSubjects(
      tx,
      steps.map((step) => step.profile_id),
      referencedAudiences(conditionSets),
    ),
    eventIds.length === 0
      ? { rows: [] }
      : tx.query<TEngineEvent>(
          `select e.id, e.metric_id as "metricId", m.name as "metricName", e.properties, e.time,
                  e.unique_id as "uniqueId", e.value::float8 as value, e.depth
           from events e join metrics m on m.id = e.metric_id where e.id = any($1::uuid[])`,
          [eventIds],
        ),
    // Earlier code steps' outputs, only for flows that have code nodes.
    [...graphs.values()].some((graph) => graph.nodes.some((node) => node.type === "code"))
      ? tx.query<{ run_id: string; node_id: string; output: Record<string, unknown> | null }>(
          `select run_id, node_id, output from steps
           where run_id = any($1::uuid[]) and status = 'completed' and node_type = 'code'`,
          [runIds],
        )
      : { rows: [] },
  ]);
  const outputsByRun = new Map<string, Record<string, Record<string, unknown>>>();
  for (const row of outputs.rows) {
    const byNode = outputsByRun.get(row.run_id) ?? {};
    byNode[row.node_id] = row.output ?? {};
    outputsByRun.set(row.run_id, byNode);
  }
  return {
    graphs,
    flowStatus: new Map(flows.rows.map((flow) => [flow.id, flow.status])),
    subjects,
    events: new Map(events.rows.map((event) => [event.id, event])),
    outputs: outputsByRun,
  };
}
