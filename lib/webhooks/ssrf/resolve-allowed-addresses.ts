import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { TAllowlist } from "./allowlist";
import { classifyAddress } from "./classify-address";
import { parseHost } from "./parse-host";
import { SsrfRefusedError } from "./ssrf-refused-error";

export type TResolvedAddress = { address: string; family: 4 | 6 };
/** Every address of a DNS name. Injected in tests; getaddrinfo (like net.connect) by default. */
export type TResolver = (host: string) => Promise<readonly { address: string; family: number }[]>;

/** getaddrinfo, as Node's own connect would use: /etc/hosts, the system resolver, its ordering. */
export const resolveWithSystem: TResolver = (host) => lookup(host, { all: true });

/**
 * The addresses a connection to `host` may use: resolved once, every one checked. Throws
 * SsrfRefusedError when the host is unusable or ANY address is refused — a name answering
 * [public, private] is refused as a whole rather than trimmed to its public part, since a
 * name that points inward at all is not a receiver we should trust. Resolver errors
 * (ENOTFOUND, EAI_AGAIN…) propagate unchanged: those are network failures, worth a retry.
 */
export async function resolveAllowedAddressesOrThrow(options: {
  host: string;
  allowlist: TAllowlist;
  resolve: TResolver;
}): Promise<TResolvedAddress[]> {
  const { allowlist } = options;
  const parsed = parseHost(options.host);
  if (parsed === null) {
    throw new SsrfRefusedError({ host: options.host, address: null, reason: "not a valid host name" });
  }
  const host = parsed.host;
  if (parsed.kind !== "dns") {
    checkAddressOrThrow(host, host, allowlist);
    return [{ address: host, family: parsed.kind === "ipv4" ? 4 : 6 }];
  }
  const answers = await options.resolve(host);
  if (answers.length === 0) {
    throw Object.assign(new Error(`${host} resolved to no addresses`), { code: "ENOTFOUND", hostname: host });
  }
  const isHostAllowlisted = allowlist.matchesHost(host);
  return answers.map(({ address }) => {
    // Dialled verbatim later, so it must be a plain address net.connect will not resolve again.
    const family = isIP(address);
    if (family === 0) {
      throw new SsrfRefusedError({
        host,
        address,
        reason: `the resolver answered "${address}", not an IP address`,
      });
    }
    if (!isHostAllowlisted) checkAddressOrThrow(host, address, allowlist);
    return { address, family: family as 4 | 6 };
  });
}

function checkAddressOrThrow(host: string, address: string, allowlist: TAllowlist): void {
  if (allowlist.matchesAddress(address)) return;
  const decision = classifyAddress(address);
  if (!decision.isAllowed) throw new SsrfRefusedError({ host, address, reason: decision.reason });
}
