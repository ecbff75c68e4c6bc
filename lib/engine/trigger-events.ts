import type pg from "pg";
import type { TStepClaim } from "@/lib/engine/create-steps";
import { loadTriggeredFlows } from "@/lib/engine/load-flows";
import type { TClaimedStep } from "@/lib/engine/load-step-batch";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { startRuns, type TRunCandidate } from "@/lib/engine/start-runs";
import { env } from "@/lib/env";
import { evaluateConditions } from "@/lib/flows/evaluate-conditions";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { moduleLog } from "@/lib/log";

/**
 * Write-back chains deeper than this start no runs (a code function feeding its own trigger):
 * HOOKFLOW_MAX_EVENT_DEPTH, default 5.
 */
export function maxEventDepth(): number {
  return env().HOOKFLOW_MAX_EVENT_DEPTH;
}

type TTriggerEvent = {
  id: string;
  workspace_id: string;
  metric_id: string;
  is_message_metric: boolean;
  profile_id: string;
  properties: Record<string, unknown>;
  depth: number;
};

/**
 * The trigger_events job: starts the metric-triggered runs for a batch of newly stored events.
 * Message-metric events never start flows (the seed's rule) — even a flow forced into the
 * database with such a trigger. Idempotent: a retried job finds the runs already there.
 */
export async function triggerEvents(
  eventIds: readonly string[],
  options: {
    database: pg.Pool;
    now?: () => Date;
    maxDepth?: number;
    claim?: Omit<TStepClaim, "now">;
    /** Also take up to this many other waiting trigger jobs' events (see absorbWaitingJobs). */
    absorbJobs?: number;
  },
): Promise<{ started: number; claimed: TClaimedStep[] }> {
  const maxDepth = options.maxDepth ?? maxEventDepth();
  return withPgTransaction(
    async (tx) => {
      const now = options.now?.() ?? new Date();
      const absorbed = options.absorbJobs ? await absorbWaitingJobs(tx, options.absorbJobs) : [];
      const events = await tx.query<TTriggerEvent>(
        `select e.id, e.workspace_id, e.metric_id, m.is_message_metric, e.profile_id, e.properties, e.depth
         from events e join metrics m on m.id = e.metric_id
         where e.id = any($1::uuid[])`,
        [[...eventIds, ...absorbed]],
      );
      const flowEvents = events.rows.filter((event) => !event.is_message_metric);
      const flows = await loadTriggeredFlows(tx, {
        triggerType: "metric-trigger",
        refs: flowEvents.map((event) => event.metric_id),
      });
      const candidates: TRunCandidate[] = [];
      const tooDeep: TRunCandidate[] = [];
      for (const event of flowEvents) {
        for (const flow of flows) {
          if (flow.workspaceId !== event.workspace_id || flow.trigger.type !== "metric-trigger") continue;
          if (flow.trigger.config.metricId !== event.metric_id) continue;
          const subject = {
            profile: {},
            event,
            listIds: new Set<string>(),
            segmentIds: new Set<string>(),
            now,
          };
          if (!evaluateConditions(flow.trigger.config.filters, subject)) continue;
          const candidate = {
            flow,
            profileId: event.profile_id,
            eventId: event.id,
            occurrenceKey: `event:${event.id}`,
          };
          (event.depth > maxDepth ? tooDeep : candidates).push(candidate);
        }
      }
      const result = await startRuns(tx, candidates, {
        now,
        claim: options.claim ? { ...options.claim, now } : undefined,
      });
      if (tooDeep.length > 0) await recordLoopStops(tx, tooDeep, maxDepth, now);
      return { started: result.started.length, claimed: result.claimed };
    },
    { database: options.database },
  );
}

/**
 * A write-back loop is stopped visibly: the run it would have started is recorded as failed with
 * the reason, so the flow's runs page shows it (and nothing else happens).
 */
async function recordLoopStops(tx: pg.PoolClient, candidates: TRunCandidate[], maxDepth: number, now: Date) {
  const error = `Stopped: this event was produced by a chain of more than ${maxDepth} code write-backs (a loop between a flow and a code function?)`;
  await tx.query(
    `insert into runs (id, workspace_id, flow_id, flow_version_id, profile_id, event_id, trigger_key, status, error, started_at, ended_at)
     select r.id, r.workspace_id, r.flow_id, r.version_id, r.profile_id, r.event_id, r.trigger_key, 'failed', $2, $3, $3
     from json_to_recordset($1::json) as r(id uuid, workspace_id uuid, flow_id uuid, version_id uuid, profile_id uuid, event_id uuid, trigger_key text)
     on conflict (flow_id, trigger_key) do nothing`,
    [
      JSON.stringify(
        candidates.map((candidate) => ({
          id: uuidv7(),
          workspace_id: candidate.flow.workspaceId,
          flow_id: candidate.flow.id,
          version_id: candidate.flow.versionId,
          profile_id: candidate.profileId,
          event_id: candidate.eventId,
          trigger_key: candidate.occurrenceKey,
        })),
      ),
      error,
      now,
    ],
  );
  moduleLog("engine").warn({ runs: candidates.length, maxDepth }, "write-back loop stopped");
}

/**
 * Takes other trigger jobs that are waiting (not locked, due, never attempted) and returns their
 * event ids, deleting those jobs in THIS transaction: if it commits, their events were handled
 * here; if it rolls back, the jobs are still there. Ingestion makes one job per commit batch, so
 * under load the queue fills with small jobs; absorbing them turns many small transactions and
 * step rounds into a few large ones (the engine's cost is round trips per job, docs/PERFORMANCE.md).
 * Reads graphile-worker 0.17's tables directly: pinned version, covered by tests.
 */
async function absorbWaitingJobs(tx: pg.PoolClient, limit: number): Promise<string[]> {
  const taken = await tx.query<{ payload: { eventIds?: string[] } }>(
    `delete from graphile_worker._private_jobs where id in (
       select j.id from graphile_worker._private_jobs j
       where j.task_id = (select id from graphile_worker._private_tasks where identifier = $1)
         and j.locked_at is null and j.run_at <= now() and j.attempts = 0
       order by j.id limit $2
       for update skip locked)
     returning payload`,
    [ENGINE_TASKS.triggerEvents, limit],
  );
  return taken.rows.flatMap((row) => row.payload.eventIds ?? []);
}
