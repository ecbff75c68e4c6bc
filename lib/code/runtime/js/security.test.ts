import { readFileSync } from "node:fs";
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileJavaScript } from "@/lib/code/compile";
import { createGuardedFetch } from "@/lib/code/runtime/host-fetch";
import { DEFAULT_LIMITS, type IHostBridge, type TInvocationResult } from "@/lib/code/runtime/types";
import { createGuardedDispatcher, EMPTY_ALLOWLIST } from "@/lib/webhooks/ssrf";
import { createRecordingDial } from "@/lib/webhooks/ssrf/ssrf-test-support";
import { createJavaScriptRuntime, type TJavaScriptRuntime } from "./js-runtime";
import { runFunction, type TRunOptions } from "./js-test-support";

// Hostile functions. Each must fail to do harm: no host object, no Node API, no file, no secret
// of the host, no socket but through the guard, no runaway CPU or memory, no damage to the host's
// prototypes — and the host's event loop stays responsive while they run (measured below).
// Fetches go to a guard with an empty allowlist and a dial that records instead of connecting.

const NO_HARM = "no harm";
/** monitorEventLoopDelay samples every this many ms; each sample includes this interval. */
const LAG_RESOLUTION_MS = 5;
let runtime: TJavaScriptRuntime;
let lag: IntervalHistogram;
const dial = createRecordingDial();
const dispatcher = createGuardedDispatcher({ allowlist: EMPTY_ALLOWLIST, dial: dial.dial });
const refusingBridge: IHostBridge = {
  fetch: createGuardedFetch({ limits: DEFAULT_LIMITS, dispatcher }),
  sdk: async (method, args) => ({ method, args }),
};
const objectPrototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  runtime = createJavaScriptRuntime();
  await runtime.warmUp();
  lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
});
afterAll(async () => {
  lag.disable();
  await runtime.close();
  await dispatcher.destroy();
});

function hostile(source: string, options: TRunOptions = {}): Promise<TInvocationResult> {
  return runFunction(runtime, source, {
    bridge: refusingBridge,
    env: { API_KEY: "only-this" },
    ...options,
    limits: { cpuMs: 500, wallMs: 1_500, memoryMb: 32, ...options.limits },
  });
}

describe("no Node.js inside", () => {
  it("1. has no process, require, Buffer, module loader or timers of Node on the global", async () => {
    const result =
      await hostile(`export default () => [typeof process, typeof globalThis.require, typeof Buffer,
      typeof setImmediate, typeof globalThis.module, typeof __dirname, typeof WebAssembly, typeof Atomics, typeof SharedArrayBuffer]`);
    expect(result.returnValue).toEqual(Array(9).fill("undefined"));
  });

  it("2. cannot require fs or child_process, by literal (refused at save) or computed name (refused at run)", async () => {
    const compiled = await compileJavaScript(
      'import cp from "child_process";\nexport default () => cp.execSync("id")',
    );
    expect(compiled.errors[0]?.message).toMatch(/Cannot import "child_process"/);
    const result = await hostile(`export default () => {
      const out = [];
      for (const name of ["f" + "s", "child_" + "process", "node:" + "net", "module", "../../../../etc/passwd"]) {
        try { require(name); out.push("loaded " + name); } catch (error) { out.push(error.message.split(": functions")[0]); }
      }
      return out;
    }`);
    expect(result.returnValue).toEqual([
      'Cannot find module "fs"',
      'Cannot find module "child_process"',
      'Cannot find module "node:net"',
      'Cannot find module "module"',
      'Cannot find module "../../../../etc/passwd"',
    ]);
  });

  it("3. cannot import('fs') dynamically", async () => {
    const result = await hostile(
      'export default async () => { const name = "f" + "s"; try { await import(name); return "loaded"; } catch (e) { return e.message.split(": functions")[0]; } }',
    );
    expect(result.returnValue).toBe('Cannot find module "fs"');
  });
});

