import type pg from "pg";
import { allocateRateSlots } from "@/lib/code/dispatch/allocate-rate-slots";
import { invokeJobs, type TCodeInvokePayload } from "@/lib/code/dispatch/dispatch-code-events";
import { readCodeSettings } from "@/lib/code/functions/settings-schema";
import { InvocationSetupError, invokeCodeFunction } from "@/lib/code/invoke-function";
import { notRunResult, recordInvocation } from "@/lib/code/record-invocation";
import type { ICodeRuntime } from "@/lib/code/runtime/types";
import { type TInvocationEvent, toInvocationProfile } from "@/lib/code/sdk/invocation-shapes";
import { loadSubjects } from "@/lib/engine/load-subjects";
import { enqueueJobs } from "@/lib/engine/queue";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { moduleLog } from "@/lib/log";

/** Klaviyo's figure: 3 retries after the first attempt. */
export const CODE_EVENT_MAX_ATTEMPTS = 4;
const DEFAULT_RETRY_BASE_MS = 5_000;
/** Invocations of one job run this many at a time (the runner serves several isolates). */
const JOB_CONCURRENCY = 4;

export type TCodeInvokeOptions = {
  database: pg.Pool;
  runtime?: () => ICodeRuntime;
  now?: () => Date;
  /** First retry delay; each further attempt waits 3× longer (5 s, 15 s, 45 s by default). */
  retryBaseMs?: number;
};

type TEventRow = TInvocationEvent & { profileId: string; depth: number };

/**
 * The invoke job: runs one function's deployed version for a window's worth of events (each with
 * its event and profile) and records each invocation under the dispatch key
 * "<eventId>:<attempt>". A key already recorded is skipped (the job retried after a crash).
 * Failed invocations are queued again — through the rate limit, after 5 s × 3^(attempt-1) — until
 * the 4th attempt, whose failure stays recorded as the final one. A function deleted or no longer
 * deployed records nothing more / a not-run row, without retries.
 */
export async function invokeCodeForEvents(payload: TCodeInvokePayload, options: TCodeInvokeOptions) {
  const { functionId, workspaceId, attempt } = payload;
  const keyOf = (eventId: string) => `${eventId}:${attempt}`;
  const done = await options.database.query<{ dispatch_key: string }>(
    "select dispatch_key from code_invocations where function_id = $1 and dispatch_key = any($2::text[])",
    [functionId, payload.eventIds.map(keyOf)],
  );
  const recorded = new Set(done.rows.map((row) => row.dispatch_key));
  const events = await loadEvents(
    options.database,
    workspaceId,
    payload.eventIds.filter((id) => !recorded.has(keyOf(id))),
  );
  const subjects = await loadSubjects(
    options.database,
    events.map((event) => event.profileId),
    { listIds: new Set(), segmentIds: new Set() },
  );
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < events.length; index = next++) {
      const event = events[index]!;
      const subject = subjects.get(event.profileId);
      if (!subject) continue;
      const { profileId: _profileId, depth, ...invocationEvent } = event;
      try {
        const outcome = await invokeCodeFunction({
          workspaceId,
          functionId,
          target: { kind: "deployed" },
          trigger: "event",
          event: invocationEvent,
          eventDepth: depth,
          profile: toInvocationProfile(subject.profile),
          dispatchKey: keyOf(event.id),
          attempt,
          runtime: options.runtime?.(),
          database: options.database,
        });
        if (outcome.result.status !== "ok") failed.push(event.id);
      } catch (error) {
        if (!(error instanceof InvocationSetupError)) throw error;
        await recordSetupFailure(options.database, payload, event, error.message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(JOB_CONCURRENCY, events.length) }, worker));
  if (failed.length > 0 && attempt < CODE_EVENT_MAX_ATTEMPTS) await queueRetries(payload, failed, options);
  return { invoked: events.length, failed: failed.length };
}

async function queueRetries(payload: TCodeInvokePayload, eventIds: string[], options: TCodeInvokeOptions) {
  const now = options.now?.() ?? new Date();
  const delay = (options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS) * 3 ** (payload.attempt - 1);
  await withPgTransaction(
    async (tx) => {
      const version = await tx.query<{ settings: unknown }>(
        `select v.settings from code_functions f join code_function_versions v on v.id = f.deployed_version_id
         where f.id = $1`,
        [payload.functionId],
      );
      if (!version.rows[0]) return;
      const slots = await allocateRateSlots(tx, {
        functionId: payload.functionId,
        perSecond: readCodeSettings(version.rows[0].settings).rateLimitPerSecond,
        count: eventIds.length,
        earliest: new Date(now.getTime() + delay),
      });
      await enqueueJobs(
        tx,
        invokeJobs(payload.workspaceId, payload.functionId, eventIds, slots, payload.attempt + 1),
      );
    },
    { database: options.database },
  );
  moduleLog("code").info(
    {
      functionId: payload.functionId,
      retries: eventIds.length,
      attempt: payload.attempt + 1,
      delayMs: delay,
    },
    "code invocations queued for retry",
  );
}

async function loadEvents(
  database: pg.Pool,
  workspaceId: string,
  eventIds: readonly string[],
): Promise<TEventRow[]> {
  if (eventIds.length === 0) return [];
  const rows = await database.query<{
    id: string;
    metric_id: string;
    metric_name: string;
    properties: Record<string, unknown>;
    time: Date;
    value: number | null;
    unique_id: string;
    profile_id: string;
    depth: number;
  }>(
    `select e.id, e.metric_id, m.name as metric_name, e.properties, e.time, e.value::float8 as value, e.unique_id,
            e.profile_id, e.depth
     from unnest($1::uuid[]) with ordinality as ids(id, ord)
     join events e on e.id = ids.id and e.workspace_id = $2
     join metrics m on m.id = e.metric_id
     order by ids.ord`,
    [eventIds, workspaceId],
  );
  return rows.rows.map((row) => ({
    id: row.id,
    metric: { id: row.metric_id, name: row.metric_name },
    properties: row.properties,
    time: row.time.toISOString(),
    value: row.value,
    uniqueId: row.unique_id,
    profileId: row.profile_id,
    depth: row.depth,
  }));
}

async function recordSetupFailure(
  database: pg.Pool,
  payload: TCodeInvokePayload,
  event: TEventRow,
  message: string,
) {
  await recordInvocation(database, {
    id: uuidv7(),
    workspaceId: payload.workspaceId,
    functionId: payload.functionId,
    versionId: null,
    trigger: "event",
    runId: null,
    stepId: null,
    profileId: event.profileId,
    triggerEventId: event.id,
    metricName: event.metric.name,
    dispatchKey: `${event.id}:${payload.attempt}`,
    attempt: payload.attempt,
    isTest: false,
    isDryRun: false,
    result: notRunResult("error", "NotRunnable", message),
    sdkCalls: [],
    outputs: null,
    outputProblems: [],
  }).catch((error: unknown) => {
    // The function was deleted meanwhile (foreign key): nothing left to log against.
    if ((error as { code?: string }).code !== "23503") throw error;
  });
}
