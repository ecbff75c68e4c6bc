// The guard's refusal. undici hands a connector's error to the request unchanged, so
// `request()` rejects with this very object; `fetch()` wraps it as the `cause` of a
// TypeError("fetch failed"). `isSsrfRefusedError` looks at both.

export class SsrfRefusedError extends Error {
  override readonly name = "SsrfRefusedError";
  readonly code = "HOOKFLOW_SSRF_REFUSED";
  /** A refused target stays refused: retrying the delivery cannot help. */
  readonly isRetryable = false;
  /** The host as the URL named it, canonical, IPv6 without brackets. */
  readonly host: string;
  /** The address that was refused; null when the host itself is unusable. */
  readonly address: string | null;
  /** Why, without the host prefix, e.g. "127.0.0.1 is a loopback address". */
  readonly reason: string;

  constructor(options: { host: string; address: string | null; reason: string }) {
    const host = options.host.includes(":") ? `[${options.host}]` : options.host;
    const target =
      options.address === null || options.address === options.host ? host : `${host} (${options.address})`;
    super(`Refused to connect to ${target}: ${options.reason}`);
    this.host = options.host;
    this.address = options.address;
    this.reason = options.reason;
  }
}

/** The refusal behind `error` (the error itself, or its cause up to a few levels), or null. */
export function findSsrfRefusal(error: unknown): SsrfRefusedError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof SsrfRefusedError) return current;
    current = current.cause;
  }
  return null;
}

export function isSsrfRefusedError(error: unknown): boolean {
  return findSsrfRefusal(error) !== null;
}
