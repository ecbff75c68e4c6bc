import type {
  TFetchRecord,
  TInvocationLimits,
  TInvocationResult,
  TInvocationStatus,
  TLogLine,
  TSdkRecord,
} from "../types";

const STATUSES = new Set<TInvocationStatus>(["ok", "error", "timeout", "memory", "crashed"]);
const LOG_LEVELS = new Set<TLogLine["level"]>(["log", "info", "warn", "error", "debug"]);
const MAX_ERROR_TEXT = 16 * 1024;

/**
 * Turns a runner's `result` frame into the contract's result, re-applying every cap on the host:
 * the runner normally enforces them itself, but a guest that escaped into the runner's JavaScript
 * could send anything.
 */
export function shapeRunnerResult(
  frame: Record<string, unknown>,
  context: { limits: TInvocationLimits; durationMs: number; fetches: TFetchRecord[]; sdkCalls: TSdkRecord[] },
): TInvocationResult {
  const base = {
    fetches: context.fetches,
    sdkCalls: context.sdkCalls,
    durationMs: Math.round(context.durationMs * 100) / 100,
    cpuMs: typeof frame.cpuMs === "number" ? frame.cpuMs : null,
    memoryBytes: typeof frame.memoryBytes === "number" ? frame.memoryBytes : null,
  };
  let outcome: Record<string, unknown>;
  try {
    outcome = JSON.parse(String(frame.result)) as Record<string, unknown>;
  } catch {
    return {
      ...base,
      logs: [],
      logsTruncated: false,
      ...failure("crashed", "RunnerProtocolError", "the runner's result is not JSON"),
    };
  }
  const status = STATUSES.has(outcome.status as TInvocationStatus)
    ? (outcome.status as TInvocationStatus)
    : "crashed";
  const { logs, logsTruncated } = capLogs(
    outcome.logs,
    context.limits.maxLogBytes,
    outcome.logsTruncated === true,
  );
  if (status !== "ok") {
    return { ...base, status, returnValue: null, logs, logsTruncated, error: shapeError(outcome.error) };
  }
  const returnJson = typeof outcome.returnJson === "string" ? outcome.returnJson : "null";
  const returnBytes = Buffer.byteLength(returnJson, "utf8");
  if (returnBytes > context.limits.maxReturnBytes) {
    const message = `the return value is ${returnBytes} bytes as JSON, over the limit of ${context.limits.maxReturnBytes} bytes`;
    return { ...base, logs, logsTruncated, ...failure("error", "LimitError", message) };
  }
  try {
    return { ...base, status: "ok", returnValue: JSON.parse(returnJson), logs, logsTruncated, error: null };
  } catch {
    return {
      ...base,
      logs,
      logsTruncated,
      ...failure("crashed", "RunnerProtocolError", "the return value is not JSON"),
    };
  }
}

function failure(status: TInvocationStatus, name: string, message: string) {
  return { status, returnValue: null, error: { name, message, stack: null, line: null, column: null } };
}

function capLogs(input: unknown, maxBytes: number, wasTruncated: boolean) {
  const logs: TLogLine[] = [];
  let bytes = 0;
  let logsTruncated = wasTruncated;
  for (const line of Array.isArray(input) ? input : []) {
    const message = typeof line?.message === "string" ? line.message : String(line?.message ?? "");
    bytes += Buffer.byteLength(message, "utf8");
    if (bytes > maxBytes) {
      logsTruncated = true;
      break;
    }
    const level = LOG_LEVELS.has(line?.level) ? line.level : "log";
    logs.push({ level, message, at: typeof line?.at === "number" ? line.at : Date.now() });
  }
  return { logs, logsTruncated };
}

function shapeError(input: unknown): TInvocationResult["error"] {
  const error = (input ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value.slice(0, MAX_ERROR_TEXT) : null);
  const position = (value: unknown) => (typeof value === "number" && Number.isInteger(value) ? value : null);
  return {
    name: text(error.name) ?? "Error",
    message: text(error.message) ?? "the function failed",
    stack: text(error.stack),
    line: position(error.line),
    column: position(error.column),
  };
}
