import { describe, expect, it } from "vitest";
import { parseHost } from "./parse-host";

describe("parseHost", () => {
  // These are the notations WHATWG URL parsing (new URL, used by undici) turns into 127.0.0.1.
  it.each([
    "127.0.0.1",
    "2130706433",
    "0x7f.1",
    "0x7F.0.0.1",
    "0177.0.0.1",
    "0177.1",
    "127.1",
    "127.0.1",
    "0x7f000001",
    "017700000001",
    "127.0.0.1.",
    "%31%32%37.0.0.1",
    "１２７.０.０.１",
  ])("reads %s as 127.0.0.1", (input) => {
    expect(parseHost(input)).toEqual({ kind: "ipv4", host: "127.0.0.1" });
  });

  it("agrees with what new URL() does to the same hosts", () => {
    for (const input of ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "0", "[::ffff:127.0.0.1]"]) {
      const { hostname } = new URL(`http://${input}/`);
      expect(parseHost(input)?.host).toBe(hostname.replace(/^\[|\]$/g, ""));
    }
  });

  it.each([
    ["0", "0.0.0.0"],
    ["0x0", "0.0.0.0"],
    ["4294967295", "255.255.255.255"],
    ["0xa9fea9fe", "169.254.169.254"],
    ["10.1", "10.0.0.1"],
  ])("reads %s as %s", (input, host) => {
    expect(parseHost(input)).toEqual({ kind: "ipv4", host });
  });

  it.each([
    ["[::1]", "::1"],
    ["::1", "::1"],
    ["[0:0:0:0:0:0:0:1]", "::1"],
    ["[::ffff:127.0.0.1]", "::ffff:7f00:1"],
    ["[FC00::1]", "fc00::1"],
    ["[64:ff9b::127.0.0.1]", "64:ff9b::7f00:1"],
  ])("reads the IPv6 literal %s as %s", (input, host) => {
    expect(parseHost(input)).toEqual({ kind: "ipv6", host });
  });

  it.each([
    ["Example.COM", "example.com"],
    ["localhost.", "localhost"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["0x7f.example", "0x7f.example"],
  ])("reads %s as the DNS name %s", (input, host) => {
    expect(parseHost(input)).toEqual({ kind: "dns", host });
  });

  it.each([
    "",
    "  ",
    "08.0.0.1", // not octal, not a name: invalid like in URLs
    "1.2.3.4.5",
    "4294967296",
    "127.0.0.256",
    "[fe80::1%eth0]", // zone ids are not URL hosts
    "[example.com]",
    "example.com:80",
    "user@example.com",
    "example.com/path",
    "exa mple.com",
  ])("refuses %j", (input) => {
    expect(parseHost(input)).toBeNull();
  });
});
