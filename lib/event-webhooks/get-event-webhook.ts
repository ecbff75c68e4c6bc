import { type Db, prisma } from "@/lib/db/prisma";
import {
  EVENT_WEBHOOK_INCLUDE,
  type TEventWebhook,
  toEventWebhook,
} from "@/lib/event-webhooks/event-webhook-output";
import { findEventWebhookOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";

const DAY_MS = 24 * 60 * 60 * 1000;
// Attempts of the last 24 h belong to deliveries created at most ~1.5 days before them (the retry
// schedule spans ~28 h + jitter) — bounding the creation time keeps the query on the
// (workspace, webhook, created_at) index. Replays of older deliveries are left out of the stats.
const DELIVERY_AGE_BOUND_MS = 3 * DAY_MS;

export type TDeliveryStats = {
  /** Attempts (test sends excluded) in the last 24 h. */
  attempts: number;
  /** Share of those attempts answered 2xx, 0..1; null without attempts. */
  successRate: number | null;
  /** Median attempt duration in ms; null without attempts. */
  p50LatencyMs: number | null;
  /** Deliveries waiting to be sent or retried. */
  pending: number;
  failedLast24h: number;
};

/** One webhook with its topics and the delivery stats of the last 24 h. */
export async function getEventWebhook(
  options: { workspaceId: string; webhookId: string; now?: Date },
  db: Db = prisma,
): Promise<TEventWebhook & { stats: TDeliveryStats }> {
  await findEventWebhookOrThrow(options, db);
  const now = options.now ?? new Date();
  const row = await db.eventWebhook.findUniqueOrThrow({
    where: { id: options.webhookId },
    include: EVENT_WEBHOOK_INCLUDE,
  });
  const since = new Date(now.getTime() - DAY_MS);
  const createdAfter = new Date(now.getTime() - DELIVERY_AGE_BOUND_MS);
  const [attempts] = await db.$queryRaw<{ attempts: number; succeeded: number; p50: number | null }[]>`
    select count(*)::int as attempts,
           count(*) filter (where a.response_status between 200 and 299)::int as succeeded,
           percentile_cont(0.5) within group (order by a.duration_ms)::float8 as p50
    from webhook_deliveries d join webhook_attempts a on a.delivery_id = d.id
    where d.workspace_id = ${options.workspaceId}::uuid and d.event_webhook_id = ${row.id}::uuid
      and d.created_at >= ${createdAfter} and not d.is_test and a.created_at >= ${since}`;
  const [counts] = await db.$queryRaw<{ pending: number; failed: number }[]>`
    select (select count(*) from webhook_deliveries
            where workspace_id = ${options.workspaceId}::uuid and event_webhook_id = ${row.id}::uuid
              and status in ('pending', 'delivering') and not is_test)::int as pending,
           (select count(*) from webhook_deliveries
            where workspace_id = ${options.workspaceId}::uuid and event_webhook_id = ${row.id}::uuid
              and created_at >= ${createdAfter} and status = 'failed' and updated_at >= ${since}
              and not is_test)::int as failed`;
  const total = attempts?.attempts ?? 0;
  return {
    ...toEventWebhook(row, now),
    stats: {
      attempts: total,
      successRate: total === 0 ? null : (attempts?.succeeded ?? 0) / total,
      p50LatencyMs: total === 0 || attempts?.p50 === null ? null : Math.round(attempts?.p50 ?? 0),
      pending: counts?.pending ?? 0,
      failedLast24h: counts?.failed ?? 0,
    },
  };
}
