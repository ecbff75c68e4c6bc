import { describe, expect, it } from "vitest";
import { EMPTY_ALLOWLIST, parseAllowlist } from "./allowlist";
import { checkUrl } from "./check-url";
import { createFakeResolver } from "./ssrf-test-support";

// Decision only: checkUrl never connects; names resolve through an injected table.
const { resolve } = createFakeResolver({
  "public.test": ["93.184.216.34"],
  "internal.test": ["10.0.0.7"],
});
const off = { allowlist: EMPTY_ALLOWLIST, resolve };

describe("checkUrl", () => {
  it("accepts a public http or https URL on any port", async () => {
    expect(await checkUrl("https://public.test/hooks?x=1", off)).toEqual({ ok: true });
    expect(await checkUrl("http://public.test:65535/", off)).toEqual({ ok: true });
  });

  it.each([
    ["ftp://public.test/", "Only http and https URLs can receive webhooks, not ftp:"],
    ["file:///etc/passwd", "Only http and https URLs can receive webhooks, not file:"],
    ["ws://public.test/", "Only http and https URLs can receive webhooks, not ws:"],
    ["javascript:alert(1)", "Only http and https URLs can receive webhooks, not javascript:"],
  ])("refuses the scheme of %s", async (url, reason) => {
    expect(await checkUrl(url, off)).toEqual({ ok: false, reason });
  });

  it.each(["https://user:secret@public.test/", "https://user@public.test/", "https://:secret@public.test/"])(
    "refuses credentials in %s",
    async (url) => {
      expect(await checkUrl(url, off)).toEqual({
        ok: false,
        reason: "The URL must not contain credentials (user:password@); send them in a header instead",
      });
    },
  );

  it.each(["not a url", "http://", "http://08.0.0.1/", "http://[fe80::1%25eth0]/"])(
    "refuses the malformed URL %j",
    async (url) => {
      expect(await checkUrl(url, off)).toEqual({ ok: false, reason: `"${url}" is not a valid URL` });
    },
  );

  it("reports a name that does not resolve", async () => {
    expect(await checkUrl("https://nowhere.test/", off)).toEqual({
      ok: false,
      reason: "Could not resolve nowhere.test (ENOTFOUND)",
    });
  });

  it("refuses a private target, and accepts it once allowlisted by range or by name", async () => {
    expect(await checkUrl("http://internal.test/", off)).toEqual({
      ok: false,
      reason: "Refused to connect to internal.test (10.0.0.7): 10.0.0.7 is a private address (10.0.0.0/8)",
    });
    expect(
      await checkUrl("http://internal.test/", { allowlist: parseAllowlist("10.0.0.0/8"), resolve }),
    ).toEqual({
      ok: true,
    });
    expect(
      await checkUrl("http://internal.test/", { allowlist: parseAllowlist("internal.test"), resolve }),
    ).toEqual({
      ok: true,
    });
    expect(
      await checkUrl("http://10.0.0.7/", { allowlist: parseAllowlist("internal.test"), resolve }),
    ).toMatchObject({
      ok: false,
    });
  });
});
