import type pg from "pg";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import type { TFlowNode } from "@/lib/flows/graph-schema";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";

// Shared set-up of the reliability tests: a metric-triggered flow trigger → split → webhook (two
// steps per run), and events created in bulk the way ingestion leaves them.

/** Ingestion's batches hold at most 500 events, hence at most 500 per trigger_events job. */
const MAX_EVENTS_PER_TRIGGER_JOB = 500;

/**
 * trigger → split on the profile's `tier` → a webhook on each branch. Half the profiles take each
 * branch (insertTriggeredEvents alternates tiers), so every run has exactly two steps.
 */
export async function publishSplitWebhookFlow(options: {
  workspaceId: string;
  metricName: string;
  receiverUrl: string;
}): Promise<{ flowId: string; metricId: string }> {
  const metricId = await ensureMetric(options.workspaceId, options.metricName);
  const webhook = (id: string): TFlowNode => ({
    id,
    type: "webhook",
    position: { x: 0, y: 0 },
    config: { url: options.receiverUrl, headers: [], body: "{}" },
  });
  const { flowId } = await publishTestFlow({
    workspaceId: options.workspaceId,
    name: options.metricName,
    nodes: [
      {
        id: "trigger",
        type: "metric-trigger",
        position: { x: 0, y: 0 },
        config: { metricId, filters: { match: "all", groups: [] } },
      },
      {
        id: "tier",
        type: "split",
        position: { x: 0, y: 0 },
        config: {
          conditions: {
            match: "all",
            groups: [
              {
                match: "all",
                conditions: [
                  { kind: "profile-property", property: "tier", operator: "equals", value: "gold" },
                ],
              },
            ],
          },
        },
      },
      webhook("gold"),
      webhook("other"),
    ],
    edges: [
      { id: "a", source: "trigger", sourceHandle: null, target: "tier" },
      { id: "b", source: "tier", sourceHandle: "yes", target: "gold" },
      { id: "c", source: "tier", sourceHandle: "no", target: "other" },
    ],
  });
  return { flowId, metricId };
}

/**
 * `count` new profiles with one event each, and their trigger_events jobs in ONE transaction:
 * what ingestion commits for the same events, without the HTTP cost, so the engine gets all the
 * work at once. `eventsPerJob`: 500 by default, ingestion's largest batch (~20 is what the API
 * commits per batch under load).
 */
export async function insertTriggeredEvents(
  database: pg.Pool,
  options: { workspaceId: string; metricId: string; count: number; label: string; eventsPerJob?: number },
): Promise<string[]> {
  const eventsPerJob = Math.min(
    options.eventsPerJob ?? MAX_EVENTS_PER_TRIGGER_JOB,
    MAX_EVENTS_PER_TRIGGER_JOB,
  );
  // Ids made here, as the engine makes them (PostgreSQL before 18 has no uuidv7()).
  const profileIds = Array.from({ length: options.count }, () => uuidv7());
  const ids = Array.from({ length: options.count }, () => uuidv7());
  return withPgTransaction(
    async (tx) => {
      await tx.query(
        `insert into profiles (id, workspace_id, email, properties)
         select p.id, $1, $3 || '-' || p.n || '@reliability.test',
                jsonb_build_object('tier', case when p.n % 2 = 0 then 'gold' else 'silver' end)
         from unnest($2::uuid[]) with ordinality as p(id, n)`,
        [options.workspaceId, profileIds, options.label],
      );
      await tx.query(
        `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id)
         select e.id, $1, $2, e.profile_id, jsonb_build_object('label', $5::text), now(), e.id::text
         from unnest($3::uuid[], $4::uuid[]) as e(id, profile_id)`,
        [options.workspaceId, options.metricId, ids, profileIds, options.label],
      );
      await tx.query(
        `select graphile_worker.add_job($1, json_build_object('eventIds', chunk.ids), max_attempts := 25)
         from (select array_agg(id) as ids
               from (select id, (row_number() over () - 1) / $3 as n from unnest($2::uuid[]) as id) numbered
               group by n) chunk`,
        [ENGINE_TASKS.triggerEvents, ids, eventsPerJob],
      );
      return ids;
    },
    { database },
  );
}

export type TFlowProgress = {
  runs: Record<string, number>;
  steps: Record<string, number>;
  runCount: number;
  completedRuns: number;
};

export async function flowProgress(database: pg.Pool, flowId: string): Promise<TFlowProgress> {
  const [runs, steps] = await Promise.all([
    database.query<{ status: string; n: number }>(
      "select status::text, count(*)::int as n from runs where flow_id = $1 group by status",
      [flowId],
    ),
    database.query<{ status: string; n: number }>(
      `select s.status::text, count(*)::int as n from steps s join runs r on r.id = s.run_id
       where r.flow_id = $1 group by s.status`,
      [flowId],
    ),
  ]);
  const byStatus = (rows: { status: string; n: number }[]) =>
    Object.fromEntries(rows.map((row) => [row.status, row.n]));
  const runCounts = byStatus(runs.rows);
  return {
    runs: runCounts,
    steps: byStatus(steps.rows),
    runCount: runs.rows.reduce((sum, row) => sum + row.n, 0),
    completedRuns: runCounts.completed ?? 0,
  };
}

/** Polls until every expected run completed, or fails with the progress reached. */
export async function waitForCompletedRuns(
  database: pg.Pool,
  options: { flowId: string; count: number; timeoutMs: number; onPoll?: () => void },
): Promise<TFlowProgress> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const progress = await flowProgress(database, options.flowId);
    if (progress.completedRuns >= options.count) return progress;
    options.onPoll?.();
    if (Date.now() > deadline) {
      // Which jobs hold the unfinished steps, and what the queue says of them: a failing test
      // should say where the work is stuck.
      const stuck = await database.query(
        `select s.status::text, s.claim_job, s.lease_until, s.attempts, j.attempts as job_attempts,
                j.run_at, j.locked_at, j.locked_by, left(j.last_error, 300) as last_error,
                (select count(*)::int from graphile_worker._private_jobs) as jobs_in_queue
         from steps s join runs r on r.id = s.run_id
         left join graphile_worker._private_jobs j on j.id = s.claim_job
         where r.flow_id = $1 and s.status not in ('completed', 'skipped') limit 5`,
        [options.flowId],
      );
      throw new Error(
        `Only ${progress.completedRuns} of ${options.count} runs completed after ${options.timeoutMs} ms: ${JSON.stringify(progress)}; unfinished steps: ${JSON.stringify(stuck.rows)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type TWebhookStep = { key: string; attempts: number; status: string };

export async function webhookStepsOf(database: pg.Pool, flowId: string): Promise<TWebhookStep[]> {
  const result = await database.query<TWebhookStep>(
    `select s.idempotency_key as key, s.attempts, s.status::text as status
     from steps s join runs r on r.id = s.run_id
     where r.flow_id = $1 and s.node_type = 'webhook'`,
    [flowId],
  );
  return result.rows;
}
