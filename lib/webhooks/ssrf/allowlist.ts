import ipaddr from "ipaddr.js";
import { parseHost } from "./parse-host";

// Development and test escape hatch: private targets that webhooks may reach anyway. Off unless
// HOOKFLOW_WEBHOOK_ALLOWLIST names something; the UI shows `describeAllowlist` whenever it is on.
// Entries are host names (matched exactly, case-insensitively: no wildcards, so "localhost" does
// not let "evil.localhost" through), IP addresses, or CIDR ranges.

export const ALLOWLIST_ENV_VAR = "HOOKFLOW_WEBHOOK_ALLOWLIST";

export type TAllowlist = {
  readonly isEnabled: boolean;
  /** Entries in canonical form ("127.0.0.1/32", "localhost", "::1"), in the order given. */
  readonly entries: readonly string[];
  /** True when the host name itself is allowlisted: every address it resolves to is allowed. */
  matchesHost: (host: string) => boolean;
  /** True when the address falls in an allowlisted address or range. */
  matchesAddress: (address: string) => boolean;
};

type TRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

export const EMPTY_ALLOWLIST: TAllowlist = createAllowlist([], new Set(), []);

/** Parses "127.0.0.1/32,localhost,::1"; throws an Error naming the variable and the bad entry. */
export function parseAllowlist(value: string | undefined): TAllowlist {
  const entries: string[] = [];
  const hosts = new Set<string>();
  const ranges: TRange[] = [];
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    if (entry.includes("/")) {
      const range = parseRange(entry);
      ranges.push(range);
      entries.push(`${rangeAddressText(range[0])}/${range[1]}`);
      continue;
    }
    const host = parseHost(entry);
    if (host === null) {
      throw new Error(`${ALLOWLIST_ENV_VAR}: "${entry}" is not a host name, IP address or CIDR range`);
    }
    if (host.kind === "dns") {
      hosts.add(host.host);
    } else {
      // process(): an IPv4-mapped entry means its IPv4 address, as in matchesAddress.
      const address = ipaddr.process(host.host);
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    }
    entries.push(host.host);
  }
  return entries.length === 0 ? EMPTY_ALLOWLIST : createAllowlist(entries, hosts, ranges);
}

/** The text the UI shows next to webhook settings. */
export function describeAllowlist(allowlist: TAllowlist): string {
  return allowlist.isEnabled
    ? `private targets allowed: ${allowlist.entries.join(", ")}`
    : "private targets refused: webhooks reach public addresses only";
}

function createAllowlist(entries: string[], hosts: Set<string>, ranges: TRange[]): TAllowlist {
  return {
    isEnabled: entries.length > 0,
    entries,
    matchesHost: (host) => {
      const parsed = parseHost(host);
      return parsed !== null && hosts.has(parsed.host);
    },
    matchesAddress: (address) => {
      if (!ipaddr.isValid(address)) return false;
      // An IPv4-mapped address is its IPv4 address: "127.0.0.1/32" covers ::ffff:127.0.0.1.
      const parsed = ipaddr.process(address);
      return ranges.some((range) => range[0].kind() === parsed.kind() && parsed.match(range));
    },
  };
}

function parseRange(entry: string): TRange {
  const [address, prefix] = entry.split("/");
  // ipaddr.js would read "127.1/32" or "0x7f.0.0.1/8"; a range in a setting is written plainly.
  const isPlain =
    address !== undefined && (ipaddr.IPv4.isValidFourPartDecimal(address) || address.includes(":"));
  if (!isPlain || !prefix || !/^\d{1,3}$/.test(prefix) || !ipaddr.isValidCIDR(entry)) {
    throw new Error(
      `${ALLOWLIST_ENV_VAR}: "${entry}" is not a CIDR range (write e.g. 127.0.0.0/8 or fd00::/8)`,
    );
  }
  return ipaddr.parseCIDR(entry);
}

function rangeAddressText(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  return address.kind() === "ipv6" ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}
