import { compileJavaScript } from "@/lib/code/compile";
import type {
  ICodeRuntime,
  IHostBridge,
  TInvocationLimits,
  TInvocationRequest,
  TInvocationResult,
  TSdkMethod,
} from "@/lib/code/runtime/types";
import { DEFAULT_LIMITS } from "@/lib/code/runtime/types";

// Test support for the JavaScript runtime: compile a module as the product does at save time, then
// invoke it through a real runtime (real runner process, real isolates).

export const TEST_LIMITS: TInvocationLimits = {
  ...DEFAULT_LIMITS,
  cpuMs: 1_000,
  wallMs: 2_000,
  memoryMb: 32,
};

let sequence = 0;

export async function compileOrThrow(source: string): Promise<string> {
  const compiled = await compileJavaScript(source);
  if (compiled.errors.length > 0) throw new Error(`compile: ${JSON.stringify(compiled.errors)}`);
  return compiled.code;
}

export type TRunOptions = Partial<Omit<TInvocationRequest, "limits" | "code" | "language">> & {
  limits?: Partial<TInvocationLimits>;
  bridge?: IHostBridge;
};

export async function runFunction(
  runtime: ICodeRuntime,
  source: string,
  options: TRunOptions = {},
): Promise<TInvocationResult> {
  const code = await compileOrThrow(source);
  sequence++;
  const { bridge, limits, ...rest } = options;
  return runtime.invoke(
    {
      invocationId: `inv-${sequence}`,
      language: "javascript",
      code,
      cacheKey: `test:${source}`,
      workspaceId: "ws-test",
      functionId: "fn-test",
      versionId: null,
      runId: null,
      event: null,
      profile: { id: "profile-1", email: "ada@example.com" },
      env: {},
      ...rest,
      limits: { ...TEST_LIMITS, ...limits },
    },
    bridge ?? createRecordingBridge().bridge,
  );
}

/** A bridge whose SDK answers from a handler and records every call; fetch refuses unless given. */
export function createRecordingBridge(
  options: { sdk?: (method: TSdkMethod, args: unknown[]) => unknown; fetch?: IHostBridge["fetch"] } = {},
) {
  const calls: { method: TSdkMethod; args: unknown[] }[] = [];
  const bridge: IHostBridge = {
    fetch: options.fetch ?? (async () => Promise.reject(new Error("fetch is not available in this test"))),
    sdk: async (method, args) => {
      calls.push({ method, args });
      return options.sdk ? options.sdk(method, args) : { ok: true };
    },
  };
  return { bridge, calls };
}
