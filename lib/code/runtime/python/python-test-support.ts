import type {
  ICodeRuntime,
  IHostBridge,
  TInvocationLimits,
  TInvocationRequest,
  TInvocationResult,
  TSdkMethod,
} from "@/lib/code/runtime/types";
import { DEFAULT_LIMITS } from "@/lib/code/runtime/types";

// Test support for the Python runtime: real runner processes (Pyodide from the memory snapshot)
// behind a recording IHostBridge.

export const TEST_LIMITS: TInvocationLimits = {
  ...DEFAULT_LIMITS,
  cpuMs: 2_000,
  // Generous: this 2-core machine is shared, and a runner's CPU share can be a fraction of a core.
  wallMs: 20_000,
  memoryMb: 96,
};

export type TRecordingBridge = IHostBridge & { sdkCalls: { method: TSdkMethod; args: unknown[] }[] };

/** Answers every SDK call with `{method, args}`, or throws for methods in `failing`. */
export function createRecordingBridge(
  options: { fetch?: IHostBridge["fetch"]; failing?: TSdkMethod[] } = {},
): TRecordingBridge {
  const sdkCalls: TRecordingBridge["sdkCalls"] = [];
  return {
    sdkCalls,
    fetch: options.fetch ?? (async () => Promise.reject(new Error("no fetch in this test"))),
    async sdk(method, args) {
      sdkCalls.push({ method, args });
      if (options.failing?.includes(method)) throw new Error(`${method} refused by the test bridge`);
      return { method, args };
    },
  };
}

let sequence = 0;

export type TPythonRunOptions = Partial<Omit<TInvocationRequest, "limits" | "code" | "language">> & {
  limits?: Partial<TInvocationLimits>;
  bridge?: IHostBridge;
};

export function runPython(
  runtime: ICodeRuntime,
  code: string,
  options: TPythonRunOptions = {},
): Promise<TInvocationResult> {
  const { limits, bridge, ...rest } = options;
  sequence += 1;
  const request: TInvocationRequest = {
    invocationId: `inv-${sequence}`,
    language: "python",
    code,
    cacheKey: `test-${sequence}`,
    workspaceId: "ws-test",
    functionId: "fn-test",
    versionId: "ver-test",
    runId: "run-test",
    event: null,
    profile: { email: "ada@example.com" },
    env: {},
    limits: { ...TEST_LIMITS, ...limits },
    ...rest,
  };
  return runtime.invoke(request, bridge ?? createRecordingBridge());
}

/** Python source from an indented template literal. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values);
  const lines = raw.replace(/^\n/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join("\n");
}
