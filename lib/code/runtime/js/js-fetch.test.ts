import type http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGuardedFetch } from "@/lib/code/runtime/host-fetch";
import { DEFAULT_LIMITS, type IHostBridge } from "@/lib/code/runtime/types";
import {
  createGuardedDispatcher,
  EMPTY_ALLOWLIST,
  parseAllowlist,
  type TAllowlist,
} from "@/lib/webhooks/ssrf";
import { startLoopbackServer } from "@/lib/webhooks/ssrf/ssrf-test-support";
import { createJavaScriptRuntime, type TJavaScriptRuntime } from "./js-runtime";
import { runFunction } from "./js-test-support";

// A function's fetch end to end: guest → runner → IPC → host → SSRF-guarded dispatcher → a
// node:http receiver on 127.0.0.1 (allowlisted here as the only private target).

let runtime: TJavaScriptRuntime;
beforeAll(async () => {
  runtime = createJavaScriptRuntime();
  await runtime.warmUp();
});
afterAll(async () => {
  await runtime.close();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function bridgeWith(allowlist: TAllowlist): IHostBridge {
  const dispatcher = createGuardedDispatcher({ allowlist });
  cleanups.push(() => dispatcher.destroy());
  return { fetch: createGuardedFetch({ limits: DEFAULT_LIMITS, dispatcher }), sdk: async () => null };
}

async function startReceiver(
  handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void,
) {
  const server = await startLoopbackServer({
    handle: (req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => handle(req, body, res));
    },
  });
  cleanups.push(server.close);
  return `http://127.0.0.1:${server.port}`;
}

describe("fetch inside a function", () => {
  it("sends any method, headers and body, and reads status, headers, text and JSON", async () => {
    const url = await startReceiver((req, body, res) => {
      res
        .writeHead(200, { "content-type": "application/json", "x-request-id": "r-1" })
        .end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body: JSON.parse(body) }));
    });
    const result = await runFunction(
      runtime,
      `export default async (event) => {
        const response = await fetch(event.url + "/items", {
          method: "PATCH",
          headers: { Authorization: "Bearer abc", "Content-Type": "application/json" },
          body: JSON.stringify({ qty: 2 }),
        });
        return { ok: response.ok, status: response.status, id: response.headers.get("X-Request-Id"), json: await response.json() };
      }`,
      { event: { url }, bridge: bridgeWith(parseAllowlist("127.0.0.1/32")) },
    );
    expect(result.error).toBeNull();
    expect(result.returnValue).toEqual({
      ok: true,
      status: 200,
      id: "r-1",
      json: { method: "PATCH", auth: "Bearer abc", body: { qty: 2 } },
    });
    expect(result.fetches).toEqual([
      { method: "PATCH", url: `${url}/items`, status: 200, durationMs: expect.any(Number), error: null },
    ]);
  });

  it("sends a plain object body as JSON", async () => {
    const url = await startReceiver((req, body, res) => res.end(`${req.headers["content-type"]} ${body}`));
    const result = await runFunction(
      runtime,
      'export default async (event) => (await fetch(event.url, { method: "POST", body: { a: 1 } })).text()',
      { event: { url }, bridge: bridgeWith(parseAllowlist("127.0.0.1/32")) },
    );
    expect(result.returnValue).toBe('application/json {"a":1}');
  });

  it("throws the guard's refusal into the function for the database port and the metadata address", async () => {
    const result = await runFunction(
      runtime,
      `export default async () => {
        const outcomes = [];
        for (const url of ["http://127.0.0.1:55432/", "http://169.254.169.254/latest/meta-data/"]) {
          try { await fetch(url); outcomes.push("reached " + url); } catch (error) { outcomes.push(error.message); }
        }
        return outcomes;
      }`,
      { bridge: bridgeWith(EMPTY_ALLOWLIST) },
    );
    expect(result.returnValue).toEqual([
      "fetch http://127.0.0.1:55432/: Refused to connect to 127.0.0.1: 127.0.0.1 is a loopback address",
      "fetch http://169.254.169.254/latest/meta-data/: Refused to connect to 169.254.169.254: 169.254.169.254 is the cloud metadata address (link-local 169.254.0.0/16)",
    ]);
    expect(result.fetches.map((fetch) => fetch.status)).toEqual([null, null]);
  });

  it("stops at maxFetches per invocation", async () => {
    const url = await startReceiver((_req, _body, res) => res.end("ok"));
    const result = await runFunction(
      runtime,
      `export default async (event) => {
        let done = 0;
        try { for (let i = 0; i < 10; i++) { await fetch(event.url); done++; } } catch (error) { return { done, message: error.message }; }
      }`,
      { event: { url }, bridge: bridgeWith(parseAllowlist("127.0.0.1/32")), limits: { maxFetches: 3 } },
    );
    expect(result.returnValue).toEqual({
      done: 3,
      message: "fetch: this function may make at most 3 requests per run",
    });
    expect(result.fetches).toHaveLength(4);
  });
});
