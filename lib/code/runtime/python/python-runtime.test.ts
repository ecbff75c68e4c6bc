import { spawn } from "node:child_process";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedDispatcher, parseAllowlist } from "@/lib/webhooks/ssrf";
import { startLoopbackServer } from "@/lib/webhooks/ssrf/ssrf-test-support";
import { createGuardedFetch } from "../host-fetch";
import { DEFAULT_LIMITS } from "../types";
import { createPythonRuntime, type TPythonRuntime } from "./index";
import { createRecordingBridge, py, runPython } from "./python-test-support";

// Real runner processes (Pyodide from the memory snapshot, permission model, namespaces where
// available); the runners stay warm across tests, bound to the workspace ids used below.

let runtime: TPythonRuntime;
let receiver: {
  url: string;
  received: { method: string; headers: http.IncomingHttpHeaders; body: string }[];
  close: () => Promise<void>;
};
const dispatcher = createGuardedDispatcher({ allowlist: parseAllowlist("127.0.0.1/32") });
const guardedFetch = createGuardedFetch({ limits: DEFAULT_LIMITS, dispatcher });

beforeAll(async () => {
  runtime = createPythonRuntime({ warmRunners: 2, maxRunners: 3 });
  await runtime.warmUp();
  const received: typeof receiver.received = [];
  const server = await startLoopbackServer({
    handle: (req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ method: req.method ?? "", headers: req.headers, body });
        res
          .writeHead(201, { "content-type": "application/json", "x-reply": "yes" })
          .end(JSON.stringify({ saved: body }));
      });
    },
  });
  receiver = { url: `http://127.0.0.1:${server.port}`, received, close: server.close };
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  await receiver?.close();
  await dispatcher.destroy();
});

describe("Python handlers", () => {
  it("runs a sync handler with event, profile and context (ids, env, sdk) and captures print", async () => {
    const result = await runPython(
      runtime,
      py`
        import hookflow
        def handler(event, profile, context):
            print("locale is", event["locale"])
            return {
                "event": event, "email": profile["email"], "env": context.env,
                "ids": [context.function_id, context.run_id, context.invocation_id],
                "sdk": context.sdk is hookflow,
            }
      `,
      { event: { locale: "fr" }, env: { API_KEY: "k-1" }, invocationId: "inv-ctx" },
    );
    expect(result.status).toBe("ok");
    expect(result.returnValue).toEqual({
      event: { locale: "fr" },
      email: "ada@example.com",
      env: { API_KEY: "k-1" },
      ids: ["fn-test", "run-test", "inv-ctx"],
      sdk: true,
    });
    expect(result.logs.map((line) => [line.level, line.message])).toEqual([["log", "locale is fr"]]);
    expect(result.cpuMs).toBeGreaterThanOrEqual(0);
    expect(result.memoryBytes).toBeGreaterThan(0);
  });

  it("awaits an async handler and passes None when no event started the run", async () => {
    const result = await runPython(
      runtime,
      py`
        import asyncio, logging
        async def handler(event, profile, context):
            await asyncio.sleep(0.01)
            logging.getLogger("mine").warning("careful")
            return {"event_is_none": event is None}
      `,
    );
    expect(result.status).toBe("ok");
    expect(result.returnValue).toEqual({ event_is_none: true });
    expect(result.logs).toMatchObject([{ level: "warn", message: "mine: careful" }]);
  });

  it("gives every invocation fresh module globals", async () => {
    const code = py`
      counter = []
      def handler(event, profile, context):
          counter.append(1)
          return len(counter)
    `;
    const first = await runPython(runtime, code, { cacheKey: "same-version" });
    const second = await runPython(runtime, code, { cacheKey: "same-version" });
    expect([first.returnValue, second.returnValue]).toEqual([1, 1]);
  });

  it("converts the return value to JSON-safe data", async () => {
    const result = await runPython(
      runtime,
      py`
        import datetime, decimal
        def handler(event, profile, context):
            return {"when": datetime.date(2026, 1, 2), "tags": {"a"}, "n": float("nan"), "d": decimal.Decimal("1.5"), "t": (1, 2), "o": object}
      `,
    );
    expect(result.status).toBe("ok");
    expect(result.returnValue).toEqual({
      when: "2026-01-02",
      tags: ["a"],
      n: null,
      d: 1.5,
      t: [1, 2],
      o: "<class 'object'>",
    });
  });
});

