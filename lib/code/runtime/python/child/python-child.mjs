// Entry of one Python runner process (spawned by lib/code/runtime/python/pool.ts).
//
// Runs under Node's permission model (read access to Pyodide and this folder only, no writes,
// no child processes, no workers, no addons, no WASI, no inspector), an empty environment, and,
// where the OS allows it, in its own network and PID namespaces as an unprivileged user. Pyodide
// itself is NOT a sandbox: guest Python can reach this process's JavaScript (`pyodide_js`,
// `pyodide.ffi`), so nothing here is trusted by the host. The host re-checks every frame, keeps
// its own records of fetch and SDK calls, and enforces the wall clock by killing this process.
//
// Modes: `--make-snapshot <file>` (trusted, no user code: boot Pyodide, import the stdlib modules
// the runner needs, write a memory snapshot) and the default runner mode
// (`--snapshot <file> --mem-cap-mb <n>`), which speaks length-prefixed JSON frames on fd 3.

import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CHILD_DIR = path.dirname(fileURLToPath(import.meta.url));
const PYTHON_SOURCE_DIR = path.join(CHILD_DIR, "python");
const GUEST_LIB_DIR = "/hookflow_lib";
const WASM_PAGE_BYTES = 65536;
const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** Modules imported before the snapshot is taken, so an invocation never pays for them. */
const PRELOADED_MODULES =
  "json, asyncio, traceback, linecache, sys, io, logging, inspect, datetime, decimal, math, random, base64, hashlib, hmac, collections, itertools, functools, re, time, uuid, urllib.parse, string, textwrap, dataclasses, typing, enum";

function argValue(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? null : process.argv[index + 1];
}

// Pyodide's NODEFS asks process.binding("constants"), which the permission model refuses.
// Answer with the same constants from the public modules and nothing else.
process.binding = (name) => {
  if (name === "constants") return { fs: fs.constants, os: os.constants };
  throw new Error(`process.binding("${name}") is not available`);
};

// The per-invocation WebAssembly memory cap. V8's --wasm-max-mem-pages (set by the host at
// spawn) is the hard ceiling the guest cannot lift; this lower, per-request cap makes growth fail
// inside Python (MemoryError) instead of taking the process down.
let memoryCapBytes = Number(argValue("--mem-cap-mb") ?? 256) * 1024 * 1024;
const originalGrow = WebAssembly.Memory.prototype.grow;
WebAssembly.Memory.prototype.grow = function growWithinCap(deltaPages) {
  if (this.buffer.byteLength + deltaPages * WASM_PAGE_BYTES > memoryCapBytes) {
    throw new RangeError("WebAssembly memory cap reached");
  }
  return originalGrow.call(this, deltaPages);
};

const { loadPyodide } = await import(
  path.join(argValue("--pyodide-dir") ?? path.join(process.cwd(), "node_modules/pyodide"), "pyodide.mjs")
);
const PYODIDE_DIR = argValue("--pyodide-dir");

if (process.argv.includes("--make-snapshot")) {
  await makeSnapshot(argValue("--make-snapshot"));
} else {
  await runRunner();
}

async function makeSnapshot(outFile) {
  const pyodide = await loadPyodide({
    indexURL: `${PYODIDE_DIR}/`,
    _makeSnapshot: true,
    env: { HOME: "/home/pyodide" },
  });
  pyodide.runPython(`import ${PRELOADED_MODULES}`);
  // The runner and the SDK go into the snapshot too (importing them costs ~200–280 ms of CPU).
  installPythonSources(pyodide);
  pyodide.runPython(
    `import sys; sys.path.insert(0, "${GUEST_LIB_DIR}"); import hookflow_runner, hookflow.http`,
  );
  const snapshot = pyodide.makeMemorySnapshot();
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, snapshot, { mode: 0o644 });
  fs.renameSync(tmp, outFile);
}

async function runRunner() {
  const snapshot = fs.readFileSync(argValue("--snapshot"));
  const channel = openChannel(3);
  const cpu = createCpuInterrupt();
  const pyodide = await loadPyodide({
    indexURL: `${PYODIDE_DIR}/`,
    _loadSnapshot: snapshot,
    // `import js` sees an empty object instead of this process's globalThis.
    jsglobals: Object.create(null),
    env: { HOME: "/home/pyodide" },
    stdout: () => {},
    stderr: () => {},
  });
  pyodide.setInterruptBuffer(cpu.buffer);
  const host = createHostCalls(channel);
  pyodide.registerJsModule("_hookflow_host", { call: host.call });
  const runnerInvoke = pyodide.pyimport("hookflow_runner").invoke;
  const memoryBytes = () => pyodide._module.HEAP8.buffer.byteLength;

  let busy = false;
  channel.onFrame(async (frame) => {
    if (frame.type === "callResult") return host.settle(frame);
    if (frame.type !== "invoke" || busy) return;
    busy = true;
    const limits = frame.limits;
    memoryCapBytes = Math.max(memoryBytes(), limits.memoryMb * 1024 * 1024);
    const cpuStart = cpu.start(limits.cpuMs);
    let resultJson;
    try {
      resultJson = await runnerInvoke(frame.code, frame.cacheKey, frame.payload);
    } catch (error) {
      // Only reached when the runner's own error handling was interrupted or ran out of memory.
      const message = String(error?.message ?? error);
      const status = /KeyboardInterrupt/.test(message)
        ? "timeout"
        : /MemoryError/.test(message)
          ? "memory"
          : "crashed";
      const reason =
        status === "timeout" ? `CPU time limit of ${limits.cpuMs} ms exceeded` : message.slice(-2_000);
      resultJson = JSON.stringify({ status, error: { name: "RunnerError", message: reason } });
    }
    const cpuMs = cpu.stop(cpuStart);
    busy = false;
    channel.send({ type: "result", id: frame.id, result: resultJson, cpuMs, memoryBytes: memoryBytes() });
  });
  // Guest code that escapes into JavaScript can leave stray rejections; the host decides by frames.
  process.on("uncaughtException", () => {});
  process.on("unhandledRejection", () => {});
  await prewarm(runnerInvoke);
  const bootCpu = process.cpuUsage();
  channel.send({ type: "ready", bootCpuMs: Math.round((bootCpu.user + bootCpu.system) / 1000) });
}

