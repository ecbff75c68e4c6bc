import type pg from "pg";
import {
  dueJobsOf,
  enqueueStepJobs,
  INSERT_STEPS_SQL,
  type TInsertedStep,
  type TNewStep,
  type TStepClaim,
  toStepRows,
} from "@/lib/engine/create-steps";
import { loadStepBatch, type TClaimedStep, type TStepBatch } from "@/lib/engine/load-step-batch";
import {
  handlerFor,
  StepError,
  type TStepContext,
  type TStepHandlers,
  type TStepResult,
} from "@/lib/engine/step-handler";
import { createStepRound, deferredSql, type TStepRound } from "@/lib/engine/step-round";
import { successorsOf } from "@/lib/engine/successors";
import { evaluateConditions } from "@/lib/flows/evaluate-conditions";
import { isActionNode, type TFlowNode } from "@/lib/flows/graph-schema";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { moduleLog } from "@/lib/log";

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
const DEFAULT_RETRY_BASE_MS = 5_000;
const MAX_RETRY_DELAY_MS = 3_600_000;
const MAX_HANDLER_RETRY_DELAY_MS = 86_400_000;
const MAX_LOG_ENTRIES = 200;

type TOutcome =
  | { kind: "completed"; result: TStepResult; logs: TLogEntry[] }
  | { kind: "exited"; reason: string; logs: TLogEntry[] }
  | {
      kind: "error";
      message: string;
      isRetryable: boolean;
      retryAfterMs?: number;
      output?: Record<string, unknown>;
      logs: TLogEntry[];
    };
type TLogEntry = { at: string; message: string; data?: Record<string, unknown> };

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
    claimed = await withPgTransaction(
      (tx) => commitOutcomes(tx, steps, outcomes, batch, jobId, now, options, continuation),
      // Not flushed at COMMIT: the job's completion (a durable commit) flushes it; a job that
      // never completes reruns these steps with the same run ids, hence the same idempotency
      // keys. Trigger jobs' run creation is not flushed either: their run ids are deterministic
      // (eventRunId), so a lost run comes back with the same ids and keys (start-event-runs.ts).
      // The runs are locked with BEGIN (one round trip): commits of one run's parallel branches
      // are serialised, so the completion check sees them all. The handlers' deferred writes
      // (idempotent by contract, so sent again on a retry) travel with it too: no round trip.
      {
        database: options.database,
        isDurableCommit: false,
        beginSql: [lockRunsSql(steps), deferredSql(deferred)].filter(Boolean).join(";\n"),
      },
    );
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

function nodeName(node: TFlowNode): string {
  return node.label ? `"${node.label}"` : `${node.type} node ${node.id}`;
}

