import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJavaScriptRuntime, type TJavaScriptRuntime } from "./js-runtime";
import { createRecordingBridge, runFunction } from "./js-test-support";

// Through the real runner process and real isolates; nothing here is mocked but the SDK's host side.

let runtime: TJavaScriptRuntime;
beforeAll(async () => {
  runtime = createJavaScriptRuntime();
  await runtime.warmUp();
});
afterAll(async () => {
  await runtime.close();
});

describe("handler, arguments and return value", () => {
  it("passes event, profile and context (ids, env) and returns the value as is", async () => {
    const result = await runFunction(
      runtime,
      `export default async function (event, profile, context) {
        return { event, email: profile.email, ids: [context.functionId, context.runId, context.invocationId], key: context.env.API_KEY };
      }`,
      {
        event: { metric: "Placed Order", value: 42 },
        env: { API_KEY: "secret-1" },
        runId: "run-7",
        invocationId: "inv-fixed",
      },
    );
    expect(result.error).toBeNull();
    expect(result.status).toBe("ok");
    expect(result.returnValue).toEqual({
      event: { metric: "Placed Order", value: 42 },
      email: "ada@example.com",
      ids: ["fn-test", "run-7", "inv-fixed"],
      key: "secret-1",
    });
    expect(result.cpuMs).toBeGreaterThan(0);
    expect(result.memoryBytes).toBeGreaterThan(0);
  });

  it("gives null for the event when the run was not started by one, and null for undefined", async () => {
    const result = await runFunction(runtime, "export default (event) => { if (event !== null) throw 1; }");
    expect(result).toMatchObject({ status: "ok", returnValue: null });
  });

  it("refuses a return value past maxReturnBytes", async () => {
    const result = await runFunction(runtime, 'export default () => "x".repeat(5000)', {
      limits: { maxReturnBytes: 1000 },
    });
    expect(result.status).toBe("error");
    expect(result.error?.message).toBe("The return value is 5002 bytes of JSON; the limit is 1000");
  });

  it("says when the return value is not JSON-serialisable", async () => {
    const result = await runFunction(runtime, "export default () => ({ big: 10n })");
    expect(result.status).toBe("error");
    expect(result.error?.message).toMatch(/not JSON-serialisable.*BigInt/);
  });
});

describe("console", () => {
  it("captures each level with its formatted arguments", async () => {
    const result = await runFunction(
      runtime,
      `export default () => {
        console.log("plain", 1, { a: [1, 2] });
        console.info("info"); console.warn("warn"); console.error(new TypeError("bad")); console.debug(undefined, null);
      }`,
    );
    expect(result.logs.map((line) => [line.level, line.message.split("\n")[0]])).toEqual([
      ["log", 'plain 1 {"a":[1,2]}'],
      ["info", "info"],
      ["warn", "warn"],
      ["error", "TypeError: bad"],
      ["debug", "undefined null"],
    ]);
    expect(result.logsTruncated).toBe(false);
  });

  it("stops capturing at maxLogBytes and says so", async () => {
    const result = await runFunction(
      runtime,
      'export default () => { for (let i = 0; i < 10000; i++) console.log("line " + i + " " + "y".repeat(50)); return "done"; }',
      { limits: { maxLogBytes: 2000 } },
    );
    expect(result.status).toBe("ok");
    expect(result.logsTruncated).toBe(true);
    const bytes = result.logs.reduce((sum, line) => sum + Buffer.byteLength(line.message) + 1, 0);
    expect(bytes).toBeLessThanOrEqual(2000);
    expect(result.logs[0]?.message).toMatch(/^line 0 y+$/);
  });

  it("keeps each invocation's lines to itself when invocations overlap", async () => {
    const source = `export default async (event) => {
      console.log("start " + event.n);
      await new Promise((resolve) => setTimeout(resolve, 20 - event.n));
      console.log("end " + event.n);
      return event.n;
    }`;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => runFunction(runtime, source, { event: { n } })),
    );
    results.forEach((result, n) => {
      expect(result.returnValue).toBe(n);
      expect(result.logs.map((line) => line.message)).toEqual([`start ${n}`, `end ${n}`]);
    });
  });
});

