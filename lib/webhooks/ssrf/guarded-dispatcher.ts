import { Agent, type Dispatcher } from "undici";
import type { TAllowlist } from "./allowlist";
import { createGuardedConnector, DEFAULT_CONNECT_TIMEOUT_MS, type TDial } from "./guarded-connector";
import type { TResolver } from "./resolve-allowed-addresses";

export { checkUrl } from "./check-url";

/** undici's default; a receiver that keeps the socket longer gets reused for 4 s of silence. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 4_000;

export type TGuardedDispatcherOptions = {
  allowlist: TAllowlist;
  resolve?: TResolver;
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  /** Sockets per origin; unlimited by default (per-endpoint limits live in the delivery queue). */
  connections?: number;
  /** Test seam: record the addresses that would be dialled instead of connecting. */
  dial?: TDial;
};

/**
 * A keep-alive undici Agent that only reaches public addresses (plus the allowlist). A refusal
 * rejects `request()` with the SsrfRefusedError itself (fetch: as its `cause`), before any socket
 * is opened. Redirects are not followed (undici's request does not, and this agent adds no
 * redirect interceptor): a receiver's 3xx comes back as the response.
 */
export function createGuardedDispatcher(options: TGuardedDispatcherOptions): Dispatcher {
  return new Agent({
    connect: createGuardedConnector({
      allowlist: options.allowlist,
      resolve: options.resolve,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      dial: options.dial,
    }),
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    connections: options.connections ?? null,
  });
}
