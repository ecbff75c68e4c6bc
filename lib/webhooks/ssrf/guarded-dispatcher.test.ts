import https from "node:https";
import type { AddressInfo } from "node:net";
import { fetch, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { EMPTY_ALLOWLIST, parseAllowlist, type TAllowlist } from "./allowlist";
import { createGuardedDispatcher } from "./guarded-dispatcher";
import type { TResolver } from "./resolve-allowed-addresses";
import { findSsrfRefusal, isSsrfRefusedError, SsrfRefusedError } from "./ssrf-refused-error";
import { createFakeResolver, startLoopbackServer, type TLoopbackServer } from "./ssrf-test-support";

// End to end through undici, against node:http servers on 127.0.0.1 / ::1 only. Names such as
// "rebind.test" exist only in the injected resolvers: reaching the server under such a name
// proves the socket was dialled at the checked address, with no lookup of its own.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(
  options: Parameters<typeof startLoopbackServer>[0] = {},
): Promise<TLoopbackServer> {
  const server = await startLoopbackServer(options);
  cleanups.push(server.close);
  return server;
}

function createDispatcher(
  allowlist: TAllowlist,
  options: { resolve?: TResolver; connectTimeoutMs?: number; connections?: number } = {},
) {
  const dispatcher = createGuardedDispatcher({ allowlist, ...options });
  cleanups.push(() => dispatcher.destroy());
  return dispatcher;
}

