import { describe, expect, it } from "vitest";
import { classifyAddress } from "./classify-address";

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1 is a loopback address"],
    ["127.255.255.254", "127.255.255.254 is a loopback address"],
    ["10.1.2.3", "10.1.2.3 is a private address (10.0.0.0/8)"],
    ["172.16.0.1", "172.16.0.1 is a private address (172.16.0.0/12)"],
    ["172.31.255.255", "172.31.255.255 is a private address (172.16.0.0/12)"],
    ["192.168.0.1", "192.168.0.1 is a private address (192.168.0.0/16)"],
    ["169.254.169.254", "169.254.169.254 is the cloud metadata address (link-local 169.254.0.0/16)"],
    ["169.254.0.1", "169.254.0.1 is a link-local address (169.254.0.0/16)"],
    ["100.64.0.1", "100.64.0.1 is a carrier-grade NAT address (100.64.0.0/10)"],
    ["224.0.0.1", "224.0.0.1 is a multicast address (224.0.0.0/4)"],
    ["255.255.255.255", "255.255.255.255 is the broadcast address"],
    ["0.0.0.0", '0.0.0.0 is an unspecified address (0.0.0.0/8, "this network")'],
    ["0.1.2.3", '0.1.2.3 is an unspecified address (0.0.0.0/8, "this network")'],
    ["192.0.2.10", "192.0.2.10 is a documentation address (192.0.2.0/24, TEST-NET-1)"],
    ["198.51.100.7", "198.51.100.7 is a documentation address (198.51.100.0/24, TEST-NET-2)"],
    ["203.0.113.9", "203.0.113.9 is a documentation address (203.0.113.0/24, TEST-NET-3)"],
    ["198.18.0.1", "198.18.0.1 is a benchmarking address (198.18.0.0/15)"],
    ["192.0.0.8", "192.0.0.8 is an IETF protocol assignment address (192.0.0.0/24)"],
    ["240.0.0.1", "240.0.0.1 is a reserved address (240.0.0.0/4)"],
    ["192.175.48.1", "192.175.48.1 is a special-purpose address (as112)"],
  ])("refuses IPv4 %s", (ip, reason) => {
    expect(classifyAddress(ip)).toEqual({ isAllowed: false, reason });
  });

  it.each([
    ["::", ":: is an unspecified address"],
    ["::1", "::1 is a loopback address"],
    ["fe80::1", "fe80::1 is a link-local address (fe80::/10)"],
    ["fe80::1%eth0", "fe80::1%eth0 is a link-local address (fe80::/10)"],
    ["fc00::1", "fc00::1 is a unique-local address (fc00::/7)"],
    ["fd12:3456::1", "fd12:3456::1 is a unique-local address (fc00::/7)"],
    ["fec0::1", "fec0::1 is a deprecated site-local address (fec0::/10)"],
    ["ff02::1", "ff02::1 is a multicast address (ff00::/8)"],
    ["2001::1", "2001::1 is a Teredo tunnel address (2001::/32)"],
    ["2001:db8::1", "2001:db8::1 is a documentation address (2001:db8::/32)"],
    ["100::1", "100::1 is a discard-only address (100::/64)"],
    ["64:ff9b:1::a", "64:ff9b:1::a is a local-use NAT64 address (64:ff9b:1::/48)"],
    ["::ffff:0:7f00:1", "::ffff:0:7f00:1 is an IPv4-translated address (::ffff:0:0:0/96)"],
    ["4000::1", "4000::1 is not a global unicast address (outside 2000::/3)"],
    ["2001:4:112::1", "2001:4:112::1 is a special-purpose address (as112v6)"],
  ])("refuses IPv6 %s", (ip, reason) => {
    expect(classifyAddress(ip)).toEqual({ isAllowed: false, reason });
  });

  it.each([
    ["::ffff:7f00:1", "::ffff:7f00:1 is the IPv4-mapped form of 127.0.0.1, a loopback address"],
    ["::ffff:127.0.0.1", "::ffff:127.0.0.1 is the IPv4-mapped form of 127.0.0.1, a loopback address"],
    [
      "::ffff:a9fe:a9fe",
      "::ffff:a9fe:a9fe is the IPv4-mapped form of 169.254.169.254, the cloud metadata address (link-local 169.254.0.0/16)",
    ],
    [
      "::ffff:10.0.0.1",
      "::ffff:10.0.0.1 is the IPv4-mapped form of 10.0.0.1, a private address (10.0.0.0/8)",
    ],
    ["64:ff9b::7f00:1", "64:ff9b::7f00:1 is the NAT64 form of 127.0.0.1, a loopback address"],
    [
      "64:ff9b::c0a8:1",
      "64:ff9b::c0a8:1 is the NAT64 form of 192.168.0.1, a private address (192.168.0.0/16)",
    ],
    ["2002:7f00:1::", "2002:7f00:1:: is the 6to4 form of 127.0.0.1, a loopback address"],
    ["2002:a00:1::1", "2002:a00:1::1 is the 6to4 form of 10.0.0.1, a private address (10.0.0.0/8)"],
    ["::7f00:1", "::7f00:1 is the IPv4-compatible form of 127.0.0.1, a loopback address"],
    ["::5db8:d822", "::5db8:d822 is an IPv4-compatible address (::/96, deprecated)"],
  ])("refuses the IPv6 form %s of a refused IPv4 address", (ip, reason) => {
    expect(classifyAddress(ip)).toEqual({ isAllowed: false, reason });
  });

  // Decision only: nothing here connects anywhere.
  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1", // just outside 172.16.0.0/12
    "100.128.0.1", // just outside 100.64.0.0/10
    "2606:4700::1",
    "2a00:1450:4001:81c::200e",
    "::ffff:93.184.216.34", // IPv4-mapped public
    "64:ff9b::5db8:d822", // NAT64 of a public address
    "2002:5db8:d822::1", // 6to4 of a public address
  ])("allows the public address %s", (ip) => {
    expect(classifyAddress(ip)).toEqual({ isAllowed: true });
  });

  it("refuses what is not an IP address", () => {
    expect(classifyAddress("example.com")).toEqual({
      isAllowed: false,
      reason: "example.com is not an IP address",
    });
  });
});
