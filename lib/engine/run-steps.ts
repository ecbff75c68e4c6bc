import type pg from "pg";
import { commitRound } from "@/lib/engine/commit-round";
import { loadStepBatch, type TClaimedStep, type TStepBatch } from "@/lib/engine/load-step-batch";
import { nodeName, type TLogEntry, type TOutcome } from "@/lib/engine/round-outcomes";
import { handlerFor, StepError, type TStepContext, type TStepHandlers } from "@/lib/engine/step-handler";
import { createStepRound, type TStepRound } from "@/lib/engine/step-round";
import { evaluateConditions } from "@/lib/flows/evaluate-conditions";
import { isActionNode } from "@/lib/flows/graph-schema";

export type TEngineOptions = {
  database: pg.Pool;
  handlers: TStepHandlers;
  now?: () => Date;
  /** A claimed step not committed within this long may be taken by another job (crash recovery). */
  leaseMs?: number;
  /** First retry delay; each further attempt waits 3× longer (capped at an hour). */
  retryBaseMs?: number;
};

export const DEFAULT_LEASE_MS = 5 * 60_000;
const MAX_LOG_ENTRIES = 200;

// A job keeps running the steps that follow the ones it completed (when due now) for up to this
// many rounds / this long, then leaves the rest to new queue jobs: bounded so one long flow
// cannot monopolise a worker slot, and a job's retry after a crash has bounded work to redo.
const MAX_ROUNDS_PER_JOB = 50;
const CONTINUE_BUDGET_MS = 10_000;

/**
 * Runs one batch of steps (a run_steps job): claim → execute handlers concurrently → commit every
 * result, the runs' advance and the next steps in ONE transaction. Next steps due now are created
 * already claimed by this job and run in the next round, without a queue hop (measured: each hop
 * costs a NOTIFY, a get_job and a complete_job, ~5–20 ms at low load). If a commit fails, the job
 * fails and graphile-worker retries it; the retry re-claims the steps this job holds (by job id)
 * and runs them again with the same idempotency keys: at-least-once, never lost.
 */
export async function runSteps(
  stepIds: readonly string[],
  jobId: string,
  options: TEngineOptions,
): Promise<number> {
  const now = options.now?.() ?? new Date();
  const claimed = await claimSteps(
    options.database,
    stepIds,
    jobId,
    now,
    options.leaseMs ?? DEFAULT_LEASE_MS,
  );
  return runClaimedSteps(claimed, jobId, options);
}

/** Runs steps this job has claimed, and (bounded) the steps that follow them. */
export async function runClaimedSteps(
  initial: readonly TClaimedStep[],
  jobId: string,
  options: TEngineOptions,
): Promise<number> {
  const began = Date.now();
  let claimed = initial;
  let executed = 0;
  for (let round = 1; claimed.length > 0; round++) {
    const now = options.now?.() ?? new Date();
    const batch = await loadStepBatch(options.database, claimed);
    const stepRound = createStepRound(options.database);
    const outcomes = await Promise.all(
      claimed.map((step) => executeStep(step, batch, now, options, stepRound)),
    );
    // Taken now: a handler that outlived its timeout cannot add to a commit already under way.
    const deferred = stepRound.deferred.splice(0);
    const mayContinue = round < MAX_ROUNDS_PER_JOB && Date.now() - began < CONTINUE_BUDGET_MS;
    const continuation = mayContinue ? { jobId, now, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS } : null;
    const steps = claimed;
    claimed = await commitRound({
      database: options.database,
      steps,
      outcomes,
      batch,
      jobId,
      now,
      handlers: options.handlers,
      retryBaseMs: options.retryBaseMs,
      continuation,
      deferred,
    });
    executed += steps.length;
  }
  return executed;
}

/**
 * Claims steps for a job: the ids given that are scheduled (or whose lease expired), plus any
 * step this same job claimed before (a retry of a job that died or failed to commit).
 */
async function claimSteps(
  database: pg.Pool,
  stepIds: readonly string[],
  jobId: string,
  now: Date,
  leaseMs: number,
) {
  const result = await database.query<TClaimedStep>(
    `update steps s set status = 'running', attempts = s.attempts + 1, started_at = $3, claim_job = $2,
            lease_until = $3::timestamptz + $4 * interval '1 millisecond'
     from runs r
     where r.id = s.run_id and r.status in ('running', 'waiting')
       and ((s.id = any($1::uuid[])
             and (s.status = 'scheduled' or (s.status = 'running' and (s.claim_job = $2 or s.lease_until < $3))))
            or (s.claim_job = $2 and s.status = 'running'))
     returning s.id, s.run_id, s.node_id, s.node_type, s.attempts, s.idempotency_key, s.workspace_id, s.started_at,
               r.flow_id, r.flow_version_id, r.profile_id, r.event_id, r.is_test, r.replay_count`,
    [stepIds, jobId, now, leaseMs],
  );
  return result.rows;
}

async function executeStep(
  step: TClaimedStep,
  batch: TStepBatch,
  now: Date,
  options: TEngineOptions,
  round: TStepRound,
): Promise<TOutcome> {
  const logs: TLogEntry[] = [];
  const log = (message: string, data?: Record<string, unknown>) => {
    if (logs.length < MAX_LOG_ENTRIES)
      logs.push({ at: new Date().toISOString(), message, ...(data ? { data } : {}) });
  };
  const graph = batch.graphs.get(step.flow_version_id);
  const node = graph?.nodes.find((candidate) => candidate.id === step.node_id);
  const subject = batch.subjects.get(step.profile_id);
  if (!graph || !node)
    return {
      kind: "error",
      message: `Node ${step.node_id} is not in the run's flow version`,
      isRetryable: false,
      logs,
    };
  if (!subject) return { kind: "exited", reason: "The profile was deleted", logs };
  const event = step.event_id ? (batch.events.get(step.event_id) ?? null) : null;

  if (isActionNode(node)) {
    const isMatch = evaluateConditions(graph.settings.filters, { ...subject, event, now });
    if (!isMatch)
      return {
        kind: "exited",
        reason: `The profile no longer matches the flow filters (before ${nodeName(node)})`,
        logs,
      };
  }
  const handler = handlerFor(options.handlers, node.type);
  if (!handler) {
    return {
      kind: "error",
      message: `${nodeName(node)}: no step handler is registered for "${node.type}" nodes in this version of Hookflow`,
      isRetryable: false,
      logs,
    };
  }
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`timed out after ${handler.timeoutMs} ms`)),
    handler.timeoutMs,
  );
  try {
    const context = {
      workspaceId: step.workspace_id,
      run: {
        id: step.run_id,
        flowId: step.flow_id,
        flowVersionId: step.flow_version_id,
        isTest: step.is_test,
      },
      step: { id: step.id, nodeId: node.id, attempt: step.attempts, idempotencyKey: step.idempotency_key },
      node,
      graph,
      profile: subject.profile,
      listIds: subject.listIds,
      segmentIds: subject.segmentIds,
      event,
      outputs: batch.outputs.get(step.run_id) ?? {},
      now,
      signal: controller.signal,
      log,
      round,
    } as TStepContext;
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
    });
    const result = await Promise.race([handler.execute(context), aborted]);
    return { kind: "completed", result, logs };
  } catch (error) {
    const stepError = error instanceof StepError ? error : undefined;
    return {
      kind: "error",
      message: error instanceof Error ? error.message : String(error),
      isRetryable: stepError?.isRetryable ?? true,
      retryAfterMs: stepError?.retryAfterMs,
      output: stepError?.output,
      logs,
    };
  } finally {
    clearTimeout(timer);
  }
}
