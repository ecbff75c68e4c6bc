import { isIPv4, isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";

// One canonical form per host, so the guard decides on what will actually be dialled.
//
// The WHATWG URL parser (Node's `new URL`, which undici uses for every origin) already turns
// every IPv4 notation into dotted decimal: "2130706433", "0x7f.1", "0177.0.0.1", "127.1",
// "0x7f000001", "%31%32%37.0.0.1" and full-width digits all become "127.0.0.1"; invalid numeric
// hosts such as "08.0.0.1", "1.2.3.4.5" or "4294967296" are rejected as invalid URLs; IPv6 is
// written in RFC 5952 form in brackets ("[::ffff:127.0.0.1]" → "[::ffff:7f00:1]"); zone ids
// ("%25eth0") are rejected; names are lower-cased and IDNA-encoded; a trailing dot is kept.
// So a host is normalised by running it through that same parser, never by a second, differing
// implementation (ipaddr.js would also read "0x7f.1", but its rules are not the URL standard's).
// The resolved addresses are checked as well, so a notation that reached getaddrinfo unnormalised
// (inet_aton reads "0x7f.1" too) would still be caught after resolution.

export type TParsedHost =
  | { kind: "ipv4"; host: string }
  | { kind: "ipv6"; host: string }
  /** A DNS name, lower-case ASCII (IDNA), without a trailing dot. */
  | { kind: "dns"; host: string };

// Characters that would make "http://<host>/" mean something other than a host.
const NOT_IN_HOST = /[\s/?#@\\]/;

/** The canonical form of a URL host (brackets optional for IPv6), or null when it is not one. */
export function parseHost(input: string): TParsedHost | null {
  const trimmed = input.trim();
  if (trimmed === "" || NOT_IN_HOST.test(trimmed)) return null;
  const isBracketed = trimmed.startsWith("[") && trimmed.endsWith("]");
  const inner = isBracketed ? trimmed.slice(1, -1) : trimmed;
  if (inner.includes(":")) {
    // Zone ids are refused as the URL parser refuses them; a colon is otherwise a port.
    if (!isIPv6(inner) || inner.includes("%")) return null;
    return { kind: "ipv6", host: ipaddr.IPv6.parse(inner).toRFC5952String() };
  }
  if (isBracketed) return null;
  let hostname: string;
  try {
    hostname = new URL(`http://${inner}/`).hostname;
  } catch {
    return null;
  }
  if (isIPv4(hostname)) return { kind: "ipv4", host: hostname };
  const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  return name === "" ? null : { kind: "dns", host: name };
}
