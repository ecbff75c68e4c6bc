import http from "node:http";
import net from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedDispatcher, EMPTY_ALLOWLIST } from "@/lib/webhooks/ssrf";
import { createGuardedFetch } from "../host-fetch";
import { DEFAULT_LIMITS } from "../types";
import { createPythonRuntime, type TPythonRuntime } from "./index";
import { createRecordingBridge, py, runPython } from "./python-test-support";
import { detectSandboxCommand } from "./sandbox-command";

// Hostile Python functions against real runner processes. Every escape into the runner's
// JavaScript is expected to WORK (Pyodide is not a sandbox); what is tested is what it can reach
// from there: no environment, no files, no network, no other processes, no host stall. The
// network/PID assertions need the namespaces, which this machine (root in a container) has; the
// suite states which isolation it ran under.

let runtime: TPythonRuntime;
/** Namespaces available here (probed like the runtime does); without them tests 8 and 9 are skipped, visibly. */
const isolated = detectSandboxCommand().isolation !== "none";
/** Connections and requests that reached the test's loopback listeners (must stay empty). */
const reached: string[] = [];
let tcpServer: net.Server;
let httpServer: http.Server;
let tcpPort = 0;
let httpPort = 0;
const lag = monitorEventLoopDelay({ resolution: 10 });

/** A guest that escapes into the runner's JavaScript and runs `body` (async JS) there. */
function escapeTo(body: string): string {
  return py`
    import json, pyodide_js
    run_js = pyodide_js.FS.constructor.constructor
    async def handler(event, profile, context):
        outcome = await run_js(${JSON.stringify(`return (async () => { try { ${body} } catch (e) { return "denied: " + (e.code || e.message); } })()`)})()
        return outcome
  `;
}

