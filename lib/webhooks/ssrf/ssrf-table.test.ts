import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { EMPTY_ALLOWLIST } from "./allowlist";
import { checkUrl } from "./check-url";
import { createGuardedDispatcher } from "./guarded-dispatcher";
import { SsrfRefusedError } from "./ssrf-refused-error";
import { createFakeResolver, createRecordingDial, NotDialledError } from "./ssrf-test-support";

// Decision only: every target goes through the real undici request() and Agent, with an injected
// resolver and a dial that records instead of connecting — no socket is ever opened here.

const LOOPBACK = /is a loopback address|form of 127\.0\.0\.1, a loopback address/;
const PRIVATE = /a private address/;

const { resolve, calls } = createFakeResolver({
  "loopback.test": ["127.0.0.1"],
  "metadata.test": ["169.254.169.254"],
  "private.test": ["192.168.0.10"],
  "mixed.test": ["93.184.216.34", "10.0.0.1"],
  "mixed6.test": ["2606:4700::1", "fd00::1"],
  "mapped.test": ["::ffff:127.0.0.1"],
  "ula.test": ["fc00::1"],
  "localhost.test": ["127.0.0.1", "::1"],
  "notation.test": ["0x7f.1"],
});
const { dial, dialled } = createRecordingDial();
const dispatcher = createGuardedDispatcher({ allowlist: EMPTY_ALLOWLIST, resolve, dial });

afterAll(() => dispatcher.close());

const HOSTILE_TARGETS: [url: string, reason: RegExp][] = [
  // IPv4 private ranges, every one, at both ends
  ["http://10.0.0.1/", /10\.0\.0\.1 is a private address \(10\.0\.0\.0\/8\)/],
  ["http://10.255.255.254/", PRIVATE],
  ["http://172.16.0.1/", /a private address \(172\.16\.0\.0\/12\)/],
  ["http://172.31.255.254/", PRIVATE],
  ["http://192.168.1.1/", /a private address \(192\.168\.0\.0\/16\)/],
  // loopback, in every notation the URL parser accepts
  ["http://127.0.0.1/", LOOPBACK],
  ["http://127.255.255.254:8080/", LOOPBACK],
  ["http://2130706433/", LOOPBACK],
  ["http://0x7f.1/", LOOPBACK],
  ["http://0177.0.0.1/", LOOPBACK],
  ["http://127.1/", LOOPBACK],
  ["http://0x7f000001/", LOOPBACK],
  ["https://127.0.0.1:8443/", LOOPBACK],
  // link-local and the cloud metadata endpoint
  ["http://169.254.169.254/latest/meta-data/", /cloud metadata address/],
  ["http://0xa9fea9fe/", /cloud metadata address/],
  ["http://169.254.1.1/", /link-local address/],
  // other special IPv4 ranges
  ["http://100.64.0.1/", /carrier-grade NAT/],
  ["http://224.0.0.1/", /multicast/],
  ["http://255.255.255.255/", /broadcast/],
  ["http://0.0.0.0/", /unspecified/],
  ["http://0/", /unspecified/],
  ["http://192.0.2.1/", /documentation/],
  ["http://198.18.0.1/", /benchmarking/],
  ["http://240.0.0.1/", /reserved/],
  // IPv6
  ["http://[::1]/", /::1 is a loopback address/],
  ["http://[::]/", /unspecified/],
  ["http://[::ffff:127.0.0.1]/", /IPv4-mapped form of 127\.0\.0\.1, a loopback address/],
  ["http://[::ffff:169.254.169.254]/", /IPv4-mapped form of 169\.254\.169\.254, the cloud metadata address/],
  ["http://[::ffff:10.0.0.1]/", /IPv4-mapped form of 10\.0\.0\.1, a private address/],
  ["http://[fc00::1]/", /unique-local/],
  ["http://[fd12:3456::1]/", /unique-local/],
  ["http://[fe80::1]/", /link-local/],
  ["http://[ff02::1]/", /multicast/],
  ["http://[64:ff9b::7f00:1]/", /NAT64 form of 127\.0\.0\.1/],
  ["http://[64:ff9b::a9fe:a9fe]/", /NAT64 form of 169\.254\.169\.254/],
  ["http://[::127.0.0.1]/", /IPv4-compatible form of 127\.0\.0\.1/],
  ["http://[2002:7f00:1::]/", /6to4 form of 127\.0\.0\.1/],
  ["http://[2001::1]/", /Teredo/],
  ["http://[fec0::1]/", /site-local/],
  // DNS names pointing inward
  ["http://loopback.test/", /loopback\.test \(127\.0\.0\.1\): 127\.0\.0\.1 is a loopback address/],
  ["http://metadata.test/", /cloud metadata address/],
  ["https://private.test:8443/hook", /private\.test \(192\.168\.0\.10\)/],
  ["http://mixed.test/", /mixed\.test \(10\.0\.0\.1\): 10\.0\.0\.1 is a private address/],
  ["http://mixed6.test/", /mixed6\.test \(fd00::1\)/],
  ["http://mapped.test/", /IPv4-mapped form of 127\.0\.0\.1/],
  ["http://ula.test/", /unique-local/],
  ["http://localhost.test/", LOOPBACK],
  ["http://notation.test/", /the resolver answered "0x7f\.1", not an IP address/],
];

