import { createJavaScriptRuntime, type TJavaScriptRuntimeOptions } from "./js/js-runtime";
import { createPythonRuntime, type TPythonRuntimeOptions } from "./python";
import type { ICodeRuntime, IHostBridge, TInvocationRequest, TInvocationResult } from "./types";

export type TCodeRuntimeOptions = {
  javascript?: TJavaScriptRuntimeOptions;
  /** false: Python functions answer "not available" (a server without Pyodide). */
  python?: TPythonRuntimeOptions | false;
};

/**
 * One entry point for both languages: JavaScript runs in isolated-vm isolates inside a supervised
 * runner process (lib/code/runtime/js); Python in Pyodide child processes (lib/code/runtime/python).
 */
export function createCodeRuntime(options: TCodeRuntimeOptions = {}): ICodeRuntime {
  const javascript = createJavaScriptRuntime(options.javascript);
  // Created on the first Python invocation: a server whose functions are all JavaScript never
  // starts Pyodide runners (~100–150 MB each).
  let python: ICodeRuntime | null = null;
  return {
    invoke(request: TInvocationRequest, bridge: IHostBridge): Promise<TInvocationResult> {
      if (request.language === "javascript") return javascript.invoke(request, bridge);
      if (request.language === "python" && options.python !== false) {
        python ??= createPythonRuntime(options.python);
        return python.invoke(request, bridge);
      }
      return Promise.resolve(
        unavailableResult(`${request.language} functions are not available on this server`),
      );
    },
    async close() {
      await Promise.all([javascript.close(), python?.close()]);
    },
  };
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