beforeAll(async () => {
  runtime = createPythonRuntime({ warmRunners: 2, maxRunners: 3 });
  await runtime.warmUp();
  tcpServer = net.createServer((socket) => {
    reached.push("tcp");
    socket.destroy();
  });
  httpServer = http.createServer((req, res) => {
    reached.push(`http ${req.url}`);
    res.end("reached");
  });
  await new Promise<void>((resolve) => tcpServer.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  tcpPort = (tcpServer.address() as net.AddressInfo).port;
  httpPort = (httpServer.address() as net.AddressInfo).port;
  lag.enable();
}, 120_000);

afterAll(async () => {
  lag.disable();
  console.log(
    `host event-loop delay while hostile functions ran (isolation ${runtime?.describe().isolation}): ` +
      `p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`,
  );
  await runtime?.close();
  await new Promise((resolve) => tcpServer?.close(resolve));
  await new Promise((resolve) => httpServer?.close(resolve));
});

describe("escapes into the runner's JavaScript reach nothing of the host", () => {
  it("1. pyodide_js FS constructor escape: reaches the runner's process, whose environment is empty", async () => {
    process.env.HOOKFLOW_PY_TEST_SECRET = "host-secret";
    const result = await runPython(
      runtime,
      escapeTo(
        "return JSON.stringify({ pid: process.pid, env: process.env, argv: process.argv.length > 0 });",
      ),
    );
    expect(result.status).toBe("ok");
    const seen = JSON.parse(String(result.returnValue));
    expect(seen.env).toEqual({});
    if (isolated) expect(seen.pid).toBe(1);
  });

  it("2. import js / from js import process: the js module is an empty object", async () => {
    const result = await runPython(
      runtime,
      py`
        import js
        def handler(event, profile, context):
            try:
                from js import process
                return "imported process"
            except ImportError as error:
                return ["ImportError", hasattr(js, "process"), hasattr(js, "require")]
      `,
    );
    expect(result.returnValue).toEqual(["ImportError", false, false]);
  });

  it("3. reading /etc/passwd and the project's files: Python sees its own in-memory FS, JS is denied", async () => {
    const fromPython = await runPython(
      runtime,
      py`
        def handler(event, profile, context):
            found = []
            for path in ["/etc/passwd", "/proc/self/environ", "${process.cwd()}/package.json", "${process.cwd()}/.env"]:
                try:
                    open(path).read()
                    found.append(path)
                except OSError:
                    pass
            return found
      `,
    );
    expect(fromPython.returnValue).toEqual([]);
    const fromJs = await runPython(
      runtime,
      escapeTo(
        `const fs = await import("node:fs"); return ["/etc/passwd", "${process.cwd()}/package.json", "/proc/1/environ"].map((p) => { try { fs.readFileSync(p); return "read " + p; } catch (e) { return e.code; } }).join(",");`,
      ),
    );
    expect(fromJs.returnValue).toBe("ERR_ACCESS_DENIED,ERR_ACCESS_DENIED,ERR_ACCESS_DENIED");
  });

  it("4. os.environ holds no DATABASE_URL, app key or other function's secrets; context.env only this function's", async () => {
    const result = await runPython(
      runtime,
      py`
        import os
        def handler(event, profile, context):
            return {"environ": sorted(os.environ), "env": context.env}
      `,
      { env: { MY_KEY: "mine" } },
    );
    // Only Emscripten's and Pyodide's defaults (USER=web_user, PATH=/, `_` = the runner's script…).
    const PYODIDE_DEFAULTS = [
      "HOME",
      "LANG",
      "LD_LIBRARY_PATH",
      "LOGNAME",
      "PATH",
      "PWD",
      "PYTHONINSPECT",
      "USER",
      "_",
    ];
    expect(result.returnValue).toEqual({ environ: PYODIDE_DEFAULTS, env: { MY_KEY: "mine" } });
  });

  it("5. writing files, spawning processes, workers and native addons are denied", async () => {
    const result = await runPython(
      runtime,
      escapeTo(`
        const out = [];
        const fs = await import("node:fs");
        try { fs.writeFileSync("/tmp/hookflow-escape.txt", "x"); out.push("wrote"); } catch (e) { out.push(e.code); }
        const cp = await import("node:child_process");
        try { cp.execSync("id"); out.push("spawned"); } catch (e) { out.push(e.code); }
        const wt = await import("node:worker_threads");
        try { new wt.Worker("1", { eval: true }); out.push("worker"); } catch (e) { out.push(e.code); }
        try { process.dlopen({ exports: {} }, "/lib/x.node"); out.push("dlopen"); } catch (e) { out.push(e.code); }
        return out.join(",");`),
    );
    // node:fs write, child_process, worker_threads: the permission model; addons: disabled by it.
    expect(result.returnValue).toBe(
      "ERR_ACCESS_DENIED,ERR_ACCESS_DENIED,ERR_ACCESS_DENIED,ERR_DLOPEN_DISABLED",
    );
  });
});

describe("no network of its own", () => {
  it("6. a Python socket to the database port fails and nothing arrives", async () => {
    const result = await runPython(
      runtime,
      py`
        import socket
        def handler(event, profile, context):
            try:
                s = socket.create_connection(("127.0.0.1", ${tcpPort}), timeout=2)
                return "connected"
            except Exception as error:
                return type(error).__name__
      `,
    );
    expect(result.returnValue).not.toBe("connected");
    expect(reached).toEqual([]);
  });

  it("7. urllib to 169.254.169.254 and 127.0.0.1 fails", async () => {
    const result = await runPython(
      runtime,
      py`
        import urllib.request
        def handler(event, profile, context):
            outcomes = []
            for url in ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:${httpPort}/urllib"]:
                try:
                    urllib.request.urlopen(url, timeout=2).read()
                    outcomes.append("fetched")
                except Exception as error:
                    outcomes.append(type(error).__name__)
            return outcomes
      `,
    );
    expect(result.returnValue).not.toContain("fetched");
    expect(reached).toEqual([]);
  });

  it.runIf(isolated)(
    "8. through the JS FFI, node:net and fetch cannot reach the host's loopback (network namespace)",
    async () => {
      const result = await runPython(
        runtime,
        escapeTo(`
        const net = await import("node:net");
        const tcp = await new Promise((resolve) => {
          const socket = net.connect(${tcpPort}, "127.0.0.1");
          socket.on("connect", () => resolve("connected"));
          socket.on("error", (e) => resolve(e.code));
        });
        let viaFetch;
        try { await fetch("http://127.0.0.1:${httpPort}/fetch"); viaFetch = "fetched"; } catch (e) { viaFetch = e.cause?.code || e.message; }
        let metadata;
        try { await fetch("http://169.254.169.254/", { signal: AbortSignal.timeout(2000) }); metadata = "fetched"; } catch (e) { metadata = e.cause?.code || e.name; }
        return [tcp, viaFetch, metadata].join(",");`),
      );
      expect(String(result.returnValue)).not.toMatch(/connected|fetched/);
      expect(reached).toEqual([]);
    },
  );

  it("9b. hookflow.http to the metadata address and the database port is refused by the host's guard, without dialling", async () => {
    const dispatcher = createGuardedDispatcher({ allowlist: EMPTY_ALLOWLIST });
    const bridge = createRecordingBridge({
      fetch: createGuardedFetch({ limits: DEFAULT_LIMITS, dispatcher }),
    });
    const result = await runPython(
      runtime,
      py`
        from hookflow import http, HookflowError
        async def handler(event, profile, context):
            refused = []
            for url in ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:${tcpPort}/", "http://127.0.0.1:${httpPort}/guard"]:
                try:
                    await http.get(url)
                except HookflowError as error:
                    refused.append(url)
            return len(refused)
      `,
      { bridge },
    );
    await dispatcher.destroy();
    expect(result.returnValue).toBe(3);
    expect(result.fetches.every((record) => record.status === null && record.error)).toBe(true);
    expect(reached).toEqual([]);
  });

  it.runIf(isolated)("9. the runner cannot see or signal the host (PID namespace)", async () => {
    const result = await runPython(
      runtime,
      escapeTo(`try { process.kill(${process.pid}, 0); return "visible"; } catch (e) { return e.code; }`),
    );
    expect(result.returnValue).toBe("ESRCH");
  });
});

describe("runaway code and floods", () => {
  it("10. while True: pass — stopped by the interrupt buffer", async () => {
    const result = await runPython(runtime, "def handler(event, profile, context):\n    while True: pass\n", {
      limits: { cpuMs: 300 },
      workspaceId: "ws-runaway",
    });
    expect(result.status).toBe("timeout");
    expect(result.error?.message).toContain("CPU time limit");
  });

  it("11. while True after an await — stopped too", async () => {
    const result = await runPython(
      runtime,
      "import asyncio\nasync def handler(event, profile, context):\n    await asyncio.sleep(0.01)\n    while True: pass\n",
      { limits: { cpuMs: 300 }, workspaceId: "ws-runaway" },
    );
    expect(result.status).toBe("timeout");
    expect(result.error?.line).toBe(4);
  });

  it("12. a loop that swallows KeyboardInterrupt is killed at the wall clock", async () => {
    const result = await runPython(
      runtime,
      "def handler(event, profile, context):\n    while True:\n        try:\n            while True: pass\n        except BaseException:\n            pass\n",
      { limits: { cpuMs: 200, wallMs: 2_500 }, workspaceId: "ws-runaway" },
    );
    expect(result.status).toBe("timeout");
    expect(result.error?.message).toBe("wall-clock limit of 2500 ms exceeded");
  });

  it.each([
    ["bytearray", "data = bytearray(400 * 1024 * 1024)"],
    ["list", "data = [0] * (100 * 1024 * 1024)"],
    ["string", "data = 'x' * (400 * 1024 * 1024)"],
    ["growing list", "data = []\n    while True: data.append('y' * 65536)"],
  ])("13. memory bomb (%s) ends as 'memory'", async (_name, statement) => {
    const result = await runPython(runtime, `def handler(event, profile, context):\n    ${statement}\n`, {
      limits: { memoryMb: 64 },
      workspaceId: "ws-memory",
    });
    expect(result.status).toBe("memory");
  });

  it("14. huge print output is capped", async () => {
    const result = await runPython(
      runtime,
      "def handler(event, profile, context):\n    for i in range(20000):\n        print('z' * 1000)\n    return 'printed'\n",
      { limits: { maxLogBytes: 64 * 1024 } },
    );
    expect(result).toMatchObject({ status: "ok", returnValue: "printed", logsTruncated: true });
    expect(JSON.stringify(result.logs).length).toBeLessThan(80 * 1024);
  });

  it("15. a huge return value is refused", async () => {
    const result = await runPython(
      runtime,
      "def handler(event, profile, context):\n    return ['x' * 1000] * 10000\n",
    );
    expect(result.status).toBe("error");
    expect(result.error?.name).toBe("LimitError");
  });

  it("16. a forged oversized IPC frame from an escaped guest ends the runner, not the host", async () => {
    const result = await runPython(
      runtime,
      escapeTo(`
        const fs = await import("node:fs");
        const header = Buffer.alloc(4); header.writeUInt32BE(1_000_000_000, 0);
        fs.writeSync(3, header);
        await new Promise((r) => setTimeout(r, 5000));
        return "survived";`),
      { workspaceId: "ws-forge" },
    );
    expect(result.returnValue).toBe(null);
    expect(result.status).toBe("crashed");
    expect(result.error?.name).toBe("RunnerProtocolError");
  });
});

describe("workspaces never share a runner", () => {
  it("17. state left by one workspace's function is invisible to another workspace", async () => {
    const plant = py`
      import builtins, pyodide_js
      def handler(event, profile, context):
          builtins.stolen = context.env["SECRET"]
          pyodide_js.FS.constructor.constructor("globalThis.stolen = arguments[0]")(context.env["SECRET"])
          return "planted"
    `;
    const read = py`
      import builtins, pyodide_js
      def handler(event, profile, context):
          return [getattr(builtins, "stolen", None), pyodide_js.FS.constructor.constructor("return globalThis.stolen ?? null")()]
    `;
    expect(
      (await runPython(runtime, plant, { workspaceId: "ws-a", env: { SECRET: "a-secret" } })).returnValue,
    ).toBe("planted");
    expect((await runPython(runtime, read, { workspaceId: "ws-b" })).returnValue).toEqual([null, null]);
  });

  it("the host stayed responsive while all of the above ran", () => {
    // Generous: the machine is shared; a stalled host (a blocking parse, a sync wait) shows as seconds.
    expect(lag.max / 1e6).toBeLessThan(1_000);
  });
});