async function commitOutcomes(
  tx: pg.PoolClient,
  steps: readonly TClaimedStep[],
  outcomes: readonly TOutcome[],
  batch: TStepBatch,
  jobId: string,
  now: Date,
  options: TEngineOptions,
  continuation: TStepClaim | null,
): Promise<TClaimedStep[]> {
  const runIds = [...new Set(steps.map((step) => step.run_id))].sort();

  const updates: Record<string, unknown>[] = [];
  const nextSteps: TNewStep[] = [];
  const retries: { id: string; runAt: Date }[] = [];
  const failedRuns: { id: string; error: string }[] = [];
  const exitedRuns: { id: string; reason: string }[] = [];
  steps.forEach((step, index) => {
    const outcome = outcomes[index]!;
    const graph = batch.graphs.get(step.flow_version_id);
    const node = graph?.nodes.find((candidate) => candidate.id === step.node_id);
    const attempt = { attempt: step.attempts, startedAt: step.started_at, endedAt: now.toISOString() };
    const base = { id: step.id, logs: outcome.logs, ended_at: now.toISOString() };
    if (outcome.kind === "completed") {
      updates.push({
        ...base,
        status: "completed",
        output: outcome.result.output ?? null,
        error: null,
        attempt,
      });
      if (!graph || !node) return;
      for (const next of successorsOf(graph, node.id, outcome.result.branch ?? null)) {
        nextSteps.push({
          workspaceId: step.workspace_id,
          runId: step.run_id,
          replayCount: step.replay_count,
          node: next,
          scheduledFor: outcome.result.nextAt ?? null,
          needsReview: batch.flowStatus.get(step.flow_id) === "manual",
        });
      }
    } else if (outcome.kind === "exited") {
      updates.push({ ...base, status: "skipped", output: null, error: outcome.reason, attempt });
      exitedRuns.push({ id: step.run_id, reason: outcome.reason });
    } else {
      const maxAttempts = (node && handlerFor(options.handlers, node.type)?.maxAttempts) ?? 1;
      const entry = { ...attempt, error: outcome.message };
      if (outcome.isRetryable && step.attempts < maxAttempts) {
        // A handler's own delay (a webhook's retry schedule, Retry-After) up to a day; otherwise
        // 5 s × 3^n up to an hour.
        const delay =
          outcome.retryAfterMs !== undefined
            ? Math.min(outcome.retryAfterMs, MAX_HANDLER_RETRY_DELAY_MS)
            : Math.min(
                (options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS) * 3 ** (step.attempts - 1),
                MAX_RETRY_DELAY_MS,
              );
        const runAt = new Date(now.getTime() + delay);
        updates.push({
          ...base,
          status: "scheduled",
          output: outcome.output ?? null,
          error: outcome.message,
          attempt: entry,
          scheduled_for: runAt.toISOString(),
          ended_at: null,
        });
        retries.push({ id: step.id, runAt });
      } else {
        updates.push({
          ...base,
          status: "failed",
          output: outcome.output ?? null,
          error: outcome.message,
          attempt: entry,
        });
        const label = node ? nodeName(node) : step.node_id;
        failedRuns.push({
          id: step.run_id,
          error: `${label} failed after ${step.attempts} attempt(s): ${outcome.message}`,
        });
      }
    }
  });

  // One statement records every result and inserts the next steps — only for runs still going
  // (a run cancelled while its steps ran gets its results recorded, and nothing follows). The rows
  // arrive as jsonb: json_to_recordset parses the document, then each jsonb column's text again
  // (measured: 25 → 18 µs of PostgreSQL CPU per updated step with jsonb_to_recordset).
  const endedRuns = new Set([...failedRuns, ...exitedRuns].map((run) => run.id));
  const next = nextSteps.filter((step) => !endedRuns.has(step.runId));
  const inserted = await tx
    .query<TInsertedStep>(
      `with recorded as (
       update steps s set status = v.status::"StepStatus", output = v.output, logs = v.logs, error = v.error,
              ended_at = v.ended_at, scheduled_for = coalesce(v.scheduled_for, s.scheduled_for),
              attempt_history = s.attempt_history || jsonb_build_array(v.attempt),
              claim_job = null, lease_until = null
       from jsonb_to_recordset($1::jsonb) as v(id uuid, status text, output jsonb, logs jsonb, error text,
                                            ended_at timestamptz, scheduled_for timestamptz, attempt jsonb)
       where s.id = v.id and s.claim_job = $2 and s.status = 'running'
       returning s.id
     )
     ${INSERT_STEPS_SQL.replace("$ROWS", "$3").replaceAll("$NOW", "$4").replaceAll("$LEASE", "$5")}
     returning id, run_id, node_id, node_type, status, attempts, idempotency_key, scheduled_for, started_at`,
      [
        JSON.stringify(updates),
        jobId,
        JSON.stringify(toStepRows(next, continuation)),
        continuation?.now ?? now,
        continuation?.leaseMs ?? 0,
      ],
    )
    .then((result) => result.rows);
  await enqueueStepJobs(tx, [...retries, ...dueJobsOf(inserted)]);
  if (failedRuns.length > 0 || exitedRuns.length > 0) {
    await tx.query(
      `update runs r set status = v.status::"RunStatus", error = v.error, exit_reason = v.reason, ended_at = $2
       from jsonb_to_recordset($1::jsonb) as v(id uuid, status text, error text, reason text)
       where r.id = v.id and r.status in ('running', 'waiting')`,
      [
        JSON.stringify([
          ...failedRuns.map((run) => ({ id: run.id, status: "failed", error: run.error, reason: null })),
          ...exitedRuns.map((run) => ({ id: run.id, status: "exited", error: null, reason: run.reason })),
        ]),
        now,
      ],
    );
    // The other branches of a run that ended stop where they are.
    await tx.query(
      `update steps set status = 'skipped', error = 'The run ended', ended_at = $2
       where run_id = any($1::uuid[]) and status in ('scheduled', 'waiting')`,
      [[...endedRuns], now],
    );
  }
  // Only a run that got no next step here may have finished (others are still running).
  const runsWithNext = new Set(
    inserted.filter((step) => step.status !== "waiting").map((step) => step.run_id),
  );
  await settleRuns(
    tx,
    runIds.filter((id) => !runsWithNext.has(id)),
    now,
  );
  if (failedRuns.length > 0) {
    moduleLog("engine").info({ failed: failedRuns.length }, "runs failed");
  }
  const parentOfRun = new Map(steps.map((step) => [step.run_id, step]));
  return inserted
    .filter((row) => row.status === "running")
    .map((row) => claimedFrom(row, parentOfRun.get(row.run_id)!));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `select … for update` of the steps' runs in id order, as literal SQL (ids checked as UUIDs). */
function lockRunsSql(steps: readonly TClaimedStep[]): string {
  const ids = [...new Set(steps.map((step) => step.run_id))].sort();
  for (const id of ids) if (!UUID.test(id)) throw new Error(`Not a run id: ${id}`);
  return `select id from runs where id in (${ids.map((id) => `'${id}'`).join(", ")}) order by id for update`;
}

/** A step inserted already claimed, seen as claimSteps returns it (its run's fields from a sibling). */
export function claimedFrom(
  row: TInsertedStep,
  run: Pick<
    TClaimedStep,
    "workspace_id" | "flow_id" | "flow_version_id" | "profile_id" | "event_id" | "is_test" | "replay_count"
  >,
): TClaimedStep {
  return {
    id: row.id,
    run_id: row.run_id,
    node_id: row.node_id,
    node_type: row.node_type,
    attempts: row.attempts,
    idempotency_key: row.idempotency_key,
    started_at: row.started_at ?? new Date(),
    workspace_id: run.workspace_id,
    flow_id: run.flow_id,
    flow_version_id: run.flow_version_id,
    profile_id: run.profile_id,
    event_id: run.event_id,
    is_test: run.is_test,
    replay_count: run.replay_count,
  };
}

/**
 * Marks runs completed (nothing left to do) or waiting (only steps waiting for review). Each run's
 * steps are read through the run_id index alone, run by run (a LATERAL aggregate). The former
 * form, `exists (… s.run_id = r2.id and s.status in ('scheduled', 'running'))` per run, was
 * planned (steps not yet analyzed, as on a new or fast-growing table) as a BitmapAnd of the run_id
 * index with the (status, lease_until) index: for EACH run it read every in-flight step's entry.
 * Measured in bench:e2e at concurrency 64: 42,000 entries and 3.4 ms per run, 0.5-1.4 s per
 * statement, ~75 % of PostgreSQL's busy time, worse the larger the backlog (docs/PERFORMANCE.md).
 */
export async function settleRuns(tx: TPgTx, runIds: readonly string[], now: Date): Promise<void> {
  if (runIds.length === 0) return;
  await tx.query(
    `update runs r set status = x.next::"RunStatus", ended_at = case when x.next = 'completed' then $2::timestamptz end
     from (
       select r2.id,
              case when s.is_busy then 'running' when s.is_waiting then 'waiting' else 'completed' end as next
       from runs r2
       cross join lateral (
         select coalesce(bool_or(steps.status in ('scheduled', 'running')), false) as is_busy,
                coalesce(bool_or(steps.status = 'waiting'), false) as is_waiting
         from steps where steps.run_id = r2.id
       ) s
       where r2.id = any($1::uuid[]) and r2.status in ('running', 'waiting')
     ) x
     where r.id = x.id and r.status::text <> x.next`,
    [runIds, now],
  );
}
