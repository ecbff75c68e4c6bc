import autocannon from "autocannon";

// Load for the reliability benches (burst, faults, soak): Create Event requests, each with a
// unique_id of its own, and a record of what the API answered for every one of them — so a bench
// can check afterwards that every event answered 2xx is stored (zero loss), and that none answered
// 503 was stored anyway. Latency is per response (requests on one connection are sequential, so
// the connection's context holds the send time of the request in flight).

export type TLoadResult = {
  /** unique_ids answered 2xx. */
  accepted: Set<string>;
  /** unique_ids answered 503 / 429. */
  refused: Set<string>;
  statuses: Record<string, number>;
  /** Refusals (429/503) that lacked a Retry-After header. */
  refusedWithoutRetryAfter: number;
  errors: number;
  timeouts: number;
  sent: number;
  durationSeconds: number;
  /** Per second since the start: 2xx answers and their latencies (ms). */
  seconds: { accepted: number; refused: number; other: number; latencies: number[] }[];
};

export type TLoadOptions = {
  baseUrl: string;
  apiKey: string;
  /** unique_id prefix; ids are `${prefix}-${n}`. */
  prefix: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second overall; absent: as fast as the connections allow (closed loop). */
  rate?: number;
  metric?: string;
  profiles?: number;
  timeoutSeconds?: number;
};

export async function runEventLoad(options: TLoadOptions): Promise<TLoadResult> {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  const statuses: Record<string, number> = {};
  const seconds: TLoadResult["seconds"] = [];
  let refusedWithoutRetryAfter = 0;
  let counter = 0;
  const started = Date.now();
  const bucket = (now: number) => {
    const index = Math.floor((now - started) / 1000);
    while (seconds.length <= index) seconds.push({ accepted: 0, refused: 0, other: 0, latencies: [] });
    return seconds[index]!;
  };
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: options.timeoutSeconds ?? 30,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: "POST",
        path: "/api/events",
        headers: {
          authorization: `Klaviyo-API-Key ${options.apiKey}`,
          revision: "2024-10-15",
          "content-type": "application/vnd.api+json",
        },
        setupRequest: (request, context) => {
          const n = counter++;
          context.id = `${options.prefix}-${n}`;
          context.sentAt = Date.now();
          return { ...request, body: eventBody(context.id as string, n, options) };
        },
        onResponse: (status, _body, context, headers) => {
          const now = Date.now();
          const second = bucket(now);
          const id = context.id as string;
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status >= 200 && status < 300) {
            accepted.add(id);
            second.accepted++;
            second.latencies.push(now - (context.sentAt as number));
          } else if (status === 503 || status === 429) {
            refused.add(id);
            second.refused++;
            if (!headers["retry-after"]) refusedWithoutRetryAfter++;
          } else second.other++;
        },
      },
    ],
  });
  return {
    accepted,
    refused,
    statuses,
    refusedWithoutRetryAfter,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: counter,
    durationSeconds: (Date.now() - started) / 1000,
    seconds,
  };
}

function eventBody(id: string, n: number, options: TLoadOptions): string {
  return JSON.stringify({
    data: {
      type: "event",
      attributes: {
        properties: { OrderId: n, customer_locale: "de-DE" },
        time: new Date().toISOString(),
        unique_id: id,
        metric: { data: { type: "metric", attributes: { name: options.metric ?? "Placed Order" } } },
        profile: {
          data: {
            type: "profile",
            attributes: { email: `load.${n % (options.profiles ?? 1000)}@example.com` },
          },
        },
      },
    },
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Which of `ids` are stored (by unique_id), in chunks. */
export async function storedIds(
  query: (sql: string, params: unknown[]) => Promise<{ rows: { unique_id: string }[] }>,
  ids: string[],
): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let index = 0; index < ids.length; index += 5000) {
    const { rows } = await query("select unique_id from events where unique_id = any($1::text[])", [
      ids.slice(index, index + 5000),
    ]);
    for (const row of rows) stored.add(row.unique_id);
  }
  return stored;
}
