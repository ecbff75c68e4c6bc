// The JavaScript runner: a separate Node process (started by runner-process.ts with
// --no-node-snapshot and an empty environment) that runs user functions in isolated-vm isolates
// and talks to its supervisor over the IPC channel only. Plain .mjs so it runs as is under
// `next start`, the worker and tests, without a TypeScript loader.
//
// One isolate per (workspace, function version, memory limit), kept warm in a small pool and
// reused one invocation at a time (so console lines and host calls belong to exactly one
// invocation); an isolate that timed out or ran out of memory is disposed, never reused.
// Measured here: a warm invocation costs ~0.05 ms inside the isolate, a new isolate ~2 ms.
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { hookflowGuestBootstrap } from "./guest-bootstrap.mjs";

const require = createRequire(import.meta.url);
const ivm = require("isolated-vm");

const USER_FILENAME = "function.js";
// As many as the supervisor runs at once (js-runtime.ts, DEFAULT_MAX_CONCURRENT_INVOCATIONS): with
// fewer, a function invoked at full concurrency disposed the surplus on each release and built it
// again (~2 ms per isolate) for the next wave — measured in bench:e2e as ~half of all invocations
// paying for a new isolate, ~1 ms of runner CPU per invocation (docs/PERFORMANCE.md).
const MAX_IDLE_PER_KEY = 16;
const MAX_IDLE_TOTAL = 64;
// A warm isolate is retired after this many invocations. Measured (300,000 invocations, 4 at a
// time): with isolates reused forever the runner's private memory grew steadily (74 → 145 MiB)
// while each invocation's own heap stayed ~1 MiB; retired every 2,000 it levelled at ~92–96 MiB.
// A new isolate costs ~2 ms, i.e. < 1 µs per invocation. What disposal does not give back
// (isolated-vm's native ~50–60 bytes per async call) is bounded by retiring the whole runner
// process instead (runner-process.ts, RETIRE_AFTER_INVOCATIONS).
const MAX_INVOCATIONS_PER_ISOLATE = 2_000;
const HASH_ALGORITHMS = new Set(["md5", "sha1", "sha256", "sha384", "sha512"]);
const ENCODINGS = new Set(["hex", "base64", "base64url"]);
const MAX_RANDOM_BYTES = 65_536;
const CPU_SAMPLE_MS = 50;
const OK_PREFIX = '{"ok":true,"value":';
const BOOTSTRAP_SOURCE = String(hookflowGuestBootstrap);

/** name → { source, cachedData } for the bundled modules the supervisor has sent. */
const moduleSources = new Map();
/** pool key → idle sandboxes (most recently used last). */
const idleSandboxes = new Map();
/** invocation id → invocation state, for host-call replies. */
const invocations = new Map();
let nextCallId = 1;

function send(message) {
  if (process.connected) process.send(message);
}

process.on("message", (message) => {
  if (message.type === "invoke") {
    runInvocation(message).then(send, (error) =>
      send({ type: "result", id: message.id, status: "crashed", error: describeHostError(error) }),
    );
  } else if (message.type === "hostResult") {
    invocations.get(message.id)?.settleHostCall(message);
  }
});
// The supervisor is gone (shutdown or crash): nothing left to serve.
process.on("disconnect", () => process.exit(0));

