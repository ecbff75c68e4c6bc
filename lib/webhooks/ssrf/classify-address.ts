import ipaddr from "ipaddr.js";

// Decides whether a webhook may connect to one IP address. The rule is an allowlist of kinds, not
// a denylist of ranges: an IPv4 address must be plain unicast in ipaddr.js's terms (every range it
// knows as special is refused, including ones added by future versions), an IPv6 address must be
// global unicast (2000::/3) and not a tunnel, translation or documentation range. IPv6 forms that
// embed an IPv4 address (mapped, NAT64, 6to4) take the decision of the embedded address.

export type TAddressDecision = { isAllowed: true } | { isAllowed: false; reason: string };

type TRange = { cidr: [ipaddr.IPv4 | ipaddr.IPv6, number]; description: string };

function range(cidr: string, description: string): TRange {
  return { cidr: ipaddr.parseCIDR(cidr), description };
}

const CLOUD_METADATA_IPV4 = "169.254.169.254";

// Most specific first; every description reads after "<address> is ".
const IPV4_RANGES: readonly TRange[] = [
  range("0.0.0.0/8", 'an unspecified address (0.0.0.0/8, "this network")'),
  range("127.0.0.0/8", "a loopback address"),
  range("10.0.0.0/8", "a private address (10.0.0.0/8)"),
  range("172.16.0.0/12", "a private address (172.16.0.0/12)"),
  range("192.168.0.0/16", "a private address (192.168.0.0/16)"),
  range("169.254.0.0/16", "a link-local address (169.254.0.0/16)"),
  range("100.64.0.0/10", "a carrier-grade NAT address (100.64.0.0/10)"),
  range("224.0.0.0/4", "a multicast address (224.0.0.0/4)"),
  range("255.255.255.255/32", "the broadcast address"),
  range("192.0.0.0/24", "an IETF protocol assignment address (192.0.0.0/24)"),
  range("192.0.2.0/24", "a documentation address (192.0.2.0/24, TEST-NET-1)"),
  range("198.51.100.0/24", "a documentation address (198.51.100.0/24, TEST-NET-2)"),
  range("203.0.113.0/24", "a documentation address (203.0.113.0/24, TEST-NET-3)"),
  range("198.18.0.0/15", "a benchmarking address (198.18.0.0/15)"),
  range("192.88.99.0/24", "a 6to4 relay anycast address (192.88.99.0/24)"),
  range("240.0.0.0/4", "a reserved address (240.0.0.0/4)"),
];

const IPV6_RANGES: readonly TRange[] = [
  range("::/128", "an unspecified address"),
  range("::1/128", "a loopback address"),
  range("fe80::/10", "a link-local address (fe80::/10)"),
  range("fc00::/7", "a unique-local address (fc00::/7)"),
  range("fec0::/10", "a deprecated site-local address (fec0::/10)"),
  range("ff00::/8", "a multicast address (ff00::/8)"),
  range("2001::/32", "a Teredo tunnel address (2001::/32)"),
  range("64:ff9b:1::/48", "a local-use NAT64 address (64:ff9b:1::/48)"),
  range("::ffff:0:0:0/96", "an IPv4-translated address (::ffff:0:0:0/96)"),
  range("100::/64", "a discard-only address (100::/64)"),
  range("2001:db8::/32", "a documentation address (2001:db8::/32)"),
  range("3fff::/20", "a documentation address (3fff::/20)"),
  range("2001:2::/48", "a benchmarking address (2001:2::/48)"),
];

const IPV4_MAPPED = ipaddr.parseCIDR("::ffff:0:0/96");
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");
const NAT64 = ipaddr.parseCIDR("64:ff9b::/96");
const SIX_TO_FOUR = ipaddr.parseCIDR("2002::/16");
const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

export function classifyAddress(ip: string): TAddressDecision {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip);
  } catch {
    return { isAllowed: false, reason: `${ip} is not an IP address` };
  }
  return address.kind() === "ipv4"
    ? classifyIpv4(ip, address as ipaddr.IPv4)
    : classifyIpv6(ip, address as ipaddr.IPv6);
}

function classifyIpv4(label: string, address: ipaddr.IPv4): TAddressDecision {
  const description = describeRefusedIpv4(address);
  return description === null
    ? { isAllowed: true }
    : { isAllowed: false, reason: `${label} is ${description}` };
}

/** Why an IPv4 address is refused, or null when it is a public unicast address. */
function describeRefusedIpv4(address: ipaddr.IPv4): string | null {
  if (address.toString() === CLOUD_METADATA_IPV4) {
    return "the cloud metadata address (link-local 169.254.0.0/16)";
  }
  const known = IPV4_RANGES.find((entry) => address.match(entry.cidr));
  if (known) return known.description;
  const kind = address.range();
  return kind === "unicast" ? null : `a special-purpose address (${kind})`;
}

function classifyIpv6(label: string, address: ipaddr.IPv6): TAddressDecision {
  const embedded = embeddedIpv4(address);
  if (embedded) {
    const description = describeRefusedIpv4(embedded.ipv4);
    if (embedded.form === "IPv4-compatible" && description === null) {
      // Deprecated since RFC 4291 and never legitimately published: refused whatever it embeds.
      return { isAllowed: false, reason: `${label} is an IPv4-compatible address (::/96, deprecated)` };
    }
    return description === null
      ? { isAllowed: true }
      : {
          isAllowed: false,
          reason: `${label} is the ${embedded.form} form of ${embedded.ipv4}, ${description}`,
        };
  }
  const known = IPV6_RANGES.find((entry) => address.match(entry.cidr));
  if (known) return { isAllowed: false, reason: `${label} is ${known.description}` };
  const kind = address.range();
  if (kind !== "unicast")
    return { isAllowed: false, reason: `${label} is a special-purpose address (${kind})` };
  if (!address.match(GLOBAL_UNICAST)) {
    return { isAllowed: false, reason: `${label} is not a global unicast address (outside 2000::/3)` };
  }
  return { isAllowed: true };
}

type TEmbeddedIpv4 = { form: "IPv4-mapped" | "IPv4-compatible" | "NAT64" | "6to4"; ipv4: ipaddr.IPv4 };

function embeddedIpv4(address: ipaddr.IPv6): TEmbeddedIpv4 | null {
  const parts = address.parts;
  const fromParts = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (address.match(IPV4_MAPPED)) return { form: "IPv4-mapped", ipv4: fromParts(parts[6]!, parts[7]!) };
  if (address.match(NAT64)) return { form: "NAT64", ipv4: fromParts(parts[6]!, parts[7]!) };
  if (address.match(SIX_TO_FOUR)) return { form: "6to4", ipv4: fromParts(parts[1]!, parts[2]!) };
  // :: and ::1 are in ::/96 too but are their own kinds (unspecified, loopback).
  if (address.match(IPV4_COMPATIBLE) && (parts[6] !== 0 || parts[7]! > 1)) {
    return { form: "IPv4-compatible", ipv4: fromParts(parts[6]!, parts[7]!) };
  }
  return null;
}
