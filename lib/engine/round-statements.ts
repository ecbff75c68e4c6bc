import type pg from "pg";
import { INSERT_STEPS_SQL } from "@/lib/engine/create-steps";
import { LOAD_STEP_BATCH_SQL, type stepBatchValues, type TClaimedStep } from "@/lib/engine/load-step-batch";
import { sqlLiteral } from "@/lib/engine/step-round";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/**
 * One statement records every result of a round and inserts the next steps — only for runs still
 * going (a run cancelled while its steps ran gets its results recorded, and nothing follows). The
 * rows arrive as jsonb: json_to_recordset parses the document, then each jsonb column's text again
 * (measured: 25 → 18 µs of PostgreSQL CPU per updated step with jsonb_to_recordset).
 *
 * Prepared (once per connection) so PostgreSQL may keep a generic plan instead of planning it on
 * every round (~0.34 ms per call at concurrency 1). A generic plan stays cached until the tables'
 * next ANALYZE, so the statement is shaped for a plan that is right at any table size: the row
 * set's size is estimated the same with or without values (jsonb_to_recordset), steps are found
 * by primary key or by the job's claim, their status is tested as text (no index serves it, so no
 * plan reads every in-flight step by status), runs are looked up by key per inserted row
 * (INSERT_STEPS_SQL).
 */
export const RECORD_ROUND_SQL = `with recorded as (
       update steps s set status = v.status::"StepStatus", output = v.output, logs = v.logs, error = v.error,
              ended_at = v.ended_at, scheduled_for = coalesce(v.scheduled_for, s.scheduled_for),
              attempt_history = s.attempt_history || jsonb_build_array(v.attempt),
              claim_job = null, lease_until = null
       from jsonb_to_recordset($1::jsonb) as v(id uuid, status text, output jsonb, logs jsonb, error text,
                                            ended_at timestamptz, scheduled_for timestamptz, attempt jsonb)
       where s.id = v.id and s.claim_job = $2 and s.status::text = 'running'
       returning s.id
     )
     ${INSERT_STEPS_SQL.replace("$ROWS", "$3").replaceAll("$NOW", "$4").replaceAll("$LEASE", "$5")}
     returning id, run_id, node_id, node_type, status, attempts, idempotency_key, scheduled_for, started_at`;

/**
 * Marks runs completed (nothing left to do) or waiting (only steps waiting for review), or leaves
 * them running. Shaped so that any plan — custom, or a generic one kept by a prepared statement —
 * is lookups by key whatever the tables held when it was made: runs by primary key (no join, so
 * no hash join over a scan of runs), each run's steps through run_id in a per-row subquery, the
 * runs' status tested as text so no plan reads runs by status (the (flow_id, status) index,
 * skip-scanned, looked cheap on empty tables). `EXPLAIN (GENERIC_PLAN)` on empty and on large
 * tables (100k runs, 200k steps): runs_pkey and steps_run_id_idx only (round-statements.test.ts).
 * The ids go through `array(select unnest(…))`, a subquery a custom plan cannot see into either:
 * with `any($1)` a custom plan knows there is one id and a generic one assumes ten, so PostgreSQL
 * re-planned the statement on every call (~0.25 ms); now both estimate alike and the prepared
 * statement keeps its generic plan (measured: 8 executions, 5 custom then 3 generic).
 * The former forms' generic plans read runs by status (on empty tables) or joined them by hash.
 *
 * History: `exists (… s.run_id = r2.id and s.status in ('scheduled', 'running'))` per run was
 * planned (steps not yet analyzed) as a BitmapAnd of the run_id index with the (status,
 * lease_until) index: for EACH run it read every in-flight step's entry — at concurrency 64,
 * 42,000 entries and 3.4 ms per run, ~75 % of PostgreSQL's busy time (docs/PERFORMANCE.md).
 */
const NEXT_RUN_STATUS_SQL = `select case when coalesce(bool_or(s.status in ('scheduled', 'running')), false) then 'running'
                   when coalesce(bool_or(s.status = 'waiting'), false) then 'waiting' else 'completed' end as next
            from steps s where s.run_id = r.id`;
export const SETTLE_RUNS_SQL = `update runs r
   set (status, ended_at) = (select q.next::"RunStatus", case when q.next = 'completed' then $2::timestamptz end
                             from (${NEXT_RUN_STATUS_SQL}) q)
 where r.id = any(array(select unnest($1::uuid[]))) and r.status::text in ('running', 'waiting')
   and r.status::text <> (${NEXT_RUN_STATUS_SQL})`;

/** settleRuns on a transaction (a named statement: planned once per connection). */
export async function settleRuns(tx: TPgTx, runIds: readonly string[], now: Date): Promise<void> {
  if (runIds.length === 0) return;
  await tx.query({ name: "hookflow_settle_runs", text: SETTLE_RUNS_SQL, values: [runIds, now] });
}

// The same two statements and the step batch's read prepared with SQL PREPARE, so a round can
// EXECUTE them inside one simple-protocol query (its BEGIN … COMMIT): one round trip per round,
// plans still cached.
const PREPARE_SQL = `prepare hookflow_round_record(jsonb, bigint, jsonb, timestamptz, float8) as ${RECORD_ROUND_SQL};
prepare hookflow_round_settle(uuid[], timestamptz) as ${SETTLE_RUNS_SQL};
prepare hookflow_round_batch(uuid[], uuid[], uuid[], uuid[], uuid[], uuid[], boolean) as ${LOAD_STEP_BATCH_SQL}`;
const prepared = new WeakSet<pg.ClientBase>();

/** Prepares the round statements on this connection once (prepared statements live as long as it). */
export async function prepareRoundStatements(client: pg.ClientBase): Promise<void> {
  if (prepared.has(client)) return;
  try {
    await client.query(PREPARE_SQL);
  } catch (error) {
    // 42P05: already prepared on this connection (by a client object this process lost track of).
    if ((error as { code?: string }).code !== "42P05") throw error;
  }
  prepared.add(client);
}

export function executeRecordSql(values: [string, string, string, Date, number]): string {
  return `execute hookflow_round_record(${values.map(sqlLiteral).join(", ")})`;
}

export function executeSettleSql(runIds: readonly string[], now: Date): string {
  return `execute hookflow_round_settle(${sqlLiteral([...runIds])}, ${sqlLiteral(now)})`;
}

export function executeBatchSql(values: ReturnType<typeof stepBatchValues>): string {
  return `execute hookflow_round_batch(${values.map(sqlLiteral).join(", ")})`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `select … for update` of the steps' runs in id order, as literal SQL (ids checked as UUIDs). */
export function lockRunsSql(steps: readonly TClaimedStep[]): string {
  const ids = [...new Set(steps.map((step) => step.run_id))].sort();
  for (const id of ids) if (!UUID.test(id)) throw new Error(`Not a run id: ${id}`);
  return `select id from runs where id in (${ids.map((id) => `'${id}'`).join(", ")}) order by id for update`;
}
