import type { TFetchRecord, TLogLine, TSdkRecord } from "@/lib/code/runtime/types";
import type { TInvocationView } from "./invocation-result-view";

/**
 * One shape for the Test tab's answer and a stored invocation row (whose log columns are JSON):
 * both carry the runtime's result fields under the same names.
 */
export type TInvocationLike = {
  status: string;
  returnValue?: unknown;
  outputs?: unknown;
  logs?: unknown;
  logsTruncated?: boolean;
  fetches?: unknown;
  sdkCalls?: unknown;
  error?: unknown;
  durationMs?: number | null;
  cpuMs?: number | null;
  memoryBytes?: number | null;
  isDryRun?: boolean;
};

export function toInvocationView(invocation: TInvocationLike): TInvocationView {
  return {
    status: invocation.status,
    returnValue: invocation.returnValue ?? null,
    outputs: isRecord(invocation.outputs) ? invocation.outputs : null,
    logs: arrayOf<TLogLine>(invocation.logs),
    logsTruncated: invocation.logsTruncated ?? false,
    fetches: arrayOf<TFetchRecord>(invocation.fetches),
    sdkCalls: arrayOf<TSdkRecord & { applied?: boolean }>(invocation.sdkCalls),
    error: isRecord(invocation.error)
      ? {
          name: String(invocation.error.name ?? "Error"),
          message: String(invocation.error.message ?? ""),
          stack: typeof invocation.error.stack === "string" ? invocation.error.stack : null,
          line: typeof invocation.error.line === "number" ? invocation.error.line : null,
          column: typeof invocation.error.column === "number" ? invocation.error.column : null,
        }
      : null,
    durationMs: invocation.durationMs ?? null,
    cpuMs: invocation.cpuMs ?? null,
    memoryBytes: invocation.memoryBytes ?? null,
    isDryRun: invocation.isDryRun ?? false,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