async function runInvocation(message) {
  for (const [name, source] of Object.entries(message.modules ?? {})) {
    if (!moduleSources.has(name)) moduleSources.set(name, { source, cachedData: null });
  }
  const invocation = createInvocation(message);
  invocations.set(message.id, invocation);
  const started = performance.now();
  let sandbox = null;
  let cpuWatch = null;
  const wallTimer = setTimeout(() => {
    invocation.isWallExpired = true;
    invocation.isolate?.dispose();
  }, message.limits.wallMs);
  try {
    sandbox = takeIdleSandbox(message) ?? (await createSandbox(message, invocation));
    invocation.isolate = sandbox.isolate;
    if (invocation.isWallExpired) throw new Error("Isolate was disposed during execution");
    sandbox.current = invocation;
    const cpuBefore = sandbox.isolate.cpuTime;
    cpuWatch = watchCpu(sandbox.isolate, cpuBefore, message.limits.cpuMs, invocation);
    const input = JSON.stringify({
      event: message.event,
      profile: message.profile,
      context: message.context,
      maxLogChars: message.limits.maxLogBytes,
    });
    const outcomeJson = await sandbox.invoke.apply(undefined, [input], {
      timeout: message.limits.cpuMs,
      result: { promise: true, copy: true },
    });
    const cpuMs = Number(sandbox.isolate.cpuTime - cpuBefore) / 1e6;
    const memoryBytes = heapUsed(sandbox.isolate);
    releaseSandbox(sandbox);
    // The bootstrap writes a success as OK_PREFIX + the value's JSON + "}": measured and passed
    // on without parsing it here (a large value costs no parse in the runner).
    if (!outcomeJson.startsWith(OK_PREFIX)) {
      return resultOf(invocation, started, {
        status: "error",
        error: JSON.parse(outcomeJson).error,
        cpuMs,
        memoryBytes,
      });
    }
    const returnBytes = Buffer.byteLength(outcomeJson) - OK_PREFIX.length - 1;
    if (returnBytes > message.limits.maxReturnBytes) {
      return resultOf(invocation, started, {
        status: "error",
        cpuMs,
        memoryBytes,
        error: {
          name: "RangeError",
          message: `The return value is ${returnBytes} bytes of JSON; the limit is ${message.limits.maxReturnBytes}`,
          stack: null,
        },
      });
    }
    const returnJson = outcomeJson.slice(OK_PREFIX.length, -1);
    return resultOf(invocation, started, { status: "ok", returnJson, cpuMs, memoryBytes });
  } catch (error) {
    sandbox?.isolate.isDisposed || sandbox?.isolate.dispose();
    return resultOf(invocation, started, classifyFailure(error, invocation, message.limits));
  } finally {
    clearTimeout(wallTimer);
    clearInterval(cpuWatch);
    invocation.finish();
    invocations.delete(message.id);
  }
}

function createInvocation(message) {
  const pendingCalls = new Map();
  const sleepTimers = new Set();
  const invocation = {
    id: message.id,
    limits: message.limits,
    isolate: null,
    isWallExpired: false,
    isCpuExpired: false,
    isFinished: false,
    logs: [],
    logBytes: 0,
    logsTruncated: false,
    log(level, text) {
      if (invocation.isFinished) return;
      // Each line counts its bytes plus one for the line break.
      const room = invocation.limits.maxLogBytes - invocation.logBytes - 1;
      if (text === null || room <= 0) {
        invocation.logsTruncated = true;
        return;
      }
      let line = String(text);
      if (Buffer.byteLength(line) > room) {
        line = Buffer.from(line).subarray(0, room).toString("utf8");
        invocation.logsTruncated = true;
      }
      invocation.logBytes += Buffer.byteLength(line) + 1;
      invocation.logs.push({ level: String(level), message: line, at: Date.now() });
    },
    hostCall(kind, method, payload) {
      // A call after the end (fire-and-forget code still running) never settles; see finish().
      if (invocation.isFinished) return new Promise(() => undefined);
      if (kind === "sleep") {
        // Cleared with the invocation: a timer set by one invocation of a warm isolate never
        // fires into the next one.
        return new Promise((resolve) => {
          const timer = setTimeout(
            () => {
              sleepTimers.delete(timer);
              resolve("");
            },
            Math.min(Number(payload) || 0, 2 ** 31 - 1),
          );
          sleepTimers.add(timer);
        });
      }
      if (kind !== "fetch" && kind !== "sdk") return Promise.reject(new Error(`Unknown host call ${kind}`));
      const callId = nextCallId++;
      return new Promise((resolve, reject) => {
        pendingCalls.set(callId, { resolve, reject });
        send({
          type: "hostCall",
          id: invocation.id,
          callId,
          kind,
          method: String(method),
          payload: String(payload),
        });
      });
    },
    settleHostCall(reply) {
      const pending = pendingCalls.get(reply.callId);
      if (!pending) return;
      pendingCalls.delete(reply.callId);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.error));
    },
    finish() {
      invocation.isFinished = true;
      // Left unsettled on purpose: a rejection would surface in the guest as an unhandled
      // rejection during the NEXT invocation of a warm isolate, and isolated-vm fails that one.
      // The guest promises are released with the isolate.
      pendingCalls.clear();
      for (const timer of sleepTimers) clearTimeout(timer);
      sleepTimers.clear();
    },
  };
  return invocation;
}

