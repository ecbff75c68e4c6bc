import type pg from "pg";
import { LOADED_FUNCTION_SQL, type TLoadedFunction } from "@/lib/code/preloaded-functions";
import { STEPS_PER_JOB, type TInsertedStep, type toStepRows } from "@/lib/engine/create-steps";
import { DEFAULT_MAX_ATTEMPTS, ENGINE_TASKS } from "@/lib/engine/queue";
import type { TRunRow } from "@/lib/engine/start-runs";

export type TEventRunRow = Omit<TRunRow, "is_test"> & {
  status: "running" | "waiting" | "completed" | "failed";
  error: string | null;
  /** The absorbed trigger job the event came from; its run is inserted only if that job is taken. */
  job_id: string | null;
};

type TStepRow = ReturnType<typeof toStepRows>[number];

/**
 * A trigger job's whole write as ONE statement, committed on its own: takes the absorbed trigger jobs that are still waiting
 * (deleting them), inserts the runs (those of events from a job another worker took meanwhile are
 * left to it; a run already there — a retried job — is skipped by its trigger key), their first
 * steps (only for runs inserted here, so a retry creates none twice) and, for first steps that
 * are scheduled rather than claimed, their run_steps jobs. One round trip where the transaction
 * took five (begin, absorb, runs, steps, commit): all or nothing, as before. It also reads the
 * code functions the claimed first steps will run (preloaded-functions.ts): no read of its own
 * then stands between the commit and the code.
 *
 * The commit does not wait for its WAL flush (synchronous_commit off for this statement's own
 * implicit transaction, set_config local): ~3 ms at concurrency 1. Nothing is lost by it: the
 * job's completion (durable), like any later durable commit on the server, flushes it too, since
 * the WAL is written in order (the rounds' commits are not flushed either, run-steps.ts). A crash before that loses the runs AND leaves the job
 * (and the absorbed jobs) to be retried, which recreates them — under the same ids, because the
 * caller's run ids must be deterministic (eventRunId), so a webhook the first round already sent
 * is sent again with the same idempotency key, not a new one.
 */
export async function insertEventRuns(
  database: pg.Pool,
  options: {
    runs: TEventRunRow[];
    steps: TStepRow[];
    jobIds: readonly string[];
    now: Date;
    leaseMs: number;
    /** Code functions to read in the same round trip (for the claimed code steps). */
    functionIds: readonly string[];
  },
): Promise<{ runIds: string[]; steps: TInsertedStep[]; functions: TLoadedFunction[] }> {
  const jobs = scheduledJobs(options.steps);
  const result = await database.query<{
    functions: TLoadedFunction[];
    runs: string[];
    steps: (Omit<TInsertedStep, "scheduled_for" | "started_at"> & {
      scheduled_for: string | null;
      started_at: string | null;
    })[];
  }>({
    name: jobs.length > 0 ? "hookflow_insert_event_runs_jobs" : "hookflow_insert_event_runs",
    text: `with no_flush_wait as (
       select set_config('synchronous_commit', 'off', true) as value
     ), taken as (
       delete from graphile_worker._private_jobs
       where id = any($3::bigint[]) and locked_at is null and attempts = 0
       returning id
     ), new_runs as (
       insert into runs (id, workspace_id, flow_id, flow_version_id, profile_id, event_id, trigger_key, status, error,
                         started_at, ended_at)
       select r.id, r.workspace_id, r.flow_id, r.version_id, r.profile_id, r.event_id, r.trigger_key,
              r.status::"RunStatus", r.error, $2, case when r.status in ('completed', 'failed') then $2::timestamptz end
       from jsonb_to_recordset($1::jsonb) as r(id uuid, workspace_id uuid, flow_id uuid, version_id uuid, profile_id uuid,
                                             event_id uuid, trigger_key text, status text, error text, job_id bigint)
       where r.job_id is null or r.job_id in (select id from taken)
       on conflict (flow_id, trigger_key) do nothing
       returning id
     ), new_steps as (
       insert into steps (id, workspace_id, run_id, node_id, node_type, status, waiting_reason, idempotency_key,
                          scheduled_for, claim_job, attempts, started_at, lease_until)
       select s.id, s.workspace_id, s.run_id, s.node_id, s.node_type, s.status::"StepStatus", s.waiting_reason,
              s.idempotency_key, s.scheduled_for, s.claim_job,
              case when s.claim_job is null then 0 else 1 end,
              case when s.claim_job is null then null else $2::timestamptz end,
              case when s.claim_job is null then null else $2::timestamptz + $5 * interval '1 millisecond' end
       from jsonb_to_recordset($4::jsonb) as s(id uuid, workspace_id uuid, run_id uuid, node_id text, node_type text,
                                             status text, waiting_reason text, idempotency_key text,
                                             scheduled_for timestamptz, claim_job bigint)
       where s.run_id in (select id from new_runs)
       on conflict (idempotency_key) do nothing
       returning id, run_id, node_id, node_type, status, attempts, idempotency_key, scheduled_for, started_at
     )${
       jobs.length > 0
         ? `, new_jobs as (
       select graphile_worker.add_jobs(array(
         select (j.identifier, j.payload, null, coalesce(j.run_at, now()), j.max_attempts, null, null, null)::graphile_worker.job_spec
         from json_to_recordset($7::json) as j(identifier text, payload json, run_at timestamptz, max_attempts int)))
       where exists (select 1 from new_steps where status = 'scheduled')
     )`
         : ""
     }
     select (select value from no_flush_wait) as synchronous_commit,
            (select coalesce(json_agg(id), '[]') from new_runs) as runs,
            (select coalesce(json_agg(x), '[]') from (${LOADED_FUNCTION_SQL} where f.id = any($6::uuid[])) x) as functions,
            (select coalesce(json_agg(new_steps), '[]') from new_steps) as steps${
              jobs.length > 0 ? ", (select count(*) from new_jobs) as jobs" : ""
            }`,
    values: [
      JSON.stringify(options.runs),
      options.now,
      options.jobIds,
      JSON.stringify(options.steps),
      options.leaseMs,
      options.functionIds,
      ...(jobs.length > 0 ? [JSON.stringify(jobs)] : []),
    ],
  });
  const row = result.rows[0]!;
  return {
    runIds: row.runs,
    functions: row.functions,
    steps: row.steps.map((step) => ({
      ...step,
      scheduled_for: step.scheduled_for === null ? null : new Date(step.scheduled_for),
      started_at: step.started_at === null ? null : new Date(step.started_at),
    })),
  };
}

/**
 * run_steps jobs for first steps not claimed (no claiming job, or not due yet), grouped as
 * enqueueStepJobs groups them. A step whose run turned out to exist already (a retry) is in a
 * job's payload but not in the table: that job claims nothing for it.
 */
function scheduledJobs(steps: readonly TStepRow[]) {
  const byTime = new Map<string | null, string[]>();
  for (const step of steps) {
    if (step.status !== "scheduled") continue;
    const group = byTime.get(step.scheduled_for);
    if (group) group.push(step.id);
    else byTime.set(step.scheduled_for, [step.id]);
  }
  const jobs: { identifier: string; payload: unknown; run_at: string | null; max_attempts: number }[] = [];
  for (const [time, ids] of byTime) {
    for (let index = 0; index < ids.length; index += STEPS_PER_JOB) {
      jobs.push({
        identifier: ENGINE_TASKS.runSteps,
        payload: { stepIds: ids.slice(index, index + STEPS_PER_JOB) },
        run_at: time,
        max_attempts: DEFAULT_MAX_ATTEMPTS,
      });
    }
  }
  return jobs;
}