describe("SSRF guard: hostile targets", () => {
  it("has at least 30 of them", () => {
    expect(HOSTILE_TARGETS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(HOSTILE_TARGETS)("refuses %s through undici request() without dialling", async (url, reason) => {
    const dialsBefore = dialled.length;
    const error = await request(url, { dispatcher }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SsrfRefusedError);
    expect((error as SsrfRefusedError).message).toMatch(reason);
    expect((error as SsrfRefusedError).isRetryable).toBe(false);
    expect(dialled.length).toBe(dialsBefore);
  });

  it.each(HOSTILE_TARGETS)("refuses %s at save time (checkUrl)", async (url, reason) => {
    const result = await checkUrl(url, { allowlist: EMPTY_ALLOWLIST, resolve });
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(reason);
  });

  it("never asks the resolver about IP literals", () => {
    expect(calls.every((host) => host.endsWith(".test"))).toBe(true);
  });

  it("describes a refusal with host, address and reason", async () => {
    const error = await request("http://loopback.test:9000/x", { dispatcher }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      name: "SsrfRefusedError",
      code: "HOOKFLOW_SSRF_REFUSED",
      isRetryable: false,
      host: "loopback.test",
      address: "127.0.0.1",
      reason: "127.0.0.1 is a loopback address",
      message: "Refused to connect to loopback.test (127.0.0.1): 127.0.0.1 is a loopback address",
    });
    const literal = await request("http://[::1]/", { dispatcher }).catch((caught: unknown) => caught);
    expect((literal as Error).message).toBe("Refused to connect to [::1]: ::1 is a loopback address");
  });
});

describe("SSRF guard: public targets (decision only, never connected)", () => {
  const publicResolver = createFakeResolver({ "public.test": ["93.184.216.34", "2606:4700::1"] });
  const recorder = createRecordingDial();
  const publicDispatcher = createGuardedDispatcher({
    allowlist: EMPTY_ALLOWLIST,
    resolve: publicResolver.resolve,
    dial: recorder.dial,
  });
  afterAll(() => publicDispatcher.close());

  it.each([
    ["http://93.184.216.34/", "93.184.216.34", ["93.184.216.34"]],
    ["https://[2606:4700::1]/", "2606:4700::1", ["2606:4700::1"]],
    ["http://[::ffff:93.184.216.34]/", "::ffff:5db8:d822", ["::ffff:5db8:d822"]],
    ["https://public.test:8443/", "public.test", ["93.184.216.34", "2606:4700::1"]],
  ])("lets %s through to the dial, with exactly the checked addresses", async (url, hostname, addresses) => {
    const error = await request(url, { dispatcher: publicDispatcher }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotDialledError);
    expect(recorder.dialled.at(-1)).toEqual({ hostname, addresses });
  });

  it("accepts public URLs at save time, any port", async () => {
    for (const url of [
      "https://public.test/hooks",
      "http://93.184.216.34:8080/",
      "https://[2606:4700::1]:1/",
    ]) {
      expect(await checkUrl(url, { allowlist: EMPTY_ALLOWLIST, resolve: publicResolver.resolve })).toEqual({
        ok: true,
      });
    }
  });
});

describe("SSRF guard: DNS rebinding (decision only)", () => {
  it("resolves once per connection and dials the address it checked", async () => {
    // First answer public, every later answer loopback: a check-then-connect guard with its own
    // second lookup would dial 127.0.0.1 here.
    const rebinding = createFakeResolver({ "rebind.test": [["93.184.216.34"], ["127.0.0.1"]] });
    const recorder = createRecordingDial();
    const rebindingDispatcher = createGuardedDispatcher({
      allowlist: EMPTY_ALLOWLIST,
      resolve: rebinding.resolve,
      dial: recorder.dial,
    });
    try {
      const first = await request("http://rebind.test/", { dispatcher: rebindingDispatcher }).catch(
        (e: unknown) => e,
      );
      expect(first).toBeInstanceOf(NotDialledError);
      expect(rebinding.calls).toEqual(["rebind.test"]);
      expect(recorder.dialled).toEqual([{ hostname: "rebind.test", addresses: ["93.184.216.34"] }]);

      const second = await request("http://rebind.test/", { dispatcher: rebindingDispatcher }).catch(
        (e: unknown) => e,
      );
      expect(second).toBeInstanceOf(SsrfRefusedError);
      expect(rebinding.calls).toEqual(["rebind.test", "rebind.test"]);
      expect(recorder.dialled).toHaveLength(1);
    } finally {
      await rebindingDispatcher.close();
    }
  });
});
