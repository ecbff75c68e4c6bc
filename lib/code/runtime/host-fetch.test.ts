import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  createGuardedDispatcher,
  EMPTY_ALLOWLIST,
  parseAllowlist,
  type TAllowlist,
} from "@/lib/webhooks/ssrf";
import {
  createRecordingDial,
  startLoopbackServer,
  type TLoopbackServer,
} from "@/lib/webhooks/ssrf/ssrf-test-support";
import { createGuardedFetch, createInvocationFetch } from "./host-fetch";
import { DEFAULT_LIMITS, type IHostBridge } from "./types";

// Real HTTP to node:http receivers on 127.0.0.1, through the webhooks' guarded dispatcher with
// 127.0.0.1/32 allowlisted. Refusals are decided without connecting (empty allowlist, or a
// recording dial that never opens a socket).

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startReceiver(handle?: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const received: { method: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server: TLoopbackServer = await startLoopbackServer({
    handle: (req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ method: req.method ?? "", headers: req.headers, body });
        if (handle) handle(req, res);
        else
          res.writeHead(201, { "x-reply": "yes", "content-type": "application/json" }).end('{"saved":true}');
      });
    },
  });
  cleanups.push(server.close);
  return { server, received, url: `http://127.0.0.1:${server.port}` };
}

function guardedFetch(
  allowlist: TAllowlist,
  limits: Partial<typeof DEFAULT_LIMITS> = {},
  dial?: ReturnType<typeof createRecordingDial>["dial"],
) {
  const dispatcher = createGuardedDispatcher({ allowlist, dial });
  cleanups.push(() => dispatcher.destroy());
  return createGuardedFetch({ limits: { ...DEFAULT_LIMITS, ...limits }, dispatcher });
}

const LOOPBACK = parseAllowlist("127.0.0.1/32");

