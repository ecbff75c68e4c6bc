import type pg from "pg";
import {
  dueJobsOf,
  enqueueStepJobs,
  type TInsertedStep,
  type TStepClaim,
  toStepRows,
} from "@/lib/engine/create-steps";
import {
  preloadStepBatch,
  stepBatchOf,
  stepBatchValues,
  type TClaimedStep,
  type TStepBatch,
  type TStepBatchRow,
} from "@/lib/engine/load-step-batch";
import { planRound, type TOutcome, type TRoundPlan } from "@/lib/engine/round-outcomes";
import {
  executeBatchSql,
  executeRecordSql,
  executeSettleSql,
  lockRunsSql,
  prepareRoundStatements,
  RECORD_ROUND_SQL,
  settleRuns,
} from "@/lib/engine/round-statements";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { deferredSql, type TDeferredStatement } from "@/lib/engine/step-round";
import { beginSql, withPgTransaction, withRetriedConnection } from "@/lib/ingestion/pg-transaction";
import { moduleLog } from "@/lib/log";

type TRecordValues = [updates: string, jobId: string, rows: string, claimedAt: Date, leaseMs: number];

/**
 * Commits a round: every step's result, the runs' advance and the next steps, in ONE transaction,
 * which is not flushed at COMMIT: the job's completion (a durable commit) flushes it; a job that
 * never completes reruns these steps with the same run ids, hence the same idempotency keys.
 * Trigger jobs' run creation is not flushed either: their run ids are deterministic (eventRunId),
 * so a lost run comes back with the same ids and keys (start-event-runs.ts). The runs are locked
 * first (commits of one run's parallel branches are serialised, so the completion check sees them
 * all); the handlers' deferred writes (idempotent by contract, so sent again on a retry) follow.
 *
 * A plain round — every step completed, its next steps claimed by this job or waiting for review
 * — is ONE round trip: BEGIN, the locks, the deferred writes, the prepared record and settle
 * statements, the next round's read and COMMIT in one simple-protocol query (it was three or four
 * round trips, and one more for the next round's read: BEGIN, record, settle, COMMIT, read).
 * Every run of the round is settled then (one whose next step was inserted stays running): the
 * inserted rows are not known before the query. Rounds with retries, failed or exited runs, or
 * next steps for the queue take the general path (commitPlanned).
 */
export async function commitRound(options: {
  database: pg.Pool;
  steps: readonly TClaimedStep[];
  outcomes: readonly TOutcome[];
  batch: TStepBatch;
  jobId: string;
  now: Date;
  handlers: TStepHandlers;
  retryBaseMs?: number;
  continuation: TStepClaim | null;
  deferred: readonly TDeferredStatement[];
}): Promise<TClaimedStep[]> {
  const { steps, now, continuation, database } = options;
  const plan = planRound(steps, options.outcomes, options.batch, now, options);
  const stepRows = toStepRows(plan.next, continuation);
  const runIds = [...new Set(steps.map((step) => step.run_id))].sort();
  const beginSql = [lockRunsSql(steps), deferredSql(options.deferred)].filter(Boolean).join(";\n");
  const record: TRecordValues = [
    JSON.stringify(plan.updates),
    options.jobId,
    JSON.stringify(stepRows),
    continuation?.now ?? now,
    continuation?.leaseMs ?? 0,
  ];
  const isPlain =
    plan.retries.length === 0 &&
    plan.failedRuns.length === 0 &&
    plan.exitedRuns.length === 0 &&
    stepRows.every((row) => row.status !== "scheduled");
  const parentOfRun = new Map(steps.map((step) => [step.run_id, step]));
  if (!isPlain) {
    const inserted = await withPgTransaction((tx) => commitPlanned(tx, plan, record, runIds, now), {
      database,
      isDurableCommit: false,
      beginSql,
    });
    return inserted
      .filter((row) => row.status === "running")
      .map((row) => claimedFrom(row, parentOfRun.get(row.run_id)!));
  }
  // The next round's read travels with this commit: its steps are of the same runs (same flow
  // versions, profiles, events), and the outputs this round recorded are visible to it.
  const nextRuns = new Set(stepRows.filter((row) => row.status === "running").map((row) => row.run_id));
  const batchValues =
    nextRuns.size > 0
      ? stepBatchValues(
          steps.filter((step) => nextRuns.has(step.run_id)),
          options.batch.graphs,
        )
      : null;
  const results = await commitInOneTrip(database, [
    beginSql,
    executeRecordSql(record),
    executeSettleSql(runIds, now),
    batchValues ? executeBatchSql(batchValues) : "",
  ]);
  // One result per statement: …, record, settle, [batch,] commit.
  const inserted = results.at(batchValues ? -4 : -3)!.rows as TInsertedStep[];
  const claimed = inserted
    .filter((row) => row.status === "running")
    .map((row) => claimedFrom(row, parentOfRun.get(row.run_id)!));
  if (batchValues && claimed.length > 0) {
    const row = results.at(-2)!.rows[0] as TStepBatchRow;
    preloadStepBatch(claimed, stepBatchOf(row, options.batch.graphs));
  }
  return claimed;
}

/**
 * `statements` in one transaction sent as one query, retried on the races withPgTransaction
 * retries. Returns each statement's result (BEGIN's and COMMIT's included).
 */
async function commitInOneTrip(database: pg.Pool, statements: string[]): Promise<pg.QueryResult[]> {
  const sql = [beginSql(false), ...statements.filter(Boolean), "commit"].join(";\n");
  return withRetriedConnection(database, async (client) => {
    await prepareRoundStatements(client);
    return (await client.query(sql)) as unknown as pg.QueryResult[];
  });
}

/** The general path, on withPgTransaction's transaction (runs locked and deferred writes sent with BEGIN). */
async function commitPlanned(
  tx: pg.PoolClient,
  plan: TRoundPlan,
  record: TRecordValues,
  runIds: readonly string[],
  now: Date,
): Promise<TInsertedStep[]> {
  const inserted = (
    await tx.query<TInsertedStep>({ name: "hookflow_record_round", text: RECORD_ROUND_SQL, values: record })
  ).rows;
  await enqueueStepJobs(tx, [...plan.retries, ...dueJobsOf(inserted)]);
  const { failedRuns, exitedRuns } = plan;
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
      [[...new Set([...failedRuns, ...exitedRuns].map((run) => run.id))], now],
    );
    if (failedRuns.length > 0) moduleLog("engine").info({ failed: failedRuns.length }, "runs failed");
  }
  // Only a run that got no next step here may have finished (others are still running).
  const runsWithNext = new Set(
    inserted.filter((step) => step.status !== "waiting").map((step) => step.run_id),
  );
  const toSettle = runIds.filter((id) => !runsWithNext.has(id));
  await settleRuns(tx, toSettle, now);
  return inserted;
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