describe("the hookflow SDK", () => {
  it("sends every SDK call to the host bridge and returns its answers", async () => {
    const bridge = createRecordingBridge();
    const result = await runPython(
      runtime,
      py`
        import datetime, hookflow
        from hookflow import update_profile
        async def handler(event, profile, context):
            updated = await update_profile({"locale": "fr"})
            await hookflow.get_profile()
            await hookflow.add_to_list("list-1")
            await hookflow.remove_from_list("list-2")
            await hookflow.create_event("Locale Set", {"locale": "fr"}, unique_id="u-1", time=datetime.datetime(2026, 5, 1, 12, 0))
            return updated
      `,
      { bridge },
    );
    expect(result.status).toBe("ok");
    expect(result.returnValue).toEqual({ method: "updateProfile", args: [{ locale: "fr" }] });
    expect(bridge.sdkCalls).toEqual([
      { method: "updateProfile", args: [{ locale: "fr" }] },
      { method: "getProfile", args: [] },
      { method: "addToList", args: ["list-1"] },
      { method: "removeFromList", args: ["list-2"] },
      {
        method: "createEvent",
        args: ["Locale Set", { locale: "fr" }, { unique_id: "u-1", time: "2026-05-01T12:00:00" }],
      },
    ]);
    expect(result.sdkCalls.map((call) => [call.method, call.ok])).toEqual([
      ["updateProfile", true],
      ["getProfile", true],
      ["addToList", true],
      ["removeFromList", true],
      ["createEvent", true],
    ]);
  });

  it("completes calls a sync handler fired without awaiting, in order", async () => {
    const bridge = createRecordingBridge();
    const result = await runPython(
      runtime,
      py`
        import hookflow
        def handler(event, profile, context):
            hookflow.update_profile({"step": 1})
            hookflow.add_to_list("vip")
            return "sent"
      `,
      { bridge },
    );
    expect(result.status).toBe("ok");
    expect(bridge.sdkCalls.map((call) => call.method)).toEqual(["updateProfile", "addToList"]);
  });

  it("raises HookflowError for a refused call, and fails the run when the refused call was not awaited", async () => {
    const bridge = createRecordingBridge({ failing: ["addToList"] });
    const caught = await runPython(
      runtime,
      py`
        import hookflow
        async def handler(event, profile, context):
            try:
                await hookflow.add_to_list("nope")
            except hookflow.HookflowError as error:
                return str(error)
      `,
      { bridge },
    );
    expect(caught.returnValue).toBe("addToList refused by the test bridge");
    expect(caught.sdkCalls).toEqual([
      { method: "addToList", args: ["nope"], ok: false, error: "addToList refused by the test bridge" },
    ]);

    const unawaited = await runPython(
      runtime,
      py`
        import hookflow
        def handler(event, profile, context):
            hookflow.add_to_list("nope")
      `,
      { bridge },
    );
    expect(unawaited.status).toBe("error");
    expect(unawaited.error?.message).toContain("hookflow.add_to_list(...) failed: addToList refused");
  });

  it("explains that an SDK result needs await", async () => {
    const result = await runPython(
      runtime,
      py`
        import hookflow
        def handler(event, profile, context):
            return hookflow.get_profile()["email"]
      `,
    );
    expect(result.status).toBe("error");
    expect(result.error?.message).toContain("write `await hookflow.get_profile(...)`");
    expect(result.error?.line).toBe(3);
  });

  it("sends hookflow.http requests through the host's guarded fetch to a loopback receiver", async () => {
    const bridge = createRecordingBridge({ fetch: guardedFetch });
    const before = receiver.received.length;
    const result = await runPython(
      runtime,
      py`
        from hookflow import http
        async def handler(event, profile, context):
            response = await http.post("${receiver.url}/hook", headers={"x-token": "t"}, json={"id": 7})
            return {"status": response.status, "json": response.json(), "reply": response.headers.get("x-reply")}
      `,
      { bridge },
    );
    expect(result.status).toBe("ok");
    expect(result.returnValue).toEqual({ status: 201, json: { saved: '{"id": 7}' }, reply: "yes" });
    const request = receiver.received[before];
    expect(request).toMatchObject({ method: "POST", body: '{"id": 7}' });
    expect(request?.headers["x-token"]).toBe("t");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(result.fetches).toMatchObject([
      { method: "POST", url: `${receiver.url}/hook`, status: 201, error: null },
    ]);
  });

  it("counts fetches against maxFetches", async () => {
    const bridge = createRecordingBridge({ fetch: guardedFetch });
    const result = await runPython(
      runtime,
      py`
        from hookflow import http
        async def handler(event, profile, context):
            await http.get("${receiver.url}/1")
            try:
                await http.get("${receiver.url}/2")
            except Exception as error:
                return str(error)
      `,
      { bridge, limits: { maxFetches: 1 } },
    );
    expect(result.returnValue).toContain("at most 1 requests");
    expect(result.fetches).toHaveLength(2);
  });
});

