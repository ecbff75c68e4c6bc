import type { TInvocationResult } from "@/lib/code/runtime/types";
import type { TSdkCallRecord } from "@/lib/code/sdk/host-sdk";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/** What the Logs tab keeps of one invocation's console output (the runtime caps it first). */
const MAX_STORED_LOG_LINES = 1_000;

export type TInvocationRecord = {
  id: string;
  workspaceId: string;
  functionId: string;
  versionId: string | null;
  trigger: "event" | "flow" | "test";
  runId: string | null;
  stepId: string | null;
  profileId: string | null;
  triggerEventId: string | null;
  metricName: string | null;
  dispatchKey: string | null;
  attempt: number;
  isTest: boolean;
  isDryRun: boolean;
  result: TInvocationResult;
  sdkCalls: readonly TSdkCallRecord[];
  outputs: Record<string, unknown> | null;
  outputProblems: readonly string[];
};

/**
 * Inserts the invocation's row. A dispatch key already recorded (a queue job retried after a
 * crash) keeps the first row: returns false. The unique index holds only rows with a key (partial:
 * a flow step's invocation has none), so the conflict target names that predicate.
 */
export async function recordInvocation(db: TPgTx, record: TInvocationRecord): Promise<boolean> {
  const { result } = record;
  const logs = result.logs.slice(0, MAX_STORED_LOG_LINES);
  for (const problem of record.outputProblems) logs.push({ level: "warn", message: problem, at: Date.now() });
  const inserted = await db.query(
    `insert into code_invocations (id, workspace_id, function_id, version_id, trigger, run_id, step_id, profile_id,
       trigger_event_id, metric_name, dispatch_key, attempt, is_test, is_dry_run, status, duration_ms, cpu_ms,
       memory_bytes, logs, logs_truncated, error, fetches, sdk_calls, return_value, outputs)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::"CodeInvocationStatus", $16, $17,
       $18, $19, $20, $21, $22, $23, $24, $25)
     on conflict (function_id, dispatch_key) where dispatch_key is not null do nothing`,
    [
      record.id,
      record.workspaceId,
      record.functionId,
      record.versionId,
      record.trigger,
      record.runId,
      record.stepId,
      record.profileId,
      record.triggerEventId,
      record.metricName,
      record.dispatchKey,
      record.attempt,
      record.isTest,
      record.isDryRun,
      result.status,
      Math.round(result.durationMs),
      result.cpuMs,
      result.memoryBytes === null ? null : Math.min(Math.round(result.memoryBytes), 2_147_483_647),
      JSON.stringify(logs),
      result.logsTruncated || result.logs.length > MAX_STORED_LOG_LINES,
      result.error ? JSON.stringify(result.error) : null,
      JSON.stringify(result.fetches),
      JSON.stringify(record.sdkCalls.length > 0 ? record.sdkCalls : result.sdkCalls),
      result.returnValue === undefined ? null : JSON.stringify(result.returnValue),
      record.outputs ? JSON.stringify(record.outputs) : null,
    ],
  );
  return (inserted.rowCount ?? 0) > 0;
}

/** A row for an invocation that did not run (loop guard, nothing deployed): the Logs tab says why. */
export function notRunResult(status: "error" | "stopped", name: string, message: string): TInvocationResult {
  return {
    status: status as TInvocationResult["status"],
    returnValue: null,
    logs: [],
    logsTruncated: false,
    fetches: [],
    sdkCalls: [],
    error: { name, message, stack: null, line: null, column: null },
    durationMs: 0,
    cpuMs: null,
    memoryBytes: null,
  };
}
