import { createJavaScriptRuntime, type TJavaScriptRuntimeOptions } from "./js/js-runtime";
import type { ICodeRuntime, IHostBridge, TInvocationRequest, TInvocationResult } from "./types";

export type TCodeRuntimeOptions = {
  javascript?: TJavaScriptRuntimeOptions;
};

/**
 * One entry point for both languages: JavaScript runs in isolated-vm isolates inside a supervised
 * runner process (lib/code/runtime/js); Python in Pyodide child processes (lib/code/runtime/python).
 */
export function createCodeRuntime(options: TCodeRuntimeOptions = {}): ICodeRuntime {
  const javascript = createJavaScriptRuntime(options.javascript);
  const python = createPythonRuntimeIfAvailable();
  return {
    invoke(request: TInvocationRequest, bridge: IHostBridge): Promise<TInvocationResult> {
      if (request.language === "javascript") return javascript.invoke(request, bridge);
      if (request.language === "python" && python) return python.invoke(request, bridge);
      return Promise.resolve(
        unavailableResult(`${request.language} functions are not available on this server`),
      );
    },
    async close() {
      await Promise.all([javascript.close(), python?.close()]);
    },
  };
}

function createPythonRuntimeIfAvailable(): ICodeRuntime | null {
  return null;
}

function unavailableResult(message: string): TInvocationResult {
  return {
    status: "error",
    returnValue: null,
    logs: [],
    logsTruncated: false,
    fetches: [],
    sdkCalls: [],
    error: { name: "RuntimeUnavailable", message, stack: null, line: null, column: null },
    durationMs: 0,
    cpuMs: null,
    memoryBytes: null,
  };
}

// One runtime per process (the Next server, the worker), shared across hot reloads in dev.
const globalForCodeRuntime = globalThis as unknown as { hookflowCodeRuntime?: ICodeRuntime };

export function getCodeRuntime(): ICodeRuntime {
  globalForCodeRuntime.hookflowCodeRuntime ??= createCodeRuntime();
  return globalForCodeRuntime.hookflowCodeRuntime;
}

/** Stops the process-wide runtime's runners (worker and server shutdown); in-flight invocations end "crashed". */
export async function closeCodeRuntime(): Promise<void> {
  const runtime = globalForCodeRuntime.hookflowCodeRuntime;
  globalForCodeRuntime.hookflowCodeRuntime = undefined;
  await runtime?.close();
}