describe("errors and limits", () => {
  it("maps a runtime error to the user's line with a traceback of the user's frames only", async () => {
    const result = await runPython(
      runtime,
      py`
        def helper(value):
            return value["missing"]

        def handler(event, profile, context):
            return helper({})
      `,
    );
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({ name: "KeyError", message: "'missing'", line: 2 });
    expect(result.error?.stack).toContain('File "handler.py", line 5, in handler');
    expect(result.error?.stack).not.toContain("hookflow_runner");
  });

  it("reports a syntax error with line and column, and a missing handler by name", async () => {
    const syntax = await runPython(runtime, "x = 1\ndef handler(event, profile, context)\n    return 1\n");
    expect(syntax.error).toMatchObject({ name: "SyntaxError", line: 2 });
    expect(syntax.error?.column).toBeGreaterThan(0);
    const missing = await runPython(runtime, "def handle(event, profile, context):\n    return 1\n");
    expect(missing.error).toMatchObject({ name: "HandlerError" });
    expect(missing.error?.message).toContain("def handler(event, profile, context)");
  });

  it("caps logs and refuses a return value over maxReturnBytes", async () => {
    const logs = await runPython(
      runtime,
      py`
        def handler(event, profile, context):
            for i in range(1000):
                print("line", i, "x" * 100)
            return "done"
      `,
      { limits: { maxLogBytes: 2_000 } },
    );
    expect(logs.status).toBe("ok");
    expect(logs.logsTruncated).toBe(true);
    expect(logs.logs.reduce((sum, line) => sum + line.message.length, 0)).toBeLessThanOrEqual(2_000);

    const big = await runPython(runtime, 'def handler(event, profile, context):\n    return "x" * 5000\n', {
      limits: { maxReturnBytes: 1_000 },
    });
    expect(big.status).toBe("error");
    expect(big.error?.message).toMatch(/return value is 5002 bytes as JSON, over the limit of 1000 bytes/);
  });

  it("stops a CPU loop with the interrupt buffer and reports the line", async () => {
    const result = await runPython(
      runtime,
      "def handler(event, profile, context):\n    while True:\n        pass\n",
      {
        limits: { cpuMs: 300 },
        workspaceId: "ws-limits",
      },
    );
    expect(result.status).toBe("timeout");
    expect(result.error?.message).toBe("CPU time limit of 300 ms exceeded");
    expect(result.error?.line).toBeGreaterThanOrEqual(2);
    expect(result.cpuMs).toBeGreaterThanOrEqual(300);
  });

  it("kills the runner at the wall clock while the handler awaits", async () => {
    const result = await runPython(
      runtime,
      "import asyncio\nasync def handler(event, profile, context):\n    await asyncio.sleep(60)\n",
      { limits: { wallMs: 1_000 }, workspaceId: "ws-limits" },
    );
    expect(result.status).toBe("timeout");
    expect(result.error?.message).toBe("wall-clock limit of 1000 ms exceeded");
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it("answers a memory error when the WebAssembly heap would grow past memoryMb", async () => {
    const result = await runPython(
      runtime,
      "def handler(event, profile, context):\n    data = bytearray(200 * 1024 * 1024)\n    return len(data)\n",
      { limits: { memoryMb: 64 }, workspaceId: "ws-limits" },
    );
    expect(result.status).toBe("memory");
    expect(result.error).toMatchObject({ name: "MemoryError", line: 2 });
  });

  it("answers crashed when the runner dies, then serves the next call from a new runner", async () => {
    const crashed = await runPython(
      runtime,
      py`
        import pyodide_js
        def handler(event, profile, context):
            pyodide_js.FS.constructor.constructor("process.exit(3)")()
      `,
      { workspaceId: "ws-crash" },
    );
    expect(crashed.status).toBe("crashed");
    expect(crashed.error?.name).toBe("RunnerCrashed");
    const next = await runPython(runtime, "def handler(event, profile, context):\n    return 'alive'\n", {
      workspaceId: "ws-crash",
    });
    expect(next).toMatchObject({ status: "ok", returnValue: "alive" });
  });

  it("queues concurrent calls beyond maxRunners and serves every workspace from its own runner", async () => {
    const code = py`
      import builtins
      def handler(event, profile, context):
          seen = getattr(builtins, "workspaces_seen", set())
          seen.add(context.workspace_id)
          builtins.workspaces_seen = seen
          return sorted(seen)
    `;
    const workspaces = ["ws-q1", "ws-q2", "ws-q3", "ws-q4"];
    const results = await Promise.all(
      workspaces.flatMap((workspaceId) => [1, 2].map(() => runPython(runtime, code, { workspaceId }))),
    );
    expect(results.map((result) => result.status)).toEqual(Array(8).fill("ok"));
    // A runner only ever saw its own workspace (module state is per workspace, never shared).
    results.forEach((result, index) => {
      expect(result.returnValue).toEqual([workspaces[Math.floor(index / 2)]]);
    });
    expect(runtime.describe().runners).toBeLessThanOrEqual(3);
  }, 60_000);

  it("stops its runners when the host process dies, even while guest code spins", async () => {
    // A separate host (node + tsx) starts a runner, sends it a loop that swallows interrupts,
    // reports the runner's pids and is then SIGKILLed: no close(), no wall clock.
    const hostScript = `
      const { createPythonRuntime } = await import(${JSON.stringify(path.resolve("lib/code/runtime/python/index.ts"))});
      const runtime = createPythonRuntime({ warmRunners: 1, maxRunners: 1 });
      await runtime.warmUp();
      const code = "def handler(event, profile, context):\\n    while True:\\n        try:\\n            while True: pass\\n        except BaseException:\\n            pass\\n";
      const limits = { cpuMs: 100, wallMs: 600000, memoryMb: 64, maxFetches: 1, fetchTimeoutMs: 1000, maxFetchResponseBytes: 1000, maxLogBytes: 1000, maxReturnBytes: 1000 };
      runtime.invoke({ invocationId: "i", language: "python", code, cacheKey: "k", workspaceId: "w", functionId: "f", versionId: null, runId: null, event: null, profile: null, env: {}, limits }, { fetch: async () => { throw new Error("no"); }, sdk: async () => null });
      setTimeout(() => console.log(JSON.stringify(runtime.describe().runnerPids)), 500);
    `;
    const host = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", hostScript], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "inherit"],
    });
    const wrapperPids = await new Promise<number[]>((resolve, reject) => {
      host.stdout.on("data", (chunk: Buffer) => resolve(JSON.parse(chunk.toString("utf8"))));
      host.on("exit", (code) => reject(new Error(`host exited early (${code})`)));
    });
    const runnerPids = [...wrapperPids, ...childrenOf(wrapperPids)];
    expect(runnerPids.length).toBeGreaterThanOrEqual(2);
    host.kill("SIGKILL");
    const deadline = Date.now() + 5_000;
    while (runnerPids.some(isRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(runnerPids.filter(isRunning)).toEqual([]);
  }, 60_000);
});

function childrenOf(parents: number[]): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parents.includes(ppid)) children.push(Number(entry));
    } catch {
      // the process ended while we listed
    }
  }
  return children;
}

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
