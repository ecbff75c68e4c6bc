import type { TEngineFlow } from "@/lib/engine/load-flows";
import { loadVersionGraphs } from "@/lib/engine/load-flows";
import { referencedAudiences, type TEngineProfile, type TEngineSubject } from "@/lib/engine/load-subjects";
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

// Batches already in memory for steps a trigger job has just created and claimed: it read their
// profiles, events and flows to start the runs, and a new run has no outputs yet, so the first
// round needs no read of its own (one round trip less on every event's path). Keyed by the
// claimed step objects themselves: only that job's first round, with those very objects, uses it.
const preloaded = new WeakMap<TClaimedStep, TStepBatch>();

/** Hands `batch` to the first loadStepBatch of exactly these steps (see `preloaded`). */
export function preloadStepBatch(steps: readonly TClaimedStep[], batch: TStepBatch): void {
  for (const step of steps) preloaded.set(step, batch);
}

/** The lists and segments a batch's conditions refer to: flow filters and split conditions. */
export function batchAudiences(graphs: Iterable<TFlowGraph>) {
  const conditionSets: TConditions[] = [];
  for (const graph of graphs) {
    conditionSets.push(graph.settings.filters);
    for (const node of graph.nodes) if (node.type === "split") conditionSets.push(node.config.conditions);
  }
  return referencedAudiences(conditionSets);
}

/** Everything the claimed steps' handlers read, loaded with one query per kind. */
export async function loadStepBatch(tx: TPgTx, steps: readonly TClaimedStep[]): Promise<TStepBatch> {
  const known = steps[0] && preloaded.get(steps[0]);
  if (known && steps.every((step) => preloaded.get(step) === known)) return known;
  const graphs = await loadVersionGraphs(
    tx,
    steps.map((step) => step.flow_version_id),
  );
  const loaded = await tx.query<TStepBatchRow>({
    // Named: prepared once per connection, so PostgreSQL does not parse and plan its six
    // subqueries on every round (it did, for every event at concurrency 1).
    name: "hookflow_load_step_batch",
    text: LOAD_STEP_BATCH_SQL,
    values: stepBatchValues(steps, graphs),
  });
  return stepBatchOf(loaded.rows[0]!, graphs);
}

export type TStepBatchRow = {
  flows: { id: string; status: TEngineFlow["status"] }[];
  profiles: (Omit<TEngineProfile, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string })[];
  lists: [string, string][];
  segments: [string, string][];
  events: (Omit<TEngineEvent, "time"> & { time: string })[];
  outputs: { run_id: string; node_id: string; output: Record<string, unknown> | null }[];
};

/**
 * One round trip for everything (json columns): round trips, not rows, are the engine's cost
 * (docs/decisions.md). Earlier code steps' outputs only for flows that have code nodes: a code
 * step's output is { outputs, invocationId, … } (lib/engine/handlers/code-handler.ts), and later
 * steps see its `outputs`. Outputs are read per run through the run_id index (LATERAL): with
 * `run_id = any(…)` a steps table not yet analyzed was planned as a parallel seq scan (53 ms for
 * 150 runs, measured), the same trap as settleRuns (docs/decisions.md).
 */
export const LOAD_STEP_BATCH_SQL = `select
       (select coalesce(json_agg(json_build_object('id', f.id, 'status', f.status)), '[]') from flows f
         where f.id = any($1::uuid[])) as flows,
       (select coalesce(json_agg(p), '[]') from (
          select id, email, phone_number as "phoneNumber", external_id as "externalId", first_name as "firstName",
                 last_name as "lastName", organization, title, locale, timezone, location, properties,
                 created_at as "createdAt", updated_at as "updatedAt"
          from profiles where id = any($2::uuid[])) p) as profiles,
       (select coalesce(json_agg(json_build_array(profile_id, list_id)), '[]') from list_memberships
         where cardinality($3::uuid[]) > 0 and profile_id = any($2::uuid[]) and list_id = any($3::uuid[])) as lists,
       (select coalesce(json_agg(json_build_array(profile_id, segment_id)), '[]') from segment_memberships
         where cardinality($4::uuid[]) > 0 and profile_id = any($2::uuid[]) and segment_id = any($4::uuid[])) as segments,
       (select coalesce(json_agg(x), '[]') from (
          select e.id, e.metric_id as "metricId", m.name as "metricName", e.properties, e.time,
                 e.unique_id as "uniqueId", e.value::float8 as value, e.depth
          from events e join metrics m on m.id = e.metric_id where e.id = any($5::uuid[])) x) as events,
       (select coalesce(json_agg(json_build_object('run_id', s.run_id, 'node_id', s.node_id,
                 'output', coalesce(s.output->'outputs', s.output))), '[]')
          from unnest($6::uuid[]) as r(id)
          cross join lateral (select run_id, node_id, output from steps
                              where $7 and steps.run_id = r.id and status = 'completed' and node_type = 'code'
                              offset 0) s) as outputs`;

/** LOAD_STEP_BATCH_SQL's values for steps of these flow versions. */
export function stepBatchValues(
  steps: readonly Pick<TClaimedStep, "flow_id" | "profile_id" | "event_id" | "run_id">[],
  graphs: Map<string, TFlowGraph>,
): [string[], string[], string[], string[], string[], string[], boolean] {
  const audiences = batchAudiences(graphs.values());
  const hasCode = [...graphs.values()].some((graph) => graph.nodes.some((node) => node.type === "code"));
  return [
    [...new Set(steps.map((step) => step.flow_id))],
    [...new Set(steps.map((step) => step.profile_id))],
    [...audiences.listIds],
    [...audiences.segmentIds],
    [...new Set(steps.flatMap((step) => (step.event_id ? [step.event_id] : [])))],
    [...new Set(steps.map((step) => step.run_id))],
    hasCode,
  ];
}

/** The batch from LOAD_STEP_BATCH_SQL's row. */
export function stepBatchOf(row: TStepBatchRow, graphs: Map<string, TFlowGraph>): TStepBatch {
  const subjects = new Map<string, TEngineSubject>();
  for (const profile of row.profiles) {
    subjects.set(profile.id, {
      profile: { ...profile, createdAt: new Date(profile.createdAt), updatedAt: new Date(profile.updatedAt) },
      listIds: new Set(),
      segmentIds: new Set(),
    });
  }
  for (const [profileId, listId] of row.lists) subjects.get(profileId)?.listIds.add(listId);
  for (const [profileId, segmentId] of row.segments) subjects.get(profileId)?.segmentIds.add(segmentId);
  const flows = { rows: row.flows };
  const events = { rows: row.events.map((event) => ({ ...event, time: new Date(event.time) })) };
  const outputs = { rows: row.outputs };
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
