import { STATUS_CODES } from "node:http";
import { type Dispatcher, request } from "undici";
import { findSsrfRefusal } from "@/lib/webhooks/ssrf";
import type { IHostBridge, TFetchRecord, TFetchRequest, TFetchResponse, TInvocationLimits } from "./types";

// The host side of a sandboxed function's fetch, for both languages: the guest only ever sees
// strings in and a TFetchResponse out; the socket is opened here, through the webhooks' SSRF guard
// (a dispatcher that resolves once, checks every address and dials only those). Two layers:
// - createGuardedFetch: one request (and its redirects) through a guarded dispatcher, with a time
//   budget and a response-size cap. The product's IHostBridge.fetch is normally this.
// - createInvocationFetch: wraps whatever bridge.fetch is with the per-invocation count cap, a
//   deadline, and the TFetchRecord list the runtime reports. The runtimes always go through it.

export const MAX_REDIRECTS = 5;
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Connection-level headers are the client's business; a guest setting them could desynchronise
// the connection. Host stays: the connection target is decided by the URL, never by this header.
const DROPPED_REQUEST_HEADERS = new Set([
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "upgrade",
  "expect",
  "proxy-connection",
  "te",
  "trailer",
  "host",
]);

export type TGuardedFetchOptions = {
  limits: Pick<TInvocationLimits, "fetchTimeoutMs" | "maxFetchResponseBytes">;
  /** The SSRF-guarded dispatcher; the process-wide webhook dispatcher when omitted. */
  dispatcher?: Dispatcher;
};

export class GuestFetchError extends Error {
  override readonly name = "GuestFetchError";
}

export function createGuardedFetch(options: TGuardedFetchOptions): IHostBridge["fetch"] {
  return async (fetchRequest) => {
    const dispatcher = options.dispatcher ?? (await defaultDispatcher());
    return performGuardedFetch(fetchRequest, { ...options.limits, dispatcher });
  };
}

async function defaultDispatcher(): Promise<Dispatcher> {
  const { webhookDispatcher } = await import("@/lib/webhooks/webhook-dispatcher");
  return webhookDispatcher();
}

/** Throws GuestFetchError with a message meant for the function's author. */
export async function performGuardedFetch(
  fetchRequest: TFetchRequest,
  options: { dispatcher: Dispatcher; fetchTimeoutMs: number; maxFetchResponseBytes: number },
): Promise<TFetchResponse> {
  const signal = AbortSignal.timeout(options.fetchTimeoutMs);
  let current = normaliseRequest(fetchRequest);
  for (let redirects = 0; ; redirects++) {
    const response = await sendOnce(current, options, signal);
    const location = response.headers.location;
    if (
      response.status < 300 ||
      response.status >= 400 ||
      location === undefined ||
      response.status === 304
    ) {
      return response;
    }
    if (redirects >= MAX_REDIRECTS) {
      throw new GuestFetchError(`fetch ${fetchRequest.url}: more than ${MAX_REDIRECTS} redirects`);
    }
    // Each hop goes through the same guarded dispatcher, so a redirect to a private address is
    // refused exactly like a direct request to it.
    current = redirectedRequest(current, response.status, new URL(location, current.url).toString());
  }
}

