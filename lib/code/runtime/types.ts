/**
 * The contract between the code-function product (lib/code/functions, the engine's code step
 * handler, the editor's test run) and the sandboxed runtimes (lib/code/runtime/js for
 * isolated-vm, lib/code/runtime/python for Pyodide). Both runtimes take the same request, call
 * back into the host through the same bridge, and answer with the same result, so everything
 * above this line is language-blind.
 */

export type TCodeLanguage = "javascript" | "python";

/** Per-invocation limits; the product clamps workspace settings to the server maxima first. */
export type TInvocationLimits = {
  /** CPU time of synchronous guest code (isolated-vm `timeout`; Python interrupt buffer). */
  cpuMs: number;
  /** Wall clock from start to result, including awaits and bridge calls; the isolate/child is disposed past it. */
  wallMs: number;
  memoryMb: number;
  maxFetches: number;
  fetchTimeoutMs: number;
  maxFetchResponseBytes: number;
  /** Captured console output; past it lines are dropped and `logsTruncated` is set. */
  maxLogBytes: number;
  /** Serialised (JSON) size of the return value. */
  maxReturnBytes: number;
};

export const DEFAULT_LIMITS: TInvocationLimits = {
  cpuMs: 12_000,
  wallMs: 12_000,
  memoryMb: 128,
  maxFetches: 20,
  fetchTimeoutMs: 10_000,
  maxFetchResponseBytes: 1024 * 1024,
  maxLogBytes: 64 * 1024,
  maxReturnBytes: 256 * 1024,
};

export type TInvocationRequest = {
  invocationId: string;
  language: TCodeLanguage;
  /**
   * JavaScript: the esbuild output of the user's module (a CommonJS-style body using `module`,
   * `exports` and `require` for the allowlisted modules, with an inline source map; see
   * lib/code/compile.ts). Python: the user's source as written.
   */
  code: string;
  /** Cache key for warm contexts: a function version never changes, so its code is reusable. */
  cacheKey: string;
  workspaceId: string;
  functionId: string;
  versionId: string | null;
  runId: string | null;
  /** null when the run was not started by an event. */
  event: unknown | null;
  profile: unknown;
  /** The function's environment variables (decrypted secrets), exposed as `context.env`. */
  env: Record<string, string>;
  limits: TInvocationLimits;
};

/** What the guest may ask of the host. Every call is scoped to the request's workspace. */
export type TFetchRequest = {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
};

export type TFetchResponse = {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
};

export type TSdkMethod = "getProfile" | "updateProfile" | "addToList" | "removeFromList" | "createEvent";

export interface IHostBridge {
  /** Performs the request through the SSRF guard; throws an Error whose message the guest sees. */
  fetch(request: TFetchRequest): Promise<TFetchResponse>;
  /** Validates, applies (or records, on a dry run) and returns the SDK call's result. */
  sdk(method: TSdkMethod, args: unknown[]): Promise<unknown>;
}

export type TLogLine = { level: "log" | "info" | "warn" | "error" | "debug"; message: string; at: number };

export type TFetchRecord = {
  method: string;
  url: string;
  status: number | null;
  durationMs: number;
  error: string | null;
};

export type TSdkRecord = { method: TSdkMethod; args: unknown[]; ok: boolean; error: string | null };

export type TInvocationStatus = "ok" | "error" | "timeout" | "memory" | "crashed";

export type TInvocationResult = {
  status: TInvocationStatus;
  /** The handler's return value (JSON-safe), null on failure. */
  returnValue: unknown;
  logs: TLogLine[];
  logsTruncated: boolean;
  fetches: TFetchRecord[];
  sdkCalls: TSdkRecord[];
  /** Set when status is not "ok"; `line`/`column` point into the user's source when known. */
  error: {
    name: string;
    message: string;
    stack: string | null;
    line: number | null;
    column: number | null;
  } | null;
  durationMs: number;
  cpuMs: number | null;
  memoryBytes: number | null;
};

export interface ICodeRuntime {
  invoke(request: TInvocationRequest, bridge: IHostBridge): Promise<TInvocationResult>;
  /** Stops runner processes; pending invocations end with status "crashed". */
  close(): Promise<void>;
}
