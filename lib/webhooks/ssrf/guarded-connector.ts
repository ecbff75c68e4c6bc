import type { LookupFunction, Socket } from "node:net";
import { isIP } from "node:net";
import { buildConnector, errors } from "undici";
import type { TAllowlist } from "./allowlist";
import {
  resolveAllowedAddressesOrThrow,
  resolveWithSystem,
  type TResolvedAddress,
  type TResolver,
} from "./resolve-allowed-addresses";

// An undici connector that resolves the host once, checks every address, and dials only those
// addresses. Rebinding cannot slip in between check and connect because there is no second
// lookup: the socket gets a `lookup` that answers from the checked list (for IP literals Node
// does no lookup at all and dials the checked literal).

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** Opens the socket to `addresses` (already checked). Replaced in tests to record, not connect. */
export type TDial = (
  connectOptions: buildConnector.Options,
  addresses: readonly TResolvedAddress[],
  timeoutMs: number,
) => Promise<Socket>;

export type TGuardedConnectorOptions = {
  allowlist: TAllowlist;
  resolve?: TResolver;
  /** One budget for the lookup plus the TCP (and TLS) connect; 5 s by default. */
  connectTimeoutMs?: number;
  dial?: TDial;
};

export function createGuardedConnector(options: TGuardedConnectorOptions): buildConnector.connector {
  const resolve = options.resolve ?? resolveWithSystem;
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const dial = options.dial ?? dialPinned;
  const connectGuarded = async (connectOptions: buildConnector.Options): Promise<Socket> => {
    const started = performance.now();
    const addresses = await withDeadline(
      resolveAllowedAddressesOrThrow({
        host: connectOptions.hostname,
        allowlist: options.allowlist,
        resolve,
      }),
      timeoutMs,
      connectOptions.hostname,
    );
    const remainingMs = Math.max(1, Math.round(timeoutMs - (performance.now() - started)));
    return dial(connectOptions, addresses, remainingMs);
  };
  return (connectOptions, callback) => {
    connectGuarded(connectOptions).then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error, null),
    );
  };
}

/**
 * undici's own connector (TLS, SNI and certificate checks against the host name, keep-alive),
 * built per connection so its `lookup` can answer with this connection's checked addresses.
 * The cost is TLS session resumption across reconnects; keep-alive makes reconnects rare.
 * autoSelectFamily (happy eyeballs) tries the checked IPv6 and IPv4 addresses in turn.
 */
export const dialPinned: TDial = (connectOptions, addresses, timeoutMs) => {
  const first = addresses[0]!;
  const hostname = isIP(connectOptions.hostname) ? first.address : connectOptions.hostname;
  const connect = buildConnector({
    timeout: timeoutMs,
    lookup: pinnedLookup(addresses),
    autoSelectFamily: true,
  });
  return new Promise((resolve, reject) => {
    connect({ ...connectOptions, hostname }, (error, socket) => {
      if (error) reject(error);
      else resolve(socket as Socket);
    });
  });
};

function pinnedLookup(addresses: readonly TResolvedAddress[]): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const family = familyOf(lookupOptions.family);
    const usable = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
    process.nextTick(() => {
      const first = usable[0];
      if (first === undefined) {
        const error = Object.assign(new Error(`${hostname} has no allowed IPv${family} address`), {
          code: "ENOTFOUND",
        });
        callback(error, "", undefined);
      } else if (lookupOptions.all) {
        callback(
          null,
          usable.map((entry) => ({ ...entry })),
        );
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

function familyOf(family: number | string | undefined): 0 | 4 | 6 {
  if (family === 4 || family === "IPv4") return 4;
  if (family === 6 || family === "IPv6") return 6;
  return 0;
}

// getaddrinfo cannot be cancelled (it finishes on libuv's thread pool); we stop waiting for it.
async function withDeadline<T>(work: Promise<T>, timeoutMs: number, hostname: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new errors.ConnectTimeoutError(`Lookup of ${hostname} took more than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
