import type pg from "pg";
import { allocateRateSlots } from "@/lib/code/dispatch/allocate-rate-slots";
import { readCodeSettings } from "@/lib/code/functions/settings-schema";
import { notRunResult, recordInvocation } from "@/lib/code/record-invocation";
import { ENGINE_TASKS, enqueueJobs, type TJobSpec } from "@/lib/engine/queue";
import { maxEventDepth } from "@/lib/engine/trigger-events";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { CODE_FORBIDDEN_METRICS } from "@/lib/metrics/message-metrics";

export type TCodeInvokePayload = {
  functionId: string;
  workspaceId: string;
  eventIds: string[];
  attempt: number;
};

type TDispatchRow = {
  function_id: string;
  workspace_id: string;
  version_id: string;
  version_settings: unknown;
  event_id: string;
  profile_id: string;
  metric_name: string;
  depth: number;
};

/**
 * The code dispatch job of one ingestion batch: for every deployed function subscribed to an
 * event's metric, queues its invocation under the function's rate limit (one invoke job per
 * function and start time), in ONE transaction. Events from write-back chains deeper than the
 * engine's limit are not invoked: a "stopped" invocation says why (the engine's loop guard, the
 * same limit flows use). `jobKey`: removed in this transaction, so a worker dying after the
 * commit does not queue the invocations twice.
 */
export async function dispatchCodeEvents(options: {
  eventIds: readonly string[];
  database: pg.Pool;
  jobKey?: string | null;
  now?: () => Date;
  maxDepth?: number;
}): Promise<{ queued: number; stopped: number }> {
  const maxDepth = options.maxDepth ?? maxEventDepth();
  return withPgTransaction(
    async (tx) => {
      const now = options.now?.() ?? new Date();
      const loaded = await tx.query<TDispatchRow>(
        `with ids as (select id, ord from unnest($1::uuid[]) with ordinality as t(id, ord))
         select f.id as function_id, f.workspace_id, v.id as version_id, v.settings as version_settings,
                e.id as event_id, e.profile_id, m.name as metric_name, e.depth
         from ids
         join events e on e.id = ids.id
         join metrics m on m.id = e.metric_id and m.name <> all($2::text[])
         join code_function_topics t on t.metric_id = e.metric_id
         join code_functions f on f.id = t.function_id and f.workspace_id = e.workspace_id
         join code_function_versions v on v.id = f.deployed_version_id
         order by f.id, ids.ord`,
        [options.eventIds, CODE_FORBIDDEN_METRICS],
      );
      const byFunction = new Map<string, TDispatchRow[]>();
      for (const row of loaded.rows)
        byFunction.set(row.function_id, [...(byFunction.get(row.function_id) ?? []), row]);
      const jobs: TJobSpec[] = [];
      let stopped = 0;
      for (const [functionId, rows] of byFunction) {
        const tooDeep = rows.filter((row) => row.depth > maxDepth);
        const runnable = rows.filter((row) => row.depth <= maxDepth);
        for (const row of tooDeep) await recordLoopStop(tx, row, maxDepth);
        stopped += tooDeep.length;
        const slots = await allocateRateSlots(tx, {
          functionId,
          perSecond: readCodeSettings(rows[0]!.version_settings).rateLimitPerSecond,
          count: runnable.length,
          earliest: now,
        });
        jobs.push(
          ...invokeJobs(
            rows[0]!.workspace_id,
            functionId,
            runnable.map((row) => row.event_id),
            slots,
            1,
            now,
          ),
        );
      }
      await enqueueJobs(tx, jobs);
      if (options.jobKey) await tx.query("select graphile_worker.remove_job($1)", [options.jobKey]);
      return { queued: loaded.rows.length - stopped, stopped };
    },
    { database: options.database },
  );
}

/**
 * One invoke job per distinct start time (a window's worth of events), attempt `attempt`. A job
 * due at `now` gets the database's now() instead: it is then taken at once on the NOTIFY, rather
 * than at the next poll should this process's clock run a little ahead of the server's.
 */
export function invokeJobs(
  workspaceId: string,
  functionId: string,
  eventIds: readonly string[],
  slots: readonly Date[],
  attempt: number,
  now?: Date,
): TJobSpec[] {
  const byTime = new Map<number, string[]>();
  eventIds.forEach((eventId, index) => {
    const at = slots[index]!.getTime();
    byTime.set(at, [...(byTime.get(at) ?? []), eventId]);
  });
  return [...byTime].map(([at, ids]) => ({
    task: ENGINE_TASKS.invokeCode,
    payload: { functionId, workspaceId, eventIds: ids, attempt } satisfies TCodeInvokePayload,
    runAt: now && at <= now.getTime() ? null : new Date(at),
  }));
}

async function recordLoopStop(tx: TPgTx, row: TDispatchRow, maxDepth: number) {
  await recordInvocation(tx, {
    id: uuidv7(),
    workspaceId: row.workspace_id,
    functionId: row.function_id,
    versionId: row.version_id,
    trigger: "event",
    runId: null,
    stepId: null,
    profileId: row.profile_id,
    triggerEventId: row.event_id,
    metricName: row.metric_name,
    dispatchKey: `${row.event_id}:1`,
    attempt: 1,
    isTest: false,
    isDryRun: false,
    result: notRunResult(
      "stopped",
      "LoopStopped",
      `Not run: this event was produced by a chain of more than ${maxDepth} code write-backs (a function creating events that invoke it again?)`,
    ),
    sdkCalls: [],
    outputs: null,
    outputProblems: [],
  });
}
