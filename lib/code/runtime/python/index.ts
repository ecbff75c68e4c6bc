/**
 * The Python code runtime: user handlers run in Pyodide inside a pool of runner processes.
 *
 * What protects the host (each layer assumes the one before it can fail):
 * 1. Pyodide gives guest Python no host modules (`import js` is an empty object), but it is not
 *    a sandbox: `pyodide_js` / `pyodide.ffi` reach the runner's JavaScript and its `process`.
 * 2. So the runner is a separate Node process under the permission model: read access to the
 *    Pyodide files, the runner's own sources and the snapshot only; no writes, no child
 *    processes, no worker threads, no native addons, no WASI, no inspector. It starts with an
 *    empty environment (no DATABASE_URL, no app key, no other function's secrets).
 * 3. Where the OS allows it (Linux; root, or unprivileged user namespaces), the runner is in its
 *    own network namespace (no interface but a down loopback: it cannot connect anywhere, not
 *    even to 127.0.0.1) and PID namespace (it cannot signal the host or PostgreSQL), as `nobody`
 *    when the host is root. HTTP goes only through `hookflow.http` → IHostBridge.fetch (the host's
 *    SSRF-guarded fetch). WHERE THIS IS NOT AVAILABLE (macOS, Windows, containers without
 *    CAP_SYS_ADMIN and without user namespaces), a guest that escapes into the runner's JavaScript
 *    can open network connections from the server (including to the database port and cloud
 *    metadata addresses) and signal processes of the same user; the permission model and the
 *    empty environment still deny files and secrets. `isolation` in `runtime.describe()` says
 *    which case applies; production should run where it is "namespaces-*".
 * 4. Limits: WebAssembly memory capped per request (growth refused → MemoryError) under a hard
 *    V8 ceiling (--wasm-max-mem-pages); the V8 heap capped (--max-old-space-size); CPU stopped
 *    by Pyodide's interrupt buffer (KeyboardInterrupt at the CPU budget, also after awaits); the
 *    wall clock enforced by killing the runner; IPC frames size-capped and checked on the host.
 * 5. A runner serves one workspace for its whole life (see pool.ts) and is replaced after any
 *    timeout, memory error or crash.
 */
import path from "node:path";
import type { ICodeRuntime, IHostBridge, TInvocationRequest, TInvocationResult } from "../types";
import { PythonPool } from "./pool";
import { detectSandboxCommand, type TSandboxIsolation } from "./sandbox-command";
import { ensureSnapshot } from "./snapshot";

export type TPythonRuntimeOptions = {
  /** Warm runners kept ready for workspaces that have none (default 2). */
  warmRunners?: number;
  /** Most runner processes at once (default 4; each is ~210 MB resident, measured). */
  maxRunners?: number;
  /** Hard ceiling of a runner's WebAssembly heap; requests ask for less (default 256). */
  maxMemoryMb?: number;
  /** Bound runners idle this long are stopped (default 60 s). */
  idleRunnerMs?: number;
  maxInvocationsPerRunner?: number;
  /** Where the memory snapshot is cached (default `.data/pyodide` under the working directory). */
  snapshotDir?: string;
  /** The project root that holds node_modules/pyodide and lib/code/runtime/python/child. */
  rootDir?: string;
  /** "auto" (default): the strongest OS isolation that works here; "none": permission model only. */
  isolation?: "auto" | "none";
};

export type TPythonRuntime = ICodeRuntime & {
  /** Makes the snapshot if needed and starts the warm runners. */
  warmUp(): Promise<void>;
  describe(): {
    isolation: TSandboxIsolation;
    runners: number;
    runnerPids: number[];
    bootTimesMs: number[];
    bootCpuMs: number[];
  };
};

export function createPythonRuntime(options: TPythonRuntimeOptions = {}): TPythonRuntime {
  const rootDir = options.rootDir ?? process.cwd();
  const pyodideDir = path.join(rootDir, "node_modules", "pyodide");
  const childDir = path.join(rootDir, "lib", "code", "runtime", "python", "child");
  const snapshotDir = options.snapshotDir ?? path.join(rootDir, ".data", "pyodide");
  const maxMemoryMb = options.maxMemoryMb ?? 256;
  const sandbox =
    options.isolation === "none"
      ? { isolation: "none" as const, prefix: [] }
      : detectSandboxCommand([
          path.join(pyodideDir, "package.json"),
          path.join(childDir, "python-child.mjs"),
        ]);

  const pool = new PythonPool({
    spawn: async () => ({
      entry: path.join(childDir, "python-child.mjs"),
      pyodideDir,
      childDir,
      snapshotFile: await ensureSnapshot({ snapshotDir, pyodideDir, childDir }),
      maxMemoryMb,
      sandbox,
    }),
    warmRunners: options.warmRunners ?? 2,
    maxRunners: Math.max(1, options.maxRunners ?? 4),
    idleRunnerMs: options.idleRunnerMs ?? 60_000,
    maxInvocationsPerRunner: options.maxInvocationsPerRunner ?? 500,
    recycleAboveMemoryBytes: 64 * 1024 * 1024,
  });

  async function invoke(request: TInvocationRequest, bridge: IHostBridge): Promise<TInvocationResult> {
    const startedAt = performance.now();
    if (request.language !== "python") {
      return failed("error", "RuntimeError", `the Python runtime cannot run ${request.language}`, startedAt);
    }
    try {
      await pool.prepare();
      const runner = await pool.acquire(request.workspaceId);
      const result = await runner.invoke(request, bridge);
      pool.release(runner, result);
      return result;
    } catch (error) {
      return failed(
        "crashed",
        "RunnerUnavailable",
        error instanceof Error ? error.message : String(error),
        startedAt,
      );
    }
  }

  return {
    invoke,
    close: () => pool.close(),
    async warmUp() {
      await pool.prepare();
      await pool.warmUp();
    },
    describe: () => ({
      isolation: sandbox.isolation,
      runners: pool.size,
      runnerPids: pool.pids,
      bootTimesMs: [...pool.bootTimesMs],
      bootCpuMs: [...pool.bootCpuMs],
    }),
  };
}

function failed(
  status: TInvocationResult["status"],
  name: string,
  message: string,
  startedAt: number,
): TInvocationResult {
  return {
    status,
    returnValue: null,
    logs: [],
    logsTruncated: false,
    fetches: [],
    sdkCalls: [],
    error: { name, message, stack: null, line: null, column: null },
    durationMs: Math.round(performance.now() - startedAt),
    cpuMs: null,
    memoryBytes: null,
  };
}