describe("constructor-chain escapes reach only the sandbox's own realm", () => {
  it("4. this.constructor.constructor and Function('return this') give the sandbox global", async () => {
    const result = await hostile(`export default function () {
      const viaObject = ({}).constructor.constructor("return this")();
      const viaFunction = Function("return typeof process + typeof require")();
      const viaSloppyThis = (function () { return this; }).call(undefined);
      return [typeof viaObject.process, viaFunction, viaSloppyThis === undefined ? "strict" : typeof viaSloppyThis.process];
    }`);
    expect(result.returnValue).toEqual(["undefined", "undefinedundefined", "strict"]);
  });

  it("5. via errors, promises, proxies, generators and Symbol tricks", async () => {
    const result = await hostile(`export default async function () {
      const probes = [];
      try { null.x; } catch (error) { probes.push(error.constructor.constructor("return typeof process")()); }
      probes.push(Promise.resolve().constructor.constructor("return typeof process")());
      probes.push(await (async () => {}).constructor("return typeof process")());
      probes.push((function* () {}).constructor("yield typeof process")().next().value);
      const proxy = new Proxy({}, { get: (_t, key) => key === Symbol.toPrimitive ? () => "p" : Function("return typeof process")() });
      probes.push(proxy.anything);
      probes.push(Symbol.for("nodejs.util.inspect.custom").constructor.constructor("return typeof process")());
      Error.prepareStackTrace = (_error, frames) => frames.map((frame) => typeof frame.getThis());
      probes.push(new Error().stack.join(","));
      return probes;
    }`);
    const probes = result.returnValue as unknown[];
    expect(probes.slice(0, 6)).toEqual(Array(6).fill("undefined"));
    // Stack frames expose only guest functions (no host receiver objects).
    expect(String(probes[6])).not.toMatch(/object/);
  });

  it("6. the injected fetch, console, SDK, crypto and timers lead to no host object or Reference", async () => {
    const result = await hostile(`import hookflow from "hookflow";
    import * as hookflowCrypto from "hookflow/crypto";
    export default async function (event, profile, context) {
      const roots = { fetch, console, setTimeout, clearTimeout, crypto, hookflow, hookflowCrypto, context, global: globalThis };
      const seen = new Set(); const found = []; const queue = Object.entries(roots);
      while (queue.length > 0) {
        const [path, value] = queue.shift();
        if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) continue;
        seen.add(value);
        // An isolated-vm Reference or ExternalCopy has these; a WeakRef has only deref.
        if (["derefInto", "applySync", "applyIgnored", "copySync", "copyInto"].some((name) => typeof value[name] === "function")) found.push(path);
        // A function from another realm (the host's) would have another realm's Function.
        if (typeof value === "function" && value.constructor !== Function && Object.getPrototypeOf(value.constructor) !== Function) found.push(path + " foreign");
        for (const key of Reflect.ownKeys(value)) {
          let inner; try { inner = value[key]; } catch { continue; }
          queue.push([path + "." + String(key), inner]);
        }
        queue.push([path + ".__proto__", Object.getPrototypeOf(value)]);
      }
      return { found, visited: seen.size };
    }`);
    expect(result.error).toBeNull();
    expect((result.returnValue as { found: string[] }).found).toEqual([]);
    expect((result.returnValue as { visited: number }).visited).toBeGreaterThan(50);
  });

  it("7. a Proxy or getter handed to the SDK or console runs only in the sandbox; the host gets plain data", async () => {
    const calls: unknown[][] = [];
    const result = await hostile(
      `import { profiles } from "hookflow";
      export default async function () {
        let reads = 0;
        const sneaky = new Proxy({}, { ownKeys: () => { reads++; return ["a"]; }, getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }), get: () => { reads++; return 1; } });
        console.log(sneaky);
        await profiles.update(sneaky);
        return reads > 0 ? "${NO_HARM}" : "no traps ran";
      }`,
      { bridge: { ...refusingBridge, sdk: async (_method, args) => calls.push(args) } },
    );
    expect(result.returnValue).toBe(NO_HARM);
    expect(calls).toEqual([[{ a: 1 }]]);
    expect(Object.getPrototypeOf(calls[0]?.[0])).toBe(Object.prototype);
  });
});

