import { type Dispatcher, request } from "undici";
import { isRetryableStatus, parseRetryAfter } from "@/lib/webhooks/retry-policy";

export const CONNECT_TIMEOUT_MS = 5_000;
export const RESPONSE_TIMEOUT_MS = 15_000;
/** Response bodies are read (and stored) up to this size; the rest is discarded. */
export const MAX_STORED_RESPONSE_BYTES = 64 * 1024;
/** Sent with every webhook request unless the caller's headers override them. */
export const DEFAULT_WEBHOOK_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json",
  "user-agent": "Hookflow-Webhooks/1",
};

export type TWebhookResponse = {
  /** null when no response arrived (network error, timeout, refused by the SSRF guard). */
  status: number | null;
  headers: Record<string, string>;
  body: string | null;
  durationMs: number;
  error: string | null;
  isSuccess: boolean;
  isRetryable: boolean;
  /** 410 Gone: the receiver asks never to be called again. */
  isGone: boolean;
  retryAfterMs?: number;
};

/**
 * POSTs one webhook request through `dispatcher` (the SSRF-guarded keep-alive agent) and
 * classifies the outcome. Redirects are not followed (a 3xx is a final failure: following one
 * could lead to a private address). Never throws for delivery failures: they are outcomes.
 */
export async function sendWebhookRequest(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  dispatcher: Dispatcher;
  signal?: AbortSignal;
  now?: () => number;
  /** Time for the whole response, headers and body (tests shorten it). */
  timeoutMs?: number;
}): Promise<TWebhookResponse> {
  const clock = options.now ?? (() => performance.now());
  const started = clock();
  const timeoutMs = options.timeoutMs ?? RESPONSE_TIMEOUT_MS;
  // undici's bodyTimeout is an idle timeout, reset by every chunk: a receiver dripping one byte
  // every few seconds would hold the request until the step's own timeout, which abandons it
  // unrecorded. One deadline for the whole response makes it a recorded, retried failure.
  // A controller and a timer cleared at the end, not AbortSignal.timeout: its timer outlives the
  // request and is tracked for GC (bench:webhooks: ~3 % of the deliverer's CPU per request).
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
    timeoutMs,
  );
  timer.unref();
  const deadline = controller.signal;
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    const response = await request(options.url, {
      method: "POST",
      headers: { ...DEFAULT_WEBHOOK_HEADERS, ...options.headers },
      body: options.body,
      dispatcher: options.dispatcher,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const body = await readCapped(response.body);
    const status = response.statusCode;
    const headers = flattenHeaders(response.headers);
    const isSuccess = status >= 200 && status < 300;
    return {
      status,
      headers,
      body,
      durationMs: Math.round(clock() - started),
      error: isSuccess
        ? null
        : `Receiver answered ${status}${status >= 300 && status < 400 ? " (redirects are not followed)" : ""}`,
      isSuccess,
      isRetryable: !isSuccess && isRetryableStatus(status),
      isGone: status === 410,
      retryAfterMs: parseRetryAfter(headers["retry-after"]),
    };
  } catch (error) {
    const refusal = ssrfRefusalOf(error);
    return {
      status: null,
      headers: {},
      body: null,
      durationMs: Math.round(clock() - started),
      error:
        refusal ??
        (deadline.aborted && !options.signal?.aborted
          ? `No complete response within ${timeoutMs / 1000} s`
          : describeNetworkError(error, timeoutMs)),
      isSuccess: false,
      // A refused target stays refused: retrying cannot help.
      isRetryable: refusal === null,
      isGone: false,
    };
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(body: Dispatcher.ResponseData["body"]): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size + buffer.length > MAX_STORED_RESPONSE_BYTES) {
      chunks.push(buffer.subarray(0, MAX_STORED_RESPONSE_BYTES - size));
      size = MAX_STORED_RESPONSE_BYTES;
      body.destroy();
      break;
    }
    chunks.push(buffer);
    size += buffer.length;
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

/** The SSRF guard's refusal message, wherever undici put the error (itself or a cause). */
function ssrfRefusalOf(error: unknown): string | null {
  for (
    let current = error as { name?: string; message?: string; cause?: unknown } | undefined, depth = 0;
    current && depth < 5;
    depth++
  ) {
    if (current.name === "SsrfRefusedError") return current.message ?? "Refused by the SSRF guard";
    current = current.cause as typeof current;
  }
  return null;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const value = error as {
    code?: string;
    message?: string;
    name?: string;
    cause?: { code?: string; message?: string };
  };
  const code = value.code ?? value.cause?.code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT")
    return `No response within ${timeoutMs / 1000} s`;
  if (code === "UND_ERR_CONNECT_TIMEOUT") return `Could not connect within ${CONNECT_TIMEOUT_MS / 1000} s`;
  if (value.name === "AbortError") return "The request was aborted (step timeout or shutdown)";
  const message = value.cause?.message ?? value.message ?? String(error);
  return code ? `${message} (${code})` : message;
}
