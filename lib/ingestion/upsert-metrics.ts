import { uuidv7 } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { RetryableConflict } from "@/lib/ingestion/pg-transaction";
import { isMessageMetricName } from "@/lib/metrics/message-metrics";

export type TMetricRef = { id: string; isMessageMetric: boolean };

const metricKey = (workspaceId: string, name: string) => `${workspaceId}\u0000${name}`;

// Metric ids are cached per process: a workspace has tens of metrics and every event names one,
// so the cache turns a statement per batch into none (measured: ~1 ms of a ~10 ms batch on the
// 2-core box). A stale entry (metric deleted) fails the write statement's metric check (events
// have no foreign key to metrics; write-profiles-and-events.ts locks the batch's metrics instead);
// the retry then runs with `fresh` and refills the cache. Entries also expire after a minute.
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 50_000;
const cache = new Map<string, TMetricRef & { expiresAt: number }>();

/**
 * Ids of the named metrics, creating the missing ones (Klaviyo creates a metric on its first
 * event). One statement: the INSERT's RETURNING gives the new rows and the SELECT the ones that
 * existed when the statement started; a metric another transaction committed in between is in
 * neither, and one more plain SELECT finds it.
 */
export async function upsertMetrics(
  tx: TPgTx,
  metrics: readonly { workspaceId: string; name: string }[],
  options: { fresh?: boolean; now?: number } = {},
): Promise<Map<string, TMetricRef>> {
  const now = options.now ?? Date.now();
  const found = new Map<string, TMetricRef>();
  const wanted = new Map<string, { workspaceId: string; name: string }>();
  for (const metric of metrics) {
    const key = metricKey(metric.workspaceId, metric.name);
    const cached = options.fresh ? undefined : cache.get(key);
    if (cached && cached.expiresAt > now) found.set(key, cached);
    else wanted.set(key, metric);
  }
  if (wanted.size === 0) return found;

  const workspaceIds = [...wanted.values()].map((metric) => metric.workspaceId);
  const names = [...wanted.values()].map((metric) => metric.name);
  const collect = (
    rows: { id: string; workspace_id: string; name: string; is_message_metric: boolean }[],
  ) => {
    for (const row of rows) {
      const key = metricKey(row.workspace_id, row.name);
      const ref = { id: row.id, isMessageMetric: row.is_message_metric };
      found.set(key, ref);
      if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
      cache.set(key, { ...ref, expiresAt: now + CACHE_TTL_MS });
    }
  };
  const result = await tx.query({
    name: "hookflow_upsert_metrics_v1",
    text: `with input as (
       select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::boolean[]) as t(workspace_id, name, id, is_message_metric)
     ), inserted as (
       insert into metrics (id, workspace_id, name, is_message_metric)
       select id, workspace_id, name, is_message_metric from input order by workspace_id, name
       on conflict (workspace_id, name) do nothing
       returning id, workspace_id, name, is_message_metric
     )
     select id, workspace_id, name, is_message_metric from inserted
     union all
     select m.id, m.workspace_id, m.name, m.is_message_metric
       from metrics m join input i on m.workspace_id = i.workspace_id and m.name = i.name`,
    values: [workspaceIds, names, names.map(() => uuidv7()), names.map((name) => isMessageMetricName(name))],
  });
  collect(result.rows);
  if ([...wanted.keys()].some((key) => !found.has(key))) {
    const late = await tx.query(
      `select m.id, m.workspace_id, m.name, m.is_message_metric
         from metrics m join unnest($1::uuid[], $2::text[]) as i(workspace_id, name)
           on m.workspace_id = i.workspace_id and m.name = i.name`,
      [workspaceIds, names],
    );
    collect(late.rows);
  }
  if ([...wanted.keys()].some((key) => !found.has(key))) {
    throw new RetryableConflict("a metric was created and deleted concurrently");
  }
  return found;
}

export function metricRef(metrics: Map<string, TMetricRef>, workspaceId: string, name: string): TMetricRef {
  const ref = metrics.get(metricKey(workspaceId, name));
  if (!ref) throw new Error(`metric ${name} missing after upsert`);
  return ref;
}
