import { randomUUID } from "node:crypto";
import { jsonApiErrorResponse } from "@/lib/api/json-api-error";
import { env } from "@/lib/env";
import { moduleLog } from "@/lib/log";

// Admission control for the ingestion routes. Without it the only bound on work waiting inside a
// web process was the 10 s pool-acquire timeout: under a burst far above what PostgreSQL can
// commit, every request was read, parsed and queued for the group commit, the queue grew, answers
// slowed to seconds and then timed out — clients retried into a queue that was already too long.
// Now a request is answered 503 + Retry-After at once, before its body is read or anything
// queued, when either
// - the process already holds `limit` ingestion requests (reading, validating, queued, writing), or
// - recent requests took longer than `targetMs` (moving average of admitted requests' time in the
//   handler) and more than `minInFlight` are in flight: a fixed cap alone bounds the queue at
//   ≈ limit / commit rate, which on a busy box (100-200 commits/s measured by bench/burst.ts) was
//   5-16 s for the requests it admitted. The latency test adapts to the commit rate; the
//   minimum in flight keeps it from refusing everything. It is off unless
//   HOOKFLOW_INGEST_TARGET_LATENCY_MS is set: when refusing took all the CPU (2 cores shared with
//   the load generator), admitted requests stayed slow and it locked into ~8 admitted/s.
// The process recovers by itself when the burst ends. A refused event is not stored; a retry with
// the same unique_id is safe.

/** Seconds to wait after an overload refusal: a burst's queue drains in well under a second. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;

export class IngestAdmission {
  private held = 0;
  /** Requests refused since the start (for logs, tests and benchmarks). */
  refused = 0;
  private lastLogged = 0;
  /** Moving average of admitted requests' time in the handler, ms. */
  private averageMs = 0;

  constructor(
    readonly name: string,
    private readonly limit: number,
    private readonly targetMs = Number.POSITIVE_INFINITY,
    private readonly minInFlight = 8,
  ) {}

  get inFlight(): number {
    return this.held;
  }

  /**
   * Whether a request arriving now would be admitted; takes no slot, but counts and logs a
   * refusal. Lets the node:http fast path (lib/http/refuse-overloaded.ts) refuse before a
   * `Request` is built, with the same counters and rule as `tryEnter`.
   */
  admitsNow(): boolean {
    const isSlow = this.averageMs > this.targetMs && this.held >= this.minInFlight;
    if (this.held < this.limit && !isSlow) return true;
    this.refused++;
    this.logRefusals();
    return false;
  }

  /** Takes a slot if one is free; the caller must `leave()` exactly once after a true. */
  tryEnter(): boolean {
    if (!this.admitsNow()) return false;
    this.held++;
    return true;
  }

  /** Gives the slot back; `elapsedMs` (time in the handler) feeds the latency average. */
  leave(elapsedMs?: number): void {
    this.held--;
    if (elapsedMs !== undefined) this.averageMs += (elapsedMs - this.averageMs) * 0.1;
  }

  get recentLatencyMs(): number {
    return this.averageMs;
  }

  /** One warning per second at most while refusing: a burst must not flood the log too. */
  private logRefusals(): void {
    const now = Date.now();
    if (now - this.lastLogged < 1000) return;
    this.lastLogged = now;
    moduleLog("ingestion").warn(
      {
        route: this.name,
        limit: this.limit,
        inFlight: this.held,
        recentLatencyMs: Math.round(this.averageMs),
        refused: this.refused,
      },
      "ingestion overloaded: refusing requests with 503 + Retry-After",
    );
  }
}

/** The refusal's JSON:API error, without its per-occurrence `id`. */
export const OVERLOAD_ERROR = {
  status: "503",
  code: "service_unavailable",
  title: "Service temporarily unavailable.",
  detail: "Too many events are waiting to be stored right now; nothing was stored. Retry later.",
} as const;

export function overloadedResponse(): Response {
  return jsonApiErrorResponse([{ id: randomUUID(), ...OVERLOAD_ERROR }], {
    "retry-after": String(OVERLOAD_RETRY_AFTER_SECONDS),
  });
}

/** Wraps a route handler: refuses with 503 when the gate is full, else runs it holding a slot. */
export function withIngestAdmission<A extends unknown[]>(
  gate: () => IngestAdmission,
  handler: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args) => {
    const admission = gate();
    if (!admission.tryEnter()) return overloadedResponse();
    const started = performance.now();
    try {
      return await handler(...args);
    } finally {
      admission.leave(performance.now() - started);
    }
  };
}

const globalForAdmission = globalThis as unknown as {
  hookflowIngestAdmission?: { single: IngestAdmission; bulk: IngestAdmission };
};

function gates() {
  globalForAdmission.hookflowIngestAdmission ??= {
    single: new IngestAdmission(
      "events",
      env().HOOKFLOW_INGEST_MAX_IN_FLIGHT,
      env().HOOKFLOW_INGEST_TARGET_LATENCY_MS ?? Number.POSITIVE_INFINITY,
    ),
    bulk: new IngestAdmission(
      "event-bulk-create-jobs",
      env().HOOKFLOW_INGEST_BULK_MAX_IN_FLIGHT,
      env().HOOKFLOW_INGEST_TARGET_LATENCY_MS ?? Number.POSITIVE_INFINITY,
      2,
    ),
  };
  return globalForAdmission.hookflowIngestAdmission;
}

/** The process's gate for POST /api/events. */
export const singleEventAdmission = () => gates().single;
/** The process's gate for POST /api/event-bulk-create-jobs (each request up to 1,000 events). */
export const bulkEventAdmission = () => gates().bulk;