describe("createGuardedDispatcher", () => {
  it("reaches an allowlisted loopback server", async () => {
    const server = await startServer();
    const dispatcher = createDispatcher(parseAllowlist("127.0.0.1/32"));
    const response = await request(`http://127.0.0.1:${server.port}/hook`, {
      method: "POST",
      body: "{}",
      dispatcher,
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe("ok");
    expect(server.connections).toEqual([{ localAddress: "127.0.0.1" }]);
  });

  it("refuses the same server without the allowlist, before any connection", async () => {
    const server = await startServer();
    const dispatcher = createDispatcher(EMPTY_ALLOWLIST);
    const error = await request(`http://127.0.0.1:${server.port}/hook`, { dispatcher }).catch(
      (e: unknown) => e,
    );
    // undici rejects request() with the connector's error object itself, not a wrapper.
    expect(error).toBeInstanceOf(SsrfRefusedError);
    expect((error as SsrfRefusedError).message).toBe(
      "Refused to connect to 127.0.0.1: 127.0.0.1 is a loopback address",
    );
    expect((error as SsrfRefusedError).isRetryable).toBe(false);
    expect(server.connections).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
  });

  it("surfaces a refusal through fetch() as the cause of its TypeError", async () => {
    const server = await startServer();
    const dispatcher = createDispatcher(EMPTY_ALLOWLIST);
    const error = await fetch(`http://127.0.0.1:${server.port}/`, { dispatcher }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toBeInstanceOf(SsrfRefusedError);
    expect(isSsrfRefusedError(error)).toBe(true);
    expect(findSsrfRefusal(error)?.address).toBe("127.0.0.1");
    expect(server.connections).toHaveLength(0);
  });

  it("returns a redirect to a private address as a 302, without following it", async () => {
    const server = await startServer({
      handle: (req, res) => {
        if (req.url === "/hook") {
          res.writeHead(302, { location: "http://127.0.0.1/" }).end();
        } else {
          res.end("followed");
        }
      },
    });
    const dispatcher = createDispatcher(parseAllowlist("127.0.0.1/32"));
    const response = await request(`http://127.0.0.1:${server.port}/hook`, {
      method: "POST",
      body: "{}",
      dispatcher,
    });
    await response.body.dump();
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("http://127.0.0.1/");
    expect(server.requests.map((entry) => entry.url)).toEqual(["/hook"]);
  });

  it("defeats DNS rebinding: one lookup per connection, and the checked address is the one dialled", async () => {
    const server = await startServer();
    // 127.0.0.1 is allowlisted and stands for "public"; 127.0.0.2 is not, and stands for "private".
    const rebinding = createFakeResolver({ "rebind.test": [["127.0.0.1"], ["127.0.0.2"]] });
    const dispatcher = createDispatcher(parseAllowlist("127.0.0.1/32"), { resolve: rebinding.resolve });
    const url = `http://rebind.test:${server.port}/hook`;

    // reset: the socket is closed after the response, so the next request needs a new connection.
    const first = await request(url, { dispatcher, reset: true });
    await first.body.dump();
    expect(first.statusCode).toBe(200);
    expect(rebinding.calls).toEqual(["rebind.test"]);
    expect(server.connections).toEqual([{ localAddress: "127.0.0.1" }]);
    expect(server.requests[0]?.host).toBe(`rebind.test:${server.port}`);

    const second = await request(url, { dispatcher }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(SsrfRefusedError);
    expect((second as SsrfRefusedError).message).toBe(
      "Refused to connect to rebind.test (127.0.0.2): 127.0.0.2 is a loopback address",
    );
    expect(rebinding.calls).toEqual(["rebind.test", "rebind.test"]);
    expect(server.connections).toHaveLength(1);
  });

  it("reuses a kept-alive connection without resolving again", async () => {
    const server = await startServer();
    const resolver = createFakeResolver({ "receiver.test": ["127.0.0.1"] });
    // One socket per origin: otherwise undici's pool may open a second one while the first is
    // still finishing a response, which would resolve (correctly) once more.
    const dispatcher = createDispatcher(parseAllowlist("127.0.0.1/32"), {
      resolve: resolver.resolve,
      connections: 1,
    });
    for (let i = 0; i < 3; i++) {
      const response = await request(`http://receiver.test:${server.port}/`, { dispatcher });
      await response.body.dump();
    }
    expect(server.requests).toHaveLength(3);
    expect(server.connections).toHaveLength(1);
    expect(resolver.calls).toEqual(["receiver.test"]);
  });

  it("lets an allowlisted host name reach all its addresses, trying the next when one fails", async () => {
    const server = await startServer({ host: "127.0.0.1" });
    // Nothing listens on [::1]:port, so the connection falls back to 127.0.0.1.
    const resolver = createFakeResolver({ "receiver.test": ["::1", "127.0.0.1"] });
    const dispatcher = createDispatcher(parseAllowlist("receiver.test"), { resolve: resolver.resolve });
    const response = await request(`http://receiver.test:${server.port}/`, { dispatcher });
    await response.body.dump();
    expect(response.statusCode).toBe(200);
    expect(server.connections).toEqual([{ localAddress: "127.0.0.1" }]);
  });

  it("reaches an allowlisted IPv6 loopback literal", async () => {
    const server = await startServer({ host: "::1" });
    const dispatcher = createDispatcher(parseAllowlist("::1"));
    const response = await request(`http://[::1]:${server.port}/`, { dispatcher });
    expect(await response.body.text()).toBe("ok");
    expect(server.connections).toEqual([{ localAddress: "::1" }]);
  });

  it("fails with undici's connect timeout when the lookup hangs", async () => {
    const hanging: TResolver = () => new Promise(() => {});
    const dispatcher = createDispatcher(EMPTY_ALLOWLIST, { resolve: hanging, connectTimeoutMs: 50 });
    const error = await request("http://slow-dns.test/", { dispatcher }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "UND_ERR_CONNECT_TIMEOUT",
      message: "Lookup of slow-dns.test took more than 50 ms",
    });
  });

  it("passes resolver failures through as network errors, not refusals", async () => {
    const dispatcher = createDispatcher(EMPTY_ALLOWLIST, { resolve: createFakeResolver({}).resolve });
    const error = await request("http://nowhere.test/", { dispatcher }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ENOTFOUND" });
    expect(isSsrfRefusedError(error)).toBe(false);
  });

  it("keeps TLS on the host name: SNI for receiver.test, socket to the checked 127.0.0.1", async () => {
    const serverNames: string[] = [];
    const server = https.createServer({
      key: TEST_KEY,
      cert: TEST_CERT,
      SNICallback: (servername, callback) => {
        serverNames.push(servername);
        callback(null, undefined);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const resolver = createFakeResolver({ "receiver.test": ["127.0.0.1"] });
    const dispatcher = createDispatcher(parseAllowlist("127.0.0.1/32"), { resolve: resolver.resolve });
    const error = await request(`https://receiver.test:${port}/`, { dispatcher }).catch((e: unknown) => e);
    // The certificate is self-signed, so the client stops after the handshake began: what matters
    // is that the server was reached at 127.0.0.1 and asked for receiver.test.
    expect(error).toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(serverNames).toEqual(["receiver.test"]);
  });
});

// Test-only self-signed certificate for the fictitious "receiver.test" (EC P-256, valid to 2126).
// Never trusted anywhere; generated with
// openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
//   -subj "/CN=receiver.test" -addext "subjectAltName=DNS:receiver.test"
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgbdLQk5j0ipLWdUaa
+AuDYdz6408K4/KK+vtI9HZv5rmhRANCAASUZBvoZdDQPKSgY4rvxhmWTpS7RzMT
LirMGZ54NzQbcxNH/rA4igSvwaH6sXa0W8+5rUV3fNpvDqUPbumN1Wwx
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBoDCCAUegAwIBAgIUMYaHXio5WZw80amDzU5moZuJ4OkwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNcmVjZWl2ZXIudGVzdDAgFw0yNjExMjkxODE1NTlaGA8yMTI2
MTEwNTE4MTU1OVowGDEWMBQGA1UEAwwNcmVjZWl2ZXIudGVzdDBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABJRkG+hl0NA8pKBjiu/GGZZOlLtHMxMuKswZnng3NBtz
E0f+sDiKBK/BofqxdrRbz7mtRXd82m8OpQ9u6Y3VbDGjbTBrMB0GA1UdDgQWBBRx
WftRUe05Xtxn3oEliXUpmMmGxTAfBgNVHSMEGDAWgBRxWftRUe05Xtxn3oEliXUp
mMmGxTAPBgNVHRMBAf8EBTADAQH/MBgGA1UdEQQRMA+CDXJlY2VpdmVyLnRlc3Qw
CgYIKoZIzj0EAwIDRwAwRAIgDReSfWilzcAXVMfmVDat5/CDgWT8a08xieapTSzl
hJsCIEyl8T+qFG0QXmhXflzwkiWOOfWj4OPjxRNzkkdbUwN8
-----END CERTIFICATE-----`;
