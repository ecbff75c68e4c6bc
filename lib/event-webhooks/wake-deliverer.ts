import type { Db } from "@/lib/db/prisma";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

// The deliverer of a webhook runs as graphile-worker jobs in a queue of its own
// ("hookflow.event-webhook:<id>"): graphile-worker runs the jobs of one named queue one at a time,
// across all processes, so a webhook has at most one deliverer, which keeps at most
// maxConcurrency requests in flight (docs/decisions.md, "Event webhooks").
// A wake-up for now carries a job key: however many batches are sealed meanwhile, one job waits
// (behind the running one). Wake-ups for later (a batch window's end, a retry) are rounded up to
// the next 100 ms and keyed by it: a wave of retries of an endpoint that was down (jittered over
// seconds) becomes a few jobs, not one per delivery; the cost is at most 100 ms of delay.

export const DELIVERER_QUEUE_PREFIX = "hookflow.event-webhook:";
export const NOW_KEY_PREFIX = "hookflow.event-webhook-deliver:";
const AT_KEY_PREFIX = "hookflow.event-webhook-at:";
const WAKE_ROUNDING_MS = 100;

export type TWake = { webhookId: string; at?: Date | null };

const WAKE_SQL = `select count(graphile_worker.add_job($1, json_build_object('webhookId', w.id),
    queue_name := $2 || w.id, run_at := w.run_at::timestamptz,
    job_key := case when w.run_at is null then $3 || w.id else $4 || w.id || ':' || w.run_at end,
    max_attempts := 25))::int as jobs
  from unnest($5::text[], $6::text[]) as w(id, run_at)`;

function wakeParams(all: readonly TWake[]): unknown[] {
  // One wake-up per webhook and time: a dispatch of 1,000 events to a batch-size-1 webhook seals
  // 1,000 batches but needs one job (they share the job key anyway; this saves the calls).
  const seen = new Set<string>();
  const wakes = all.filter((wake) => {
    const key = `${wake.webhookId}:${wake.at ? Math.ceil(wake.at.getTime() / WAKE_ROUNDING_MS) : "now"}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [
    ENGINE_TASKS.deliverEventWebhook,
    DELIVERER_QUEUE_PREFIX,
    NOW_KEY_PREFIX,
    AT_KEY_PREFIX,
    wakes.map((wake) => wake.webhookId),
    wakes.map((wake) =>
      wake.at
        ? new Date(Math.ceil(wake.at.getTime() / WAKE_ROUNDING_MS) * WAKE_ROUNDING_MS).toISOString()
        : null,
    ),
  ];
}

/** Wakes deliverers from a pg transaction (the worker side). */
export async function wakeDeliverers(tx: TPgTx, wakes: readonly TWake[]): Promise<void> {
  if (wakes.length === 0) return;
  await tx.query(WAKE_SQL, wakeParams(wakes));
}

/** Wakes deliverers from a Prisma client or transaction (the domain side). */
export async function wakeDeliverersWithPrisma(db: Db, wakes: readonly TWake[]): Promise<void> {
  if (wakes.length === 0) return;
  await db.$queryRawUnsafe(WAKE_SQL, ...wakeParams(wakes));
}