function poolKey(message) {
  return `${message.workspaceId}\u0000${message.cacheKey}\u0000${message.limits.memoryMb}`;
}

function takeIdleSandbox(message) {
  const key = poolKey(message);
  const idle = idleSandboxes.get(key);
  while (idle && idle.length > 0) {
    const sandbox = idle.pop();
    if (idle.length === 0) idleSandboxes.delete(key);
    if (!sandbox.isolate.isDisposed) return sandbox;
  }
  return null;
}

function releaseSandbox(sandbox) {
  sandbox.current = null;
  if (sandbox.isolate.isDisposed) return;
  sandbox.uses = (sandbox.uses ?? 0) + 1;
  const idle = idleSandboxes.get(sandbox.key) ?? [];
  if (idle.length >= MAX_IDLE_PER_KEY || sandbox.uses >= MAX_INVOCATIONS_PER_ISOLATE) {
    sandbox.isolate.dispose();
    return;
  }
  idleSandboxes.delete(sandbox.key);
  idle.push(sandbox);
  idleSandboxes.set(sandbox.key, idle);
  let total = 0;
  for (const list of idleSandboxes.values()) total += list.length;
  // Map iteration order is insertion order: the first key is the least recently released.
  for (const [key, list] of idleSandboxes) {
    if (total <= MAX_IDLE_TOTAL) break;
    const oldest = list.shift();
    oldest?.isolate.dispose();
    total--;
    if (list.length === 0) idleSandboxes.delete(key);
  }
}

