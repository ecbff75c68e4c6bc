import { createInvocationFetch } from "@/lib/code/runtime/host-fetch";
import type {
  ICodeRuntime,
  IHostBridge,
  TFetchRequest,
  TInvocationRequest,
  TInvocationResult,
  TLogLine,
  TSdkMethod,
  TSdkRecord,
} from "@/lib/code/runtime/types";
import { bundleModule, findRequiredBundledModules } from "./bundle-modules";
import type { TRunnerIsolation } from "./runner-isolation";
import {
  createRunnerProcess,
  type TRunnerMessage,
  type TRunnerPermissions,
  type TRunnerSlot,
} from "./runner-process";
import { createSourceMapper, mapStackToUserSource, type TSourceMapper } from "./source-map";

// The host half of the JavaScript runtime: sends invocations to the supervised runner process,
// answers its host calls (fetch through the per-invocation guard, SDK through the bridge), and
// turns its answers into TInvocationResult with error positions mapped to the user's lines.

/**
 * Kept on the user's first line, so the compiled code's line numbers are unchanged. Strict, as
 * the ES module it was compiled from.
 */
const USER_CODE_PREFIX = '(function (module, exports, require) {"use strict";';
const SDK_METHODS = new Set<TSdkMethod>([
  "getProfile",
  "updateProfile",
  "addToList",
  "removeFromList",
  "createEvent",
]);
/** The runner enforces wallMs itself; past wallMs + this, it is considered hung and killed. */
const RUNNER_GRACE_MS = 5_000;
const MAX_CACHED_MAPPERS = 200;

export type TJavaScriptRuntimeOptions = {
  /** The runner file; `lib/code/runtime/js/runner.mjs` under the working directory by default. */
  runnerPath?: string;
  /**
   * Invocations in the runner at once (16 by default); more wait here, before their wall clock
   * starts. Each one holds an isolate of up to its memoryMb, so this bounds the runner's memory.
   */
  maxConcurrentInvocations?: number;
  /** Invocations a runner process serves before a fresh one replaces it (runner-process.ts). */
  retireRunnerAfterInvocations?: number;
};

const DEFAULT_MAX_CONCURRENT_INVOCATIONS = 16;

type TPending = {
  request: TInvocationRequest;
  /** The runner the invocation went to: its host calls are answered there. */
  runnerPid: number;
  started: number;
  fetch: ReturnType<typeof createInvocationFetch>;
  bridge: IHostBridge;
  sdkCalls: TSdkRecord[];
  backstop: NodeJS.Timeout;
  resolve: (result: TInvocationResult) => void;
};

export type TJavaScriptRuntime = ICodeRuntime & {
  /** The runner's pid once started (tests kill it to check recovery). */
  runnerPid(): number | null;
  /** What the running runner may do under Node's permission model (all false when confined). */
  runnerPermissions(): TRunnerPermissions | null;
  /** The OS wrapping of the runner (network and PID namespaces where the machine allows). */
  runnerIsolation(): TRunnerIsolation;
  /** Starts the runner ahead of the first invocation. */
  warmUp(): Promise<void>;
};

