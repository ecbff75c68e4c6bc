import { ENGINE_TASKS, enqueueJobs, type TJobSpec } from "@/lib/engine/queue";
import { isActionNode, type TFlowNode } from "@/lib/flows/graph-schema";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/** Steps per run_steps job: big enough to amortise a job, small enough to spread over workers. */
export const STEPS_PER_JOB = 200;

export type TNewStep = {
  workspaceId: string;
  runId: string;
  replayCount: number;
  node: TFlowNode;
  /** When the step may run; null = now. */
  scheduledFor: Date | null;
  /** Manual flows stop before every action until a user approves it. */
  needsReview: boolean;
};

export function idempotencyKeyFor(runId: string, nodeId: string, replayCount: number): string {
  return `${runId}:${nodeId}:${replayCount}`;
}

/** A job that takes the new steps itself (no queue round trip) — see runClaimedSteps. */
export type TStepClaim = { jobId: string; now: Date; leaseMs: number };

export type TInsertedStep = {
  id: string;
  run_id: string;
  node_id: string;
  node_type: string;
  status: string;
  attempts: number;
  idempotency_key: string;
  scheduled_for: Date | null;
  started_at: Date | null;
};

/**
 * Inserts steps and enqueues the jobs that run them, on the caller's transaction. A step that
 * already exists (same run, node and replay round — a join in the graph reached twice, or a
 * retried commit) is not created again. Steps waiting for review get no job: approving enqueues.
 * Returns how many steps were created.
 */
export async function createSteps(tx: TPgTx, steps: readonly TNewStep[]): Promise<number> {
  return (await insertSteps(tx, steps, null)).length;
}

/**
 * createSteps, but with `claim`, steps due now are inserted already claimed by that job (status
 * running, first attempt, leased) and get no queue job: the job runs them next, in the same
 * worker, saving a queue hop per step. They are as durable as queued ones — committed rows whose
 * claim names the job; if the worker dies, the job is released by the sweeper and its retry
 * re-claims them by job id. Returns the inserted rows.
 */
export async function insertSteps(
  tx: TPgTx,
  steps: readonly TNewStep[],
  claim: TStepClaim | null,
): Promise<TInsertedStep[]> {
  if (steps.length === 0) return [];
  const inserted = await tx.query<TInsertedStep>(
    `${INSERT_STEPS_SQL.replace("$ROWS", "$1").replaceAll("$NOW", "$2").replaceAll("$LEASE", "$3")}
     returning id, run_id, node_id, node_type, status, attempts, idempotency_key, scheduled_for, started_at`,
    [JSON.stringify(toStepRows(steps, claim)), claim?.now ?? new Date(), claim?.leaseMs ?? 0],
  );
  await enqueueStepJobs(tx, dueJobsOf(inserted.rows));
  return inserted.rows;
}

/** The rows insertSteps writes (JSON for jsonb_to_recordset). */
export function toStepRows(steps: readonly TNewStep[], claim: TStepClaim | null) {
  return steps.map((step) => {
    const isReview = step.needsReview && isActionNode(step.node);
    const isClaimed =
      claim !== null && !isReview && (step.scheduledFor === null || step.scheduledFor <= claim.now);
    return {
      // Ids made here (UUIDv7, time-ordered), not by uuidv7() in SQL: PostgreSQL before 18 lacks it.
      id: uuidv7(),
      workspace_id: step.workspaceId,
      run_id: step.runId,
      node_id: step.node.id,
      node_type: step.node.type,
      status: isReview ? "waiting" : isClaimed ? "running" : "scheduled",
      waiting_reason: isReview ? "review" : null,
      idempotency_key: idempotencyKeyFor(step.runId, step.node.id, step.replayCount),
      scheduled_for: step.scheduledFor?.toISOString() ?? null,
      claim_job: isClaimed ? claim.jobId : null,
    };
  });
}

/**
 * The insert of toStepRows' rows, with placeholders $ROWS (json), $NOW (claim time) and $LEASE
 * (ms) for the caller to number; only steps of runs still going are inserted (a run cancelled
 * meanwhile gets nothing new), and a step already there is left alone. The run's status is a
 * scalar subquery by primary key, not `exists`: a semi-join may be planned as a hash join over
 * every running run (read by status), and the round's statement is prepared with a generic plan
 * that stays cached per connection (round-statements.ts); a subquery runs per row, by key.
 */
export const INSERT_STEPS_SQL = `insert into steps (id, workspace_id, run_id, node_id, node_type, status, waiting_reason,
                        idempotency_key, scheduled_for, claim_job, attempts, started_at, lease_until)
     select r.id, r.workspace_id, r.run_id, r.node_id, r.node_type, r.status::"StepStatus", r.waiting_reason,
            r.idempotency_key, r.scheduled_for, r.claim_job,
            case when r.claim_job is null then 0 else 1 end,
            case when r.claim_job is null then null else $NOW::timestamptz end,
            case when r.claim_job is null then null else $NOW::timestamptz + $LEASE * interval '1 millisecond' end
     from jsonb_to_recordset($ROWS::jsonb) as r(id uuid, workspace_id uuid, run_id uuid, node_id text, node_type text,
                                              status text, waiting_reason text, idempotency_key text,
                                              scheduled_for timestamptz, claim_job bigint)
     where (select runs.status from runs where runs.id = r.run_id) in ('running', 'waiting')
     on conflict (idempotency_key) do nothing`;

/** Inserted steps that need a queue job (scheduled: not claimed, not waiting for review). */
export function dueJobsOf(rows: readonly TInsertedStep[]): { id: string; runAt: Date | null }[] {
  return rows
    .filter((row) => row.status === "scheduled")
    .map((row) => ({ id: row.id, runAt: row.scheduled_for }));
}

/** One run_steps job per STEPS_PER_JOB steps due at the same time. */
export async function enqueueStepJobs(
  tx: TPgTx,
  steps: readonly { id: string; runAt: Date | null }[],
): Promise<void> {
  const byTime = new Map<number, string[]>();
  for (const step of steps) {
    // Steps due "now" share jobs; delayed ones are grouped by their exact time (a batch's delays
    // from one node end at the same instant). A time already past simply runs at once.
    const time = step.runAt ? step.runAt.getTime() : 0;
    const group = byTime.get(time);
    if (group) group.push(step.id);
    else byTime.set(time, [step.id]);
  }
  const jobs: TJobSpec[] = [];
  for (const [time, ids] of byTime) {
    for (let index = 0; index < ids.length; index += STEPS_PER_JOB) {
      jobs.push({
        task: ENGINE_TASKS.runSteps,
        payload: { stepIds: ids.slice(index, index + STEPS_PER_JOB) },
        runAt: time === 0 ? null : new Date(time),
      });
    }
  }
  await enqueueJobs(tx, jobs);
}