describe("errors map to the user's lines", () => {
  it("points at the line of a throw inside the handler", async () => {
    const result = await runFunction(
      runtime,
      'import _ from "lodash";\n\nexport default async function (event) {\n  const total = _.sum([1, 2]);\n  throw new RangeError("too many: " + total);\n}\n',
    );
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({ name: "RangeError", message: "too many: 3", line: 5, column: 9 });
    expect(result.error?.stack).toContain("function.js:5:9");
    expect(result.error?.stack).not.toContain("hookflow-bootstrap");
  });

  it("points at a TypeError from reading a property of undefined", async () => {
    const result = await runFunction(
      runtime,
      "export default (event) => {\n  const x = 1;\n  return event.missing.deep;\n}",
    );
    expect(result.error).toMatchObject({ name: "TypeError", line: 3 });
  });

  it("reports an error thrown at the module's top level", async () => {
    const result = await runFunction(
      runtime,
      'const x = 1;\nthrow new Error("top");\nexport default () => x;',
    );
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({ message: "top", line: 2 });
  });

  it("describes a thrown non-Error value", async () => {
    const result = await runFunction(runtime, "export default async () => { throw { code: 42 }; }");
    expect(result.error?.message).toBe('Thrown: {"code":42}');
  });
});

describe("limits", () => {
  it("stops synchronous code at cpuMs", async () => {
    const started = performance.now();
    const result = await runFunction(runtime, "export default () => { while (true) {} }", {
      limits: { cpuMs: 200 },
    });
    expect(result.status).toBe("timeout");
    expect(result.error?.message).toBe("The function used more than 200 ms of CPU and was stopped");
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("stops code after an await at wallMs by disposing the isolate", async () => {
    const started = performance.now();
    const result = await runFunction(
      runtime,
      "export default async () => { await new Promise((r) => setTimeout(r, 5)); while (true) {} }",
      { limits: { cpuMs: 5_000, wallMs: 400 } },
    );
    expect(result.status).toBe("timeout");
    expect(result.error?.message).toBe("The function ran longer than 400 ms (wall clock) and was stopped");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("holds the CPU budget across awaits (sampled), well before a longer wall clock", async () => {
    const started = performance.now();
    const result = await runFunction(
      runtime,
      "export default async () => { await new Promise((r) => setTimeout(r, 5)); while (true) {} }",
      { limits: { cpuMs: 300, wallMs: 10_000 } },
    );
    expect(result.status).toBe("timeout");
    expect(result.error?.message).toBe("The function used more than 300 ms of CPU and was stopped");
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("stops a function waiting forever at wallMs", async () => {
    const result = await runFunction(runtime, "export default () => new Promise(() => {})", {
      limits: { wallMs: 300 },
    });
    expect(result.status).toBe("timeout");
  });

  it("stops a function past memoryMb", async () => {
    const result = await runFunction(
      runtime,
      'export default () => { const kept = []; while (true) kept.push("x".repeat(1000) + Math.random()); }',
      { limits: { memoryMb: 16, cpuMs: 10_000, wallMs: 10_000 } },
    );
    expect(result.status).toBe("memory");
    expect(result.error?.message).toBe("The function used more than 16 MB and was stopped");
  });

  it("runs the next invocation of a function normally after one was stopped", async () => {
    const source = "export default (event) => { if (event.spin) while (true) {} return 'fine'; }";
    expect(
      (await runFunction(runtime, source, { event: { spin: true }, limits: { cpuMs: 100 } })).status,
    ).toBe("timeout");
    expect(
      await runFunction(runtime, source, { event: { spin: false }, limits: { cpuMs: 100 } }),
    ).toMatchObject({
      status: "ok",
      returnValue: "fine",
    });
  });
});

describe("warm contexts", () => {
  const counter = "let count = 0;\nexport default () => ++count;";

  it("keeps a function version's module state between its invocations", async () => {
    const first = await runFunction(runtime, counter, { cacheKey: "warm-1", workspaceId: "ws-a" });
    const second = await runFunction(runtime, counter, { cacheKey: "warm-1", workspaceId: "ws-a" });
    expect([first.returnValue, second.returnValue]).toEqual([1, 2]);
  });

  it("never shares a context across workspaces, even for the same cache key", async () => {
    await runFunction(runtime, counter, { cacheKey: "warm-2", workspaceId: "ws-a" });
    const other = await runFunction(runtime, counter, { cacheKey: "warm-2", workspaceId: "ws-b" });
    expect(other.returnValue).toBe(1);
  });
});

describe("modules", () => {
  it("imports lodash, dayjs and uuid from the allowlist", async () => {
    const result = await runFunction(
      runtime,
      `import _ from "lodash";
      import dayjs from "dayjs";
      import { v4, validate } from "uuid";
      export default () => ({
        chunks: _.chunk([1, 2, 3], 2),
        day: dayjs("2026-01-31T00:00:00Z").add(1, "day").format("YYYY-MM-DD"),
        uuid: validate(v4()),
      });`,
    );
    expect(result.error).toBeNull();
    expect(result.returnValue).toEqual({ chunks: [[1, 2], [3]], day: "2026-02-01", uuid: true });
  });

  it("computes hashes, HMACs and random values with hookflow/crypto and crypto.getRandomValues", async () => {
    const result = await runFunction(
      runtime,
      `import { sha256, hmacSha256, hash, randomUUID, randomBytes } from "hookflow/crypto";
      export default () => ({
        sha256: sha256("abc"),
        hmac: hmacSha256("key", "The quick brown fox jumps over the lazy dog"),
        md5: hash("md5", "abc", "base64"),
        uuid: /^[0-9a-f-]{36}$/.test(randomUUID()),
        bytes: randomBytes(8).length,
        filled: crypto.getRandomValues(new Uint8Array(32)).some((b) => b !== 0),
      });`,
    );
    expect(result.returnValue).toEqual({
      sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      hmac: "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
      md5: "kAFQmDzST7DWlj99KOF/cg==",
      uuid: true,
      bytes: 16,
      filled: true,
    });
  });

  it("refuses an unknown algorithm with a message", async () => {
    const result = await runFunction(
      runtime,
      'import { hash } from "hookflow/crypto";\nexport default () => hash("crc32", "x");',
    );
    expect(result.error).toMatchObject({
      name: "TypeError",
      message: "algorithm must be one of md5, sha1, sha256, sha384, sha512",
    });
  });
});

describe("SDK", () => {
  it("reaches the host bridge with each method and its arguments, and returns its answers", async () => {
    const { bridge, calls } = createRecordingBridge({
      sdk: (method) =>
        method === "getProfile" ? { id: "profile-1", properties: { plan: "pro" } } : { ok: true, method },
    });
    const result = await runFunction(
      runtime,
      `import hookflow, { profiles, lists, events } from "hookflow";
      export default async (event, profile, context) => {
        const before = await profiles.get();
        await hookflow.updateProfile({ plan: "enterprise" });
        await lists.add("VIPs");
        await context.hookflow.removeFromList({ id: "list-2" });
        const created = await events.create({ metric: "Upgraded", properties: { from: before.properties.plan } });
        return created;
      }`,
      { bridge },
    );
    expect(result.error).toBeNull();
    expect(result.returnValue).toEqual({ ok: true, method: "createEvent" });
    expect(calls).toEqual([
      { method: "getProfile", args: [] },
      { method: "updateProfile", args: [{ plan: "enterprise" }] },
      { method: "addToList", args: ["VIPs"] },
      { method: "removeFromList", args: [{ id: "list-2" }] },
      { method: "createEvent", args: [{ metric: "Upgraded", properties: { from: "pro" } }] },
    ]);
    expect(result.sdkCalls.map((call) => [call.method, call.ok])).toEqual(
      calls.map((call) => [call.method, true]),
    );
  });

  it("rejects in the guest with the bridge's message and records the failure", async () => {
    const { bridge } = createRecordingBridge({
      sdk: () => {
        throw new Error('List "Nope" does not exist in this workspace');
      },
    });
    const result = await runFunction(
      runtime,
      'import { lists } from "hookflow";\nexport default async () => {\n  try { await lists.add("Nope"); } catch (error) { return error.message; }\n}',
      { bridge },
    );
    expect(result.returnValue).toBe('List "Nope" does not exist in this workspace');
    expect(result.sdkCalls).toEqual([
      {
        method: "addToList",
        args: ["Nope"],
        ok: false,
        error: 'List "Nope" does not exist in this workspace',
      },
    ]);
  });
});

describe("runner supervision", () => {
  it("answers in-flight invocations 'crashed' when the runner dies, and serves the next one from a new runner", async () => {
    const pid = runtime.runnerPid();
    expect(pid).not.toBeNull();
    const inFlight = runFunction(runtime, "export default () => new Promise((r) => setTimeout(r, 1500))", {
      limits: { wallMs: 3000 },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(pid as number, "SIGKILL");
    const crashed = await inFlight;
    expect(crashed.status).toBe("crashed");
    expect(crashed.error?.message).toMatch(/runner was killed \(SIGKILL\)/);

    const next = await runFunction(runtime, "export default () => 'again'");
    expect(next).toMatchObject({ status: "ok", returnValue: "again" });
    expect(runtime.runnerPid()).not.toBe(pid);
  });

  it("answers 'crashed' after close", async () => {
    const closed = createJavaScriptRuntime();
    await closed.close();
    const result = await runFunction(closed, "export default () => 1");
    expect(result.status).toBe("crashed");
  });
});

describe("work left running after an invocation", () => {
  it("runs setTimeout callbacks within the invocation, and never lets a leftover timer fire into the next one", async () => {
    const source = `let calls = [];
    export default async (event) => {
      calls = [];
      if (event.leave) setTimeout(() => console.log("late from the first invocation"), 150);
      await new Promise((resolve) => setTimeout(() => { calls.push("timer"); resolve(); }, 10));
      if (!event.leave) await new Promise((resolve) => setTimeout(resolve, 300));
      return calls;
    }`;
    const first = await runFunction(runtime, source, { event: { leave: true }, cacheKey: "timers" });
    expect(first.returnValue).toEqual(["timer"]);
    const second = await runFunction(runtime, source, { event: { leave: false }, cacheKey: "timers" });
    expect(second.returnValue).toEqual(["timer"]);
    expect(second.logs).toEqual([]);
  });

  it("never fails the next invocation of a warm isolate with a fetch the previous one did not await", async () => {
    const { bridge } = createRecordingBridge({
      fetch: () =>
        new Promise((_resolve, reject) => setTimeout(() => reject(new Error("late failure")), 100)),
    });
    const source = `export default async (event) => {
      if (event.fire) fetch("https://example.test/");
      if (!event.fire) await new Promise((resolve) => setTimeout(resolve, 250));
      return "done";
    }`;
    const first = await runFunction(runtime, source, {
      event: { fire: true },
      cacheKey: "fire-and-forget",
      bridge,
    });
    const second = await runFunction(runtime, source, {
      event: { fire: false },
      cacheKey: "fire-and-forget",
      bridge,
    });
    expect([first.status, second.status]).toEqual(["ok", "ok"]);
  });
});
