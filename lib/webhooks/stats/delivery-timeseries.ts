import { type Db, prisma } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Attempts in a window belong to deliveries created at most ~1.5 days before it (the retry
// schedule spans ~28 h + jitter): bounding the creation time keeps the query on the delivery
// indexes. Replays of older deliveries are left out of the charts, as from the 24 h figures.
const DELIVERY_AGE_BOUND_MS = 3 * DAY_MS;

/** The chart windows and their bucket widths (24-30 points each). */
export const STATS_WINDOWS = {
  "24h": { label: "Last 24 hours", ms: DAY_MS, bucketMs: HOUR_MS },
  "7d": { label: "Last 7 days", ms: 7 * DAY_MS, bucketMs: 6 * HOUR_MS },
  "30d": { label: "Last 30 days", ms: 30 * DAY_MS, bucketMs: DAY_MS },
} as const;
export type TStatsWindow = keyof typeof STATS_WINDOWS;

export function isStatsWindow(value: unknown): value is TStatsWindow {
  return typeof value === "string" && Object.hasOwn(STATS_WINDOWS, value);
}

/** Whose deliveries: an event webhook's, or one webhook node's of a flow. */
export type TDeliverySubject = { eventWebhookId: string } | { flowId: string; nodeId: string };

export type TDeliveryBucket = {
  /** Start of the bucket (UTC-aligned). */
  start: Date;
  attempts: number;
  succeeded: number;
  /** Share answered 2xx, 0..1; null without attempts. */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
};

export function subjectCondition(subject: TDeliverySubject): Prisma.Sql {
  return "eventWebhookId" in subject
    ? Prisma.sql`d.event_webhook_id = ${subject.eventWebhookId}::uuid`
    : Prisma.sql`d.flow_id = ${subject.flowId}::uuid and d.node_id = ${subject.nodeId}`;
}

/**
 * Success rate and latency (p50, p95 of attempt durations) over time, one row per bucket of the
 * window, empty buckets included (zero attempts, null rates): aggregated in SQL (date_bin), test
 * sends left out. Buckets are aligned to UTC hours/days so a refresh moves points, not edges.
 */
export async function deliveryTimeseries(
  options: { workspaceId: string; subject: TDeliverySubject; window: TStatsWindow; now?: Date },
  db: Db = prisma,
): Promise<TDeliveryBucket[]> {
  const now = options.now ?? new Date();
  const window = STATS_WINDOWS[options.window];
  const from = new Date(now.getTime() - window.ms);
  const createdAfter = new Date(from.getTime() - DELIVERY_AGE_BOUND_MS);
  const bucket = `${window.bucketMs / 1000} seconds`;
  const rows = await db.$queryRaw<
    { start: Date; attempts: number; succeeded: number; p50: number | null; p95: number | null }[]
  >`
    with buckets as (
      select generate_series(date_bin(${bucket}::interval, ${from}::timestamptz, 'epoch'),
                             date_bin(${bucket}::interval, ${now}::timestamptz, 'epoch'),
                             ${bucket}::interval) as start
    ), totals as (
      select date_bin(${bucket}::interval, a.created_at, 'epoch') as start,
             count(*)::int as attempts,
             count(*) filter (where a.response_status between 200 and 299)::int as succeeded,
             percentile_cont(0.5) within group (order by a.duration_ms)::float8 as p50,
             percentile_cont(0.95) within group (order by a.duration_ms)::float8 as p95
      from webhook_deliveries d join webhook_attempts a on a.delivery_id = d.id
      where d.workspace_id = ${options.workspaceId}::uuid and ${subjectCondition(options.subject)}
        and d.created_at >= ${createdAfter} and not d.is_test
        and a.created_at >= ${from} and a.created_at <= ${now}
      group by 1
    )
    select b.start, coalesce(t.attempts, 0) as attempts, coalesce(t.succeeded, 0) as succeeded, t.p50, t.p95
    from buckets b left join totals t on t.start = b.start
    order by b.start`;
  return rows.map((row) => ({
    start: row.start,
    attempts: row.attempts,
    succeeded: row.succeeded,
    successRate: row.attempts === 0 ? null : row.succeeded / row.attempts,
    p50Ms: row.p50 === null ? null : Math.round(row.p50),
    p95Ms: row.p95 === null ? null : Math.round(row.p95),
  }));
}
