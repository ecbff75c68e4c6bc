import { type Db, prisma } from "@/lib/db/prisma";
import type { TDeliveryStats } from "@/lib/event-webhooks/get-event-webhook";
import { subjectCondition, type TDeliverySubject } from "@/lib/webhooks/stats/delivery-timeseries";

const DAY_MS = 86_400_000;
const DELIVERY_AGE_BOUND_MS = 3 * DAY_MS;

/**
 * The last 24 h in figures for any webhook (the event webhook page's figures, for a flow node
 * too): attempts, share answered 2xx, median duration, deliveries waiting, deliveries failed.
 */
export async function deliverySummary(
  options: { workspaceId: string; subject: TDeliverySubject; now?: Date },
  db: Db = prisma,
): Promise<TDeliveryStats> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - DAY_MS);
  const createdAfter = new Date(now.getTime() - DELIVERY_AGE_BOUND_MS);
  const condition = subjectCondition(options.subject);
  const [attempts] = await db.$queryRaw<{ attempts: number; succeeded: number; p50: number | null }[]>`
    select count(*)::int as attempts,
           count(*) filter (where a.response_status between 200 and 299)::int as succeeded,
           percentile_cont(0.5) within group (order by a.duration_ms)::float8 as p50
    from webhook_deliveries d join webhook_attempts a on a.delivery_id = d.id
    where d.workspace_id = ${options.workspaceId}::uuid and ${condition}
      and d.created_at >= ${createdAfter} and not d.is_test and a.created_at >= ${since}`;
  const [counts] = await db.$queryRaw<{ pending: number; failed: number }[]>`
    select count(*) filter (where d.status in ('pending', 'delivering'))::int as pending,
           count(*) filter (where d.status = 'failed' and d.updated_at >= ${since})::int as failed
    from webhook_deliveries d
    where d.workspace_id = ${options.workspaceId}::uuid and ${condition} and not d.is_test
      and (d.status in ('pending', 'delivering') or d.created_at >= ${createdAfter})`;
  const total = attempts?.attempts ?? 0;
  return {
    attempts: total,
    successRate: total === 0 ? null : (attempts?.succeeded ?? 0) / total,
    p50LatencyMs: total === 0 || attempts?.p50 == null ? null : Math.round(attempts.p50),
    pending: counts?.pending ?? 0,
    failedLast24h: counts?.failed ?? 0,
  };
}
