import { describe, expect, it } from "vitest";
import { describeAllowlist, parseAllowlist } from "./allowlist";

describe("parseAllowlist", () => {
  it("is off when the setting is missing or empty", () => {
    for (const value of [undefined, "", " , ,"]) {
      const allowlist = parseAllowlist(value);
      expect(allowlist.isEnabled).toBe(false);
      expect(allowlist.matchesAddress("127.0.0.1")).toBe(false);
      expect(allowlist.matchesHost("localhost")).toBe(false);
    }
  });

  it("reads hosts, addresses and CIDR ranges into canonical entries", () => {
    const allowlist = parseAllowlist(" 127.0.0.1/32, LocalHost. ,::1, 10.0.0.0/8 ,[FD00::5],fd00::/8");
    expect(allowlist.isEnabled).toBe(true);
    expect(allowlist.entries).toEqual([
      "127.0.0.1/32",
      "localhost",
      "::1",
      "10.0.0.0/8",
      "fd00::5",
      "fd00::/8",
    ]);
  });

  it("matches addresses inside its ranges only", () => {
    const allowlist = parseAllowlist("127.0.0.1/32,10.0.0.0/8,::1,fd00::/8");
    expect(allowlist.matchesAddress("127.0.0.1")).toBe(true);
    expect(allowlist.matchesAddress("127.0.0.2")).toBe(false);
    expect(allowlist.matchesAddress("10.200.3.4")).toBe(true);
    expect(allowlist.matchesAddress("11.0.0.1")).toBe(false);
    expect(allowlist.matchesAddress("::1")).toBe(true);
    expect(allowlist.matchesAddress("fd12::1")).toBe(true);
    expect(allowlist.matchesAddress("fc00::1")).toBe(false);
    expect(allowlist.matchesAddress("not-an-ip")).toBe(false);
  });

  it("treats an IPv4-mapped address as its IPv4 address", () => {
    expect(parseAllowlist("127.0.0.1/32").matchesAddress("::ffff:127.0.0.1")).toBe(true);
    expect(parseAllowlist("::ffff:127.0.0.1").matchesAddress("127.0.0.1")).toBe(true);
  });

  it("matches host names exactly, case-insensitively, without wildcards", () => {
    const allowlist = parseAllowlist("localhost,receiver.internal");
    expect(allowlist.matchesHost("LOCALHOST")).toBe(true);
    expect(allowlist.matchesHost("localhost.")).toBe(true);
    expect(allowlist.matchesHost("receiver.internal")).toBe(true);
    expect(allowlist.matchesHost("evil.localhost")).toBe(false);
    expect(allowlist.matchesHost("receiver.internal.evil.com")).toBe(false);
    // A name entry does not allow addresses by itself.
    expect(allowlist.matchesAddress("127.0.0.1")).toBe(false);
  });

  it.each([
    ["10.0.0.0/33", '"10.0.0.0/33" is not a CIDR range'],
    ["10.0.0.0/", '"10.0.0.0/" is not a CIDR range'],
    ["127.1/32", '"127.1/32" is not a CIDR range'],
    ["example.com/24", '"example.com/24" is not a CIDR range'],
    ["::1/129", '"::1/129" is not a CIDR range'],
    ["http://localhost", '"http://localhost" is not a CIDR range'],
    ["local host", '"local host" is not a host name, IP address or CIDR range'],
    ["localhost:3000", '"localhost:3000" is not a host name, IP address or CIDR range'],
  ])("refuses %j with a message naming the variable", (value, message) => {
    expect(() => parseAllowlist(value)).toThrow(`HOOKFLOW_WEBHOOK_ALLOWLIST: ${message}`);
  });
});

describe("describeAllowlist", () => {
  it("says what is allowed when on, and that it is off otherwise", () => {
    expect(describeAllowlist(parseAllowlist("127.0.0.1/32,localhost,::1"))).toBe(
      "private targets allowed: 127.0.0.1/32, localhost, ::1",
    );
    expect(describeAllowlist(parseAllowlist(undefined))).toBe(
      "private targets refused: webhooks reach public addresses only",
    );
  });
});