async function createSandbox(message, invocation) {
  const isolate = new ivm.Isolate({
    memoryLimit: message.limits.memoryMb,
    // V8 cannot continue after this: let the supervisor restart the runner.
    onCatastrophicError: () => process.exit(70),
  });
  invocation.isolate = isolate;
  const timeout = message.limits.cpuMs;
  const sandbox = { key: poolKey(message), isolate, current: null, invoke: null };
  try {
    const context = await isolate.createContext();
    const hostCall = new ivm.Reference((kind, method, payload) =>
      sandbox.current
        ? sandbox.current.hostCall(kind, method, payload)
        : Promise.reject(new Error("No invocation")),
    );
    const log = new ivm.Callback((level, text) => sandbox.current?.log(level, text));
    const crypto = new ivm.Callback(cryptoOperation);
    const moduleNames = (message.moduleNames ?? []).filter((name) => moduleSources.has(name));
    const moduleFactories = [];
    for (const name of moduleNames) {
      const script = await compileModuleScript(isolate, name);
      moduleFactories.push(await script.run(context, { reference: true, timeout }));
    }
    // The supervisor sends the module already wrapped as (function (module, exports, require) {…}).
    const userScript = await isolate.compileScript(message.code, { filename: USER_FILENAME });
    const userFactory = await userScript.run(context, { reference: true, timeout });
    const factoryArgs = moduleFactories.map((_, index) => `$${index + 5}`).join(", ");
    sandbox.invoke = await context.evalClosure(
      `return (${BOOTSTRAP_SOURCE})($0, $1, $2, $3, $4, [${factoryArgs}]);`,
      [hostCall, log, crypto, userFactory, JSON.stringify(moduleNames), ...moduleFactories],
      { timeout, result: { reference: true }, filename: "hookflow-bootstrap.js" },
    );
    return sandbox;
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

async function compileModuleScript(isolate, name) {
  const entry = moduleSources.get(name);
  const filename = `hookflow-module:${name}`;
  const source = `(function (module, exports) {${entry.source}\n})`;
  if (entry.cachedData) {
    const script = await isolate.compileScript(source, { filename, cachedData: entry.cachedData });
    if (!script.cachedDataRejected) return script;
  }
  const script = await isolate.compileScript(source, { filename, produceCachedData: true });
  if (script.cachedData) entry.cachedData = script.cachedData;
  return script;
}

function heapUsed(isolate) {
  try {
    const statistics = isolate.getHeapStatisticsSync();
    return statistics.used_heap_size + statistics.externally_allocated_size;
  } catch {
    return null;
  }
}

/**
 * isolated-vm's `timeout` covers the synchronous run of each call into the isolate, not code that
 * resumes after an await; this samples the isolate's CPU time and disposes it past cpuMs, so the
 * CPU budget holds across awaits too (the wall clock still bounds everything).
 */
function watchCpu(isolate, cpuBefore, cpuMs, invocation) {
  return setInterval(() => {
    if (isolate.isDisposed) return;
    if (Number(isolate.cpuTime - cpuBefore) / 1e6 > cpuMs) {
      invocation.isCpuExpired = true;
      isolate.dispose();
    }
  }, CPU_SAMPLE_MS);
}

function classifyFailure(error, invocation, limits) {
  const message = error instanceof Error ? error.message : String(error);
  if (invocation.isCpuExpired && !invocation.isWallExpired) {
    return {
      status: "timeout",
      error: {
        name: "TimeoutError",
        message: `The function used more than ${limits.cpuMs} ms of CPU and was stopped`,
        stack: null,
      },
    };
  }
  if (invocation.isWallExpired) {
    return {
      status: "timeout",
      error: {
        name: "TimeoutError",
        message: `The function ran longer than ${limits.wallMs} ms (wall clock) and was stopped`,
        stack: null,
      },
    };
  }
  if (/memory limit/i.test(message)) {
    return {
      status: "memory",
      error: {
        name: "MemoryError",
        message: `The function used more than ${limits.memoryMb} MB and was stopped`,
        stack: null,
      },
    };
  }
  if (/Script execution timed out/.test(message)) {
    return {
      status: "timeout",
      error: {
        name: "TimeoutError",
        message: `The function used more than ${limits.cpuMs} ms of CPU and was stopped`,
        stack: null,
      },
    };
  }
  // Errors while evaluating the module (top-level throw, bad default export) are the user's.
  return { status: "error", error: { name: error?.name ?? "Error", message, stack: error?.stack ?? null } };
}

function resultOf(invocation, started, outcome) {
  return {
    type: "result",
    id: invocation.id,
    status: outcome.status,
    returnJson: outcome.returnJson ?? null,
    error: outcome.error ?? null,
    logs: invocation.logs,
    logsTruncated: invocation.logsTruncated,
    durationMs: performance.now() - started,
    cpuMs: outcome.cpuMs ?? null,
    memoryBytes: outcome.memoryBytes ?? null,
  };
}

function cryptoOperation(operation, algorithm, first, second, encodingName) {
  try {
    const encoding = ENCODINGS.has(encodingName) ? encodingName : null;
    if (operation === "randomUUID") return randomUUID();
    if (!encoding) return "error:encoding must be hex, base64 or base64url";
    if (operation === "randomBytes") {
      const size = Number(first);
      if (!Number.isInteger(size) || size < 0 || size > MAX_RANDOM_BYTES) {
        return `error:randomBytes takes a size from 0 to ${MAX_RANDOM_BYTES}`;
      }
      return randomBytes(size).toString(encoding);
    }
    if (!HASH_ALGORITHMS.has(algorithm))
      return `error:algorithm must be one of ${[...HASH_ALGORITHMS].join(", ")}`;
    if (operation === "hash") return createHash(algorithm).update(String(first)).digest(encoding);
    if (operation === "hmac")
      return createHmac(algorithm, String(first)).update(String(second)).digest(encoding);
    return `error:unknown crypto operation ${operation}`;
  } catch (error) {
    return `error:${error instanceof Error ? error.message : String(error)}`;
  }
}

function describeHostError(error) {
  return {
    name: "RunnerError",
    message: error instanceof Error ? error.message : String(error),
    stack: null,
  };
}

send({
  type: "ready",
  pid: process.pid,
  permissions: {
    fsWrite: process.permission?.has("fs.write") ?? true,
    childProcess: process.permission?.has("child") ?? true,
    workerThreads: process.permission?.has("worker") ?? true,
  },
});