/**
 * A few throwaway invocations before "ready", so the first real call does not pay for first-time
 * work (V8 compiling the Python↔JS glue, the webloop, json and logging paths): measured 50–120 ms
 * on a loaded 2-core machine for a runner's first call without it, ~2 ms with it.
 */
async function prewarm(runnerInvoke) {
  const code =
    "import hookflow\ndef handler(event, profile, context):\n    print('warm')\n    return {'event': event}\n";
  const limits = { cpuMs: 5_000, memoryMb: 256, maxLogBytes: 1024, maxReturnBytes: 1024 };
  const payload = JSON.stringify({ event: { id: 1 }, profile: {}, env: {}, limits, context: {} });
  for (let i = 0; i < 3; i++) await runnerInvoke(code, "__prewarm__", payload);
}

function installPythonSources(pyodide) {
  pyodide.FS.mkdirTree(`${GUEST_LIB_DIR}/hookflow`);
  for (const relative of [
    "hookflow_runner.py",
    "hookflow/__init__.py",
    "hookflow/_bridge.py",
    "hookflow/http.py",
  ]) {
    pyodide.FS.writeFile(
      `${GUEST_LIB_DIR}/${relative}`,
      fs.readFileSync(path.join(PYTHON_SOURCE_DIR, relative), "utf8"),
    );
  }
}

/**
 * The interrupt buffer Pyodide polls from its eval loop (every few dozen bytecodes, including code
 * resumed after an await). Instead of a SharedArrayBuffer written by a watchdog thread (which
 * would need --allow-worker and a second thread per child), index 0 is a getter that answers
 * SIGINT (2) once this process has used the invocation's CPU budget. CPU is measured with
 * process.cpuUsage(), so time spent awaiting the host (fetch, SDK) does not count. The getter
 * only reads the clock after the budget's wall time has passed: CPU time never exceeds it.
 */
function createCpuInterrupt() {
  const SIGINT = 2;
  const REINTERRUPT_AFTER_MS = 500;
  let budgetMicros = 0;
  let startMicros = 0;
  let nextCheckAt = Number.POSITIVE_INFINITY;
  const usedMicros = () => {
    const usage = process.cpuUsage();
    return usage.user + usage.system - startMicros;
  };
  const buffer = {};
  Object.defineProperty(buffer, 0, {
    get() {
      const now = performance.now();
      if (now < nextCheckAt) return 0;
      const remaining = budgetMicros - usedMicros();
      if (remaining <= 0) {
        // Interrupt again later if the handler swallowed it (a bare `except:`), but leave the
        // runner time to format the KeyboardInterrupt it catches; the host's wall clock is the
        // backstop for code that keeps swallowing.
        nextCheckAt = now + REINTERRUPT_AFTER_MS;
        return SIGINT;
      }
      nextCheckAt = now + remaining / 1000;
      return 0;
    },
    set() {},
  });
  return {
    buffer,
    start(cpuMs) {
      const usage = process.cpuUsage();
      startMicros = usage.user + usage.system;
      budgetMicros = cpuMs * 1000;
      nextCheckAt = performance.now() + cpuMs;
      return startMicros;
    },
    stop() {
      const used = usedMicros();
      nextCheckAt = Number.POSITIVE_INFINITY;
      return Math.round(used / 1000);
    },
  };
}

function createHostCalls(channel) {
  let nextCallId = 1;
  const pending = new Map();
  return {
    call(kind, method, argsJson) {
      const callId = nextCallId++;
      channel.send({ type: "call", callId, kind, method, args: String(argsJson) });
      return new Promise((resolve) => pending.set(callId, resolve));
    },
    settle(frame) {
      const resolve = pending.get(frame.callId);
      pending.delete(frame.callId);
      resolve?.(
        JSON.stringify(
          frame.ok ? { ok: true, value: frame.value ?? null } : { ok: false, error: String(frame.error) },
        ),
      );
    },
  };
}

/** Frames: 4-byte big-endian length, then UTF-8 JSON. The same format as ../frame-channel.ts. */
function openChannel(fd) {
  const socket = new net.Socket({ fd, readable: true, writable: true });
  let buffered = Buffer.alloc(0);
  let handler = () => {};
  socket.on("data", (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const length = buffered.readUInt32BE(0);
      if (length > MAX_FRAME_BYTES) process.exit(70);
      if (buffered.length < 4 + length) break;
      const body = buffered.subarray(4, 4 + length).toString("utf8");
      buffered = buffered.subarray(4 + length);
      handler(JSON.parse(body));
    }
  });
  // The host went away: nothing left to serve.
  socket.on("close", () => process.exit(0));
  socket.on("error", () => process.exit(0));
  return {
    onFrame(fn) {
      handler = fn;
    },
    send(message) {
      const body = Buffer.from(JSON.stringify(message), "utf8");
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length, 0);
      socket.write(Buffer.concat([header, body]));
    },
  };
}