describe("host files, secrets and network", () => {
  it("8. cannot read /etc/passwd (no fs; fetch refuses file:)", async () => {
    const result = await hostile(
      'export default async () => { try { await fetch("file:///etc/passwd"); return "read"; } catch (e) { return e.message; } }',
    );
    expect(result.returnValue).toBe("fetch: only http and https URLs can be fetched, not file:");
  });

  it("9. sees only its own env: no DATABASE_URL, and the runner process's environment is empty", async () => {
    const result = await hostile(
      "export default (e, p, context) => ({ keys: Object.keys(context.env), db: typeof DATABASE_URL, frozen: Object.isFrozen(context.env) })",
    );
    expect(result.returnValue).toEqual({ keys: ["API_KEY"], db: "undefined", frozen: true });
    const environ = readFileSync(`/proc/${runtime.runnerPid()}/environ`, "utf8");
    expect(environ).not.toMatch(/DATABASE_URL|HOOKFLOW_APP_KEY|HOOKFLOW_TEST_DATABASE_URL/);
  });

  it("9b. behind isolated-vm, the runner process itself may not write files, spawn processes or start threads", () => {
    expect(runtime.runnerPermissions()).toEqual({
      fsWrite: false,
      childProcess: false,
      workerThreads: false,
    });
  });

  it.runIf(process.platform === "linux")(
    "9c. the runner has a network and PID namespace of its own (no route to the database even after an escape)",
    () => {
      expect(["namespaces-nobody", "namespaces-userns"]).toContain(runtime.runnerIsolation());
    },
  );

  it("10. cannot open a socket to the database port or reach the metadata address; nothing is dialled", async () => {
    const result = await hostile(`export default async () => {
      const out = [];
      for (const url of ["http://127.0.0.1:55432/", "http://localhost:5432/", "http://169.254.169.254/latest/meta-data/iam/", "http://[::ffff:127.0.0.1]:55432/"]) {
        try { await fetch(url, { method: "POST", body: "x" }); out.push("reached"); } catch (e) { out.push(e.message.includes("Refused to connect") ? "refused" : e.message); }
      }
      return out;
    }`);
    expect(result.returnValue).toEqual(["refused", "refused", "refused", "refused"]);
    expect(dial.dialled).toEqual([]);
  });
});

describe("runaway CPU, memory and output", () => {
  it("11. while(true){} before an await is stopped by the CPU limit", async () => {
    const result = await hostile("export default () => { while (true) {} }");
    expect(result.status).toBe("timeout");
  });

  it("12. while(true){} after an await is stopped by the wall clock", async () => {
    const result = await hostile(
      'import { profiles } from "hookflow";\nexport default async () => { await profiles.get(); while (true) {} }',
      { limits: { cpuMs: 10_000, wallMs: 500 } },
    );
    expect(result.status).toBe("timeout");
  });

  it("13. an endless microtask chain and a hostile toJSON are stopped", async () => {
    const microtasks = await hostile(
      "export default () => { const loop = () => Promise.resolve().then(loop); loop(); return new Promise(() => {}); }",
    );
    // Each turn allocates a promise: the CPU or the memory limit ends it, whichever comes first.
    expect(["timeout", "memory"]).toContain(microtasks.status);
    const toJson = await hostile("export default () => ({ toJSON() { while (true) {} } })");
    expect(toJson.status).toBe("timeout");
  });

  it.each([
    ["arrays", "const kept = []; while (true) kept.push(new Array(10000).fill(Math.random()));"],
    ["strings", 'const kept = []; let s = "x"; while (true) { s = s + s; kept.push(s + Math.random()); }'],
    ["ArrayBuffers", "const kept = []; while (true) kept.push(new ArrayBuffer(4 * 1024 * 1024));"],
    ["one huge ArrayBuffer", "return new ArrayBuffer(2 * 1024 * 1024 * 1024).byteLength;"],
  ])("14. a memory bomb of %s is stopped", async (_kind, body) => {
    const result = await hostile(`export default () => { ${body} }`, {
      limits: { cpuMs: 5_000, wallMs: 5_000 },
    });
    expect(result.status).not.toBe("ok");
    expect(["memory", "error"]).toContain(result.status);
    if (result.status === "error")
      expect(result.error?.message).toMatch(/allocation failed|Invalid (string|array) length|memory/i);
  });

  it("15. unbounded recursion ends in a RangeError, not a crash", async () => {
    const result = await hostile("export default function f() { return f() + 1; }");
    expect(result.error).toMatchObject({ name: "RangeError", message: "Maximum call stack size exceeded" });
  });

  it("16. huge console output is capped", async () => {
    const result = await hostile(
      'export default () => { const big = "z".repeat(1024 * 1024); for (let i = 0; i < 500; i++) console.log(big); return 1; }',
      { limits: { maxLogBytes: 64 * 1024 } },
    );
    expect(result.status).toBe("ok");
    expect(result.logsTruncated).toBe(true);
    expect(JSON.stringify(result.logs).length).toBeLessThan(70 * 1024);
  });

  it("17. a huge return value is refused", async () => {
    const result = await hostile('export default () => ({ data: "r".repeat(8 * 1024 * 1024) })', {
      limits: { memoryMb: 64, maxReturnBytes: 256 * 1024 },
    });
    expect(result.status).toBe("error");
    expect(result.error?.message).toMatch(/^The return value is \d+ bytes of JSON; the limit is 262144$/);
    expect(result.returnValue).toBeNull();
  });

  it("18. a setTimeout far in the future is cut off by the wall clock", async () => {
    const result = await hostile("export default () => new Promise((r) => setTimeout(r, 10 ** 9))", {
      limits: { wallMs: 300 },
    });
    expect(result.status).toBe("timeout");
  });
});