function normaliseRequest(fetchRequest: TFetchRequest): TFetchRequest {
  let url: URL;
  try {
    url = new URL(fetchRequest.url);
  } catch {
    throw new GuestFetchError(`fetch: "${fetchRequest.url}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new GuestFetchError(`fetch: only http and https URLs can be fetched, not ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new GuestFetchError("fetch: the URL must not contain credentials; send them in a header instead");
  }
  const method = fetchRequest.method.toUpperCase();
  if (!METHOD_TOKEN.test(method))
    throw new GuestFetchError(`fetch: "${fetchRequest.method}" is not an HTTP method`);
  if (method === "CONNECT" || method === "TRACE") {
    throw new GuestFetchError(`fetch: the ${method} method is not allowed`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fetchRequest.headers)) {
    const lower = name.toLowerCase();
    if (!DROPPED_REQUEST_HEADERS.has(lower)) headers[lower] = value;
  }
  headers["user-agent"] ??= "Hookflow-Functions/1";
  const hasBody = fetchRequest.body !== null && method !== "GET" && method !== "HEAD";
  return { url: url.toString(), method, headers, body: hasBody ? fetchRequest.body : null };
}

function redirectedRequest(previous: TFetchRequest, status: number, url: string): TFetchRequest {
  const keepsMethod = status === 307 || status === 308;
  const headers = { ...previous.headers };
  if (new URL(url).origin !== new URL(previous.url).origin) {
    delete headers.authorization;
    delete headers.cookie;
  }
  if (!keepsMethod) delete headers["content-type"];
  return normaliseRequest({
    url,
    method: keepsMethod || previous.method === "HEAD" ? previous.method : "GET",
    headers,
    body: keepsMethod ? previous.body : null,
  });
}

async function sendOnce(
  fetchRequest: TFetchRequest,
  options: { dispatcher: Dispatcher; fetchTimeoutMs: number; maxFetchResponseBytes: number },
  signal: AbortSignal,
): Promise<TFetchResponse> {
  try {
    const response = await request(fetchRequest.url, {
      method: fetchRequest.method as Dispatcher.HttpMethod,
      headers: fetchRequest.headers,
      body: fetchRequest.body ?? undefined,
      dispatcher: options.dispatcher,
      signal,
      headersTimeout: options.fetchTimeoutMs,
      bodyTimeout: options.fetchTimeoutMs,
    });
    const body = await readCappedOrThrow(response.body, options.maxFetchResponseBytes, fetchRequest.url);
    return {
      status: response.statusCode,
      statusText: STATUS_CODES[response.statusCode] ?? "",
      headers: flattenHeaders(response.headers),
      body,
    };
  } catch (error) {
    throw describeFetchFailure(error, fetchRequest.url, options.fetchTimeoutMs);
  }
}

async function readCappedOrThrow(
  body: Dispatcher.ResponseData["body"],
  maxBytes: number,
  url: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new GuestFetchError(`fetch ${url}: the response is larger than ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function describeFetchFailure(error: unknown, url: string, timeoutMs: number): GuestFetchError {
  if (error instanceof GuestFetchError) return error;
  const refusal = findSsrfRefusal(error);
  if (refusal) return new GuestFetchError(`fetch ${url}: ${refusal.message}`);
  const value = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = value.code ?? value.cause?.code;
  if (
    value.name === "TimeoutError" ||
    value.name === "AbortError" ||
    (code?.startsWith("UND_ERR_") && /TIMEOUT/.test(code))
  ) {
    return new GuestFetchError(`fetch ${url}: no complete response within ${timeoutMs} ms`);
  }
  const message = value.message ?? String(error);
  return new GuestFetchError(
    `fetch ${url}: ${message}${code && !message.includes(code) ? ` (${code})` : ""}`,
  );
}

/**
 * The per-invocation fetch the runtimes call: counts against `maxFetches`, bounds each call by
 * `fetchTimeoutMs` whatever the bridge does, and records every attempt (refusals included).
 */
export function createInvocationFetch(options: {
  bridge: IHostBridge;
  limits: Pick<TInvocationLimits, "maxFetches" | "fetchTimeoutMs" | "maxFetchResponseBytes">;
}) {
  const records: TFetchRecord[] = [];
  let attempts = 0;
  const fetch = async (fetchRequest: TFetchRequest): Promise<TFetchResponse> => {
    attempts++;
    const method = String(fetchRequest.method).toUpperCase();
    const started = performance.now();
    const record = (status: number | null, error: string | null) =>
      records.push({
        method,
        url: String(fetchRequest.url),
        status,
        durationMs: Math.round(performance.now() - started),
        error,
      });
    if (attempts > options.limits.maxFetches) {
      const message = `fetch: this function may make at most ${options.limits.maxFetches} requests per run`;
      record(null, message);
      throw new GuestFetchError(message);
    }
    try {
      const response = await withTimeout(
        options.bridge.fetch(fetchRequest),
        options.limits.fetchTimeoutMs,
        fetchRequest.url,
      );
      if (Buffer.byteLength(response.body) > options.limits.maxFetchResponseBytes) {
        throw new GuestFetchError(
          `fetch ${fetchRequest.url}: the response is larger than ${options.limits.maxFetchResponseBytes} bytes`,
        );
      }
      record(response.status, null);
      return response;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      record(null, message);
      throw error instanceof GuestFetchError ? error : new GuestFetchError(message);
    }
  };
  return { fetch, records };
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new GuestFetchError(`fetch ${url}: no complete response within ${timeoutMs} ms`)),
      timeoutMs + 250,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