describe("createGuardedFetch", () => {
  it("sends the method, headers and body and returns status, headers and body", async () => {
    const { received, url } = await startReceiver();
    const response = await guardedFetch(LOOPBACK)({
      url: `${url}/orders?x=1`,
      method: "put",
      headers: { "Content-Type": "application/json", Authorization: "Bearer t", Connection: "close" },
      body: '{"id":1}',
    });
    expect(response).toMatchObject({ status: 201, statusText: "Created", body: '{"saved":true}' });
    expect(response.headers["x-reply"]).toBe("yes");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: "PUT", body: '{"id":1}' });
    expect(received[0]?.headers).toMatchObject({
      "content-type": "application/json",
      authorization: "Bearer t",
      "user-agent": "Hookflow-Functions/1",
    });
  });

  it("refuses a response larger than maxFetchResponseBytes", async () => {
    const { url } = await startReceiver((_req, res) => res.end("z".repeat(10_000)));
    await expect(
      guardedFetch(LOOPBACK, { maxFetchResponseBytes: 1000 })({
        url,
        method: "GET",
        headers: {},
        body: null,
      }),
    ).rejects.toThrow(`fetch ${url}/: the response is larger than 1000 bytes`);
  });

  it("gives up after fetchTimeoutMs", async () => {
    const { url } = await startReceiver(() => undefined);
    await expect(
      guardedFetch(LOOPBACK, { fetchTimeoutMs: 200 })({ url, method: "GET", headers: {}, body: null }),
    ).rejects.toThrow("no complete response within 200 ms");
  });

  it("follows a redirect within allowed targets, as GET after a 303", async () => {
    const { received, url } = await startReceiver((req, res) => {
      if (req.url === "/start") res.writeHead(303, { location: "/final" }).end();
      else res.end(`arrived with ${req.method}`);
    });
    const response = await guardedFetch(LOOPBACK)({
      url: `${url}/start`,
      method: "POST",
      headers: {},
      body: "x",
    });
    expect(response.body).toBe("arrived with GET");
    expect(received.map((request) => request.method)).toEqual(["POST", "GET"]);
  });

  it("refuses a redirect to the metadata address without connecting to it", async () => {
    const { url } = await startReceiver((_req, res) =>
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
    );
    await expect(guardedFetch(LOOPBACK)({ url, method: "GET", headers: {}, body: null })).rejects.toThrow(
      "fetch http://169.254.169.254/latest/meta-data/: Refused to connect to 169.254.169.254: 169.254.169.254 is the cloud metadata address (link-local 169.254.0.0/16)",
    );
  });

  it.each([
    ["http://127.0.0.1:5432/", "127.0.0.1 is a loopback address"],
    ["http://169.254.169.254/latest/meta-data/", "the cloud metadata address"],
    ["http://[::1]:6379/", "::1 is a loopback address"],
    ["http://10.0.0.5/", "a private address (10.0.0.0/8)"],
    ["http://0x7f000001/", "127.0.0.1 is a loopback address"],
  ])("refuses %s with an empty allowlist, without dialling", async (target, reason) => {
    const { dial, dialled } = createRecordingDial();
    await expect(
      guardedFetch(EMPTY_ALLOWLIST, {}, dial)({ url: target, method: "GET", headers: {}, body: null }),
    ).rejects.toThrow(reason);
    expect(dialled).toEqual([]);
  });

  it.each([
    ["file:///etc/passwd", "only http and https URLs can be fetched, not file:"],
    ["not a url", 'fetch: "not a url" is not a valid URL'],
    ["http://user:pw@127.0.0.1/", "must not contain credentials"],
  ])("refuses %s before any request", async (target, message) => {
    await expect(
      guardedFetch(LOOPBACK)({ url: target, method: "GET", headers: {}, body: null }),
    ).rejects.toThrow(message);
  });

  it("refuses methods that are not plain HTTP requests", async () => {
    await expect(
      guardedFetch(LOOPBACK)({ url: "http://127.0.0.1/", method: "CONNECT", headers: {}, body: null }),
    ).rejects.toThrow("the CONNECT method is not allowed");
    await expect(
      guardedFetch(LOOPBACK)({ url: "http://127.0.0.1/", method: "GET /x", headers: {}, body: null }),
    ).rejects.toThrow("is not an HTTP method");
  });
});

describe("createInvocationFetch", () => {
  it("records each request and refuses past maxFetches", async () => {
    const { url } = await startReceiver();
    const bridge: IHostBridge = { fetch: guardedFetch(LOOPBACK), sdk: async () => null };
    const invocationFetch = createInvocationFetch({ bridge, limits: { ...DEFAULT_LIMITS, maxFetches: 2 } });
    await invocationFetch.fetch({ url, method: "get", headers: {}, body: null });
    await invocationFetch.fetch({ url, method: "POST", headers: {}, body: "{}" });
    await expect(invocationFetch.fetch({ url, method: "GET", headers: {}, body: null })).rejects.toThrow(
      "fetch: this function may make at most 2 requests per run",
    );
    expect(invocationFetch.records.map(({ method, status, error }) => ({ method, status, error }))).toEqual([
      { method: "GET", status: 201, error: null },
      { method: "POST", status: 201, error: null },
      { method: "GET", status: null, error: "fetch: this function may make at most 2 requests per run" },
    ]);
  });

  it("bounds a bridge that never answers by fetchTimeoutMs", async () => {
    const bridge: IHostBridge = { fetch: () => new Promise(() => undefined), sdk: async () => null };
    const invocationFetch = createInvocationFetch({
      bridge,
      limits: { ...DEFAULT_LIMITS, fetchTimeoutMs: 100 },
    });
    await expect(
      invocationFetch.fetch({ url: "http://127.0.0.1/", method: "GET", headers: {}, body: null }),
    ).rejects.toThrow("no complete response within 100 ms");
    expect(invocationFetch.records[0]?.error).toMatch(/no complete response/);
  });
});