export function createJavaScriptRuntime(options: TJavaScriptRuntimeOptions = {}): TJavaScriptRuntime {
  const pending = new Map<number, TPending>();
  const mappers = new Map<string, TSourceMapper>();
  /** Bundled modules the runner process (by pid) already holds. */
  let modulesInRunner = { pid: -1, names: new Set<string>() };
  let nextId = 1;
  let isClosed = false;
  const slots = createSemaphore(options.maxConcurrentInvocations ?? DEFAULT_MAX_CONCURRENT_INVOCATIONS);

  const runner = createRunnerProcess({
    runnerPath: options.runnerPath,
    retireAfterInvocations: options.retireRunnerAfterInvocations,
    onMessage: handleRunnerMessage,
    onExit: (reason, pid) => {
      for (const [id, entry] of [...pending.entries()]) {
        if (entry.runnerPid === pid) finishCrashed(id, `The function's runner stopped: ${reason}`);
      }
    },
  });

  function handleRunnerMessage(message: TRunnerMessage) {
    const entry = message.id === undefined ? undefined : pending.get(message.id);
    if (!entry) return;
    if (message.type === "hostCall") void answerHostCall(message, entry);
    else if (message.type === "result") {
      // Never let a malformed answer throw inside the host's IPC handler.
      try {
        finish(message.id as number, toResult(message, entry));
      } catch (error) {
        finishCrashed(message.id as number, `The runner's answer could not be read: ${String(error)}`);
      }
    }
  }

  async function answerHostCall(message: TRunnerMessage, entry: TPending) {
    const reply = (body: { ok: true; value: string } | { ok: false; error: string }) =>
      runner
        .send(entry.runnerPid, { type: "hostResult", id: message.id, callId: message.callId, ...body })
        .catch(() => undefined);
    try {
      const value =
        message.kind === "fetch"
          ? JSON.stringify(await entry.fetch.fetch(parseFetchRequest(String(message.payload))))
          : await callSdk(String(message.method), String(message.payload), entry);
      await reply({ ok: true, value });
    } catch (error) {
      await reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  async function callSdk(method: string, payload: string, entry: TPending): Promise<string> {
    if (!SDK_METHODS.has(method as TSdkMethod)) throw new Error(`hookflow.${method} is not an SDK method`);
    const args = JSON.parse(payload) as unknown;
    const argList = Array.isArray(args) ? args : [];
    try {
      const result = await entry.bridge.sdk(method as TSdkMethod, argList);
      entry.sdkCalls.push({ method: method as TSdkMethod, args: argList, ok: true, error: null });
      return JSON.stringify(result ?? null);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      entry.sdkCalls.push({ method: method as TSdkMethod, args: argList, ok: false, error: text });
      throw error;
    }
  }

  function toResult(message: TRunnerMessage, entry: TPending): TInvocationResult {
    const status = message.status as TInvocationResult["status"];
    const error = message.error as { name: string; message: string; stack: string | null } | null;
    let mappedError: TInvocationResult["error"] = null;
    if (status !== "ok" && error) {
      const mapped = error.stack ? mapStackToUserSource(error.stack, mapperFor(entry.request)) : null;
      mappedError = {
        name: error.name,
        message: error.message,
        stack: mapped?.stack ?? null,
        line: mapped?.position?.line ?? null,
        column: mapped?.position?.column ?? null,
      };
    }
    return {
      status,
      returnValue: status === "ok" ? parseReturnJson(message.returnJson) : null,
      logs: (message.logs as TLogLine[]) ?? [],
      logsTruncated: message.logsTruncated === true,
      fetches: entry.fetch.records,
      sdkCalls: entry.sdkCalls,
      error: mappedError,
      durationMs: Math.round((performance.now() - entry.started) * 1000) / 1000,
      cpuMs: typeof message.cpuMs === "number" ? Math.round(message.cpuMs * 1000) / 1000 : null,
      memoryBytes: typeof message.memoryBytes === "number" ? message.memoryBytes : null,
    };
  }

  function mapperFor(request: TInvocationRequest): TSourceMapper {
    let mapper = mappers.get(request.cacheKey);
    if (!mapper) {
      mapper = createSourceMapper(request.code, USER_CODE_PREFIX.length);
      if (mappers.size >= MAX_CACHED_MAPPERS) mappers.delete(mappers.keys().next().value as string);
      mappers.set(request.cacheKey, mapper);
    }
    return mapper;
  }

  function finish(id: number, result: TInvocationResult) {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.backstop);
    entry.resolve(result);
  }

  function finishCrashed(id: number, message: string) {
    const entry = pending.get(id);
    if (!entry) return;
    finish(id, failedResult(entry, "crashed", "RunnerCrashed", message));
  }

  async function invoke(request: TInvocationRequest, bridge: IHostBridge): Promise<TInvocationResult> {
    const started = performance.now();
    const entryBase = {
      request,
      started,
      bridge,
      sdkCalls: [] as TSdkRecord[],
      fetch: createInvocationFetch({ bridge, limits: request.limits }),
    };
    if (isClosed)
      return failedResult(entryBase, "crashed", "RuntimeClosed", "The JavaScript runtime is shut down");
    const id = nextId++;
    let slot: TRunnerSlot | null = null;
    try {
      const moduleNames = findRequiredBundledModules(request.code);
      slot = await runner.acquire();
      const { pid } = slot;
      if (modulesInRunner.pid !== pid) modulesInRunner = { pid, names: new Set() };
      const modules: Record<string, string> = {};
      for (const name of moduleNames) {
        if (!modulesInRunner.names.has(name)) modules[name] = await bundleModule(name);
      }
      const result = new Promise<TInvocationResult>((resolve) => {
        const backstop = setTimeout(() => {
          finishCrashed(
            id,
            `The function's runner did not answer within ${request.limits.wallMs + RUNNER_GRACE_MS} ms`,
          );
          runner.kill(pid);
        }, request.limits.wallMs + RUNNER_GRACE_MS);
        pending.set(id, { ...entryBase, runnerPid: pid, backstop, resolve });
      });
      await slot.invoke({
        type: "invoke",
        id,
        workspaceId: request.workspaceId,
        cacheKey: request.cacheKey,
        code: `${USER_CODE_PREFIX}${request.code}\n})`,
        moduleNames,
        modules,
        event: request.event,
        profile: request.profile,
        context: {
          functionId: request.functionId,
          runId: request.runId,
          invocationId: request.invocationId,
          env: request.env,
        },
        limits: request.limits,
      });
      for (const name of Object.keys(modules)) modulesInRunner.names.add(name);
      return await result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      slot?.release();
      if (pending.has(id)) finishCrashed(id, message);
      return failedResult(entryBase, "crashed", "RunnerUnavailable", message);
    }
  }

  return {
    invoke: async (request, bridge) => {
      await slots.acquire();
      try {
        return await invoke(request, bridge);
      } finally {
        slots.release();
      }
    },
    async close() {
      isClosed = true;
      for (const id of [...pending.keys()]) finishCrashed(id, "The JavaScript runtime was shut down");
      await runner.close();
    },
    runnerPid: () => runner.pid(),
    runnerPermissions: () => runner.permissions(),
    runnerIsolation: () => runner.isolation(),
    warmUp: async () => {
      (await runner.acquire()).release();
    },
  };
}

function createSemaphore(size: number) {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  return {
    acquire(): Promise<void> {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

function failedResult(
  entry: Pick<TPending, "started" | "fetch" | "sdkCalls">,
  status: TInvocationResult["status"],
  name: string,
  message: string,
): TInvocationResult {
  return {
    status,
    returnValue: null,
    logs: [],
    logsTruncated: false,
    fetches: entry.fetch.records,
    sdkCalls: entry.sdkCalls,
    error: { name, message, stack: null, line: null, column: null },
    durationMs: Math.round(performance.now() - entry.started),
    cpuMs: null,
    memoryBytes: null,
  };
}

/** The runner sends the guest's own JSON.stringify output; parsed defensively all the same. */
function parseReturnJson(json: unknown): unknown {
  if (typeof json !== "string") return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

function parseFetchRequest(payload: string): TFetchRequest {
  const value = JSON.parse(payload) as Partial<TFetchRequest>;
  const headers: Record<string, string> = {};
  if (value.headers && typeof value.headers === "object") {
    for (const [name, header] of Object.entries(value.headers)) headers[String(name)] = String(header);
  }
  return {
    url: String(value.url ?? ""),
    method: String(value.method ?? "GET"),
    headers,
    body: typeof value.body === "string" ? value.body : null,
  };
}