describe("the host and other functions are unaffected", () => {
  it("19. prototype pollution stays in the sandbox; a __proto__ key comes back as plain data", async () => {
    const result = await hostile(`export default () => {
      Object.prototype.polluted = "yes"; Array.prototype.map = () => "broken"; JSON.parse = () => ({ hacked: true });
      return JSON.parse('{"__proto__": {"isAdmin": true}}');
    }`);
    expect(result.status).toBe("ok");
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectPrototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect([1].map((n) => n + 1)).toEqual([2]);
  });

  it("20. a function that sabotages its own globals (JSON, Promise) still gets a result, and others are untouched", async () => {
    const sabotage = await hostile(`export default () => {
      JSON.stringify = () => { throw new Error("no"); };
      Promise.prototype.then = function () { return this; };
      return { fine: true };
    }`);
    expect(["ok", "error", "timeout"]).toContain(sabotage.status);
    const other = await hostile("export default () => JSON.stringify({ still: [1, 2].map((n) => n * 2) })");
    expect(other).toMatchObject({ status: "ok", returnValue: '{"still":[2,4]}' });
  });

  it("21. hostile functions running together leave the host's event loop responsive", async () => {
    const started = performance.now();
    const results = await Promise.all([
      hostile("export default () => { while (true) {} }", { limits: { cpuMs: 1_500 } }),
      hostile("export default async () => { await null; while (true) {} }", {
        limits: { cpuMs: 5_000, wallMs: 1_500 },
      }),
      hostile("export default () => { const a = []; while (true) a.push(new Array(1e4).fill(1)); }", {
        limits: { cpuMs: 5_000, wallMs: 5_000 },
      }),
      hostile('export default () => { for (;;) console.log("spam".repeat(1000)); }', {
        limits: { cpuMs: 1_500 },
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual(["timeout", "timeout", "memory", "timeout"]);
    expect(performance.now() - started).toBeLessThan(6_000);
  });

  it("22. the host's event-loop delay stayed bounded across the whole suite", () => {
    const delayMs = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - LAG_RESOLUTION_MS);
    const p99Ms = delayMs(lag.percentile(99));
    const maxMs = delayMs(lag.max);
    console.info(
      `host event-loop delay while hostile functions ran: p50 ${delayMs(lag.percentile(50)).toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms`,
    );
    // Compiling each function (esbuild) and vitest itself share this loop; the runner does not.
    // A host that ran guest code itself would stall for a whole CPU budget (1.5 s in test 21);
    // the bounds leave room for a loaded CI machine.
    expect(p99Ms).toBeLessThan(100);
    expect(maxMs).toBeLessThan(1_000);
  });
});
