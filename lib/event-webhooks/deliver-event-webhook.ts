import type pg from "pg";
import type { Dispatcher } from "undici";
import {
  attemptDelivery,
  type TClaimedDelivery,
  type TDeliveryWebhook,
} from "@/lib/event-webhooks/attempt-delivery";
import type { TBatchDocument } from "@/lib/event-webhooks/batch-document";
import type { TDeliveryState } from "@/lib/event-webhooks/decide-attempt-outcome";
import { sealBatches, type TUnsealedBatch } from "@/lib/event-webhooks/seal-batches";
import { wakeDeliverers } from "@/lib/event-webhooks/wake-deliverer";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { moduleLog } from "@/lib/log";
import { webhookDispatcher } from "@/lib/webhooks/webhook-dispatcher";

/**
 * How long one deliverer job keeps claiming before it yields its worker slot (then a new job for
 * the same webhook is queued behind every job already waiting): a busy or slow endpoint never
 * holds a slot much longer than this plus one request (≤ 20 s: 5 s connect + 15 s response).
 */
export const DELIVERER_BUDGET_MS = 10_000;
/** A test send still "delivering" after this long was cut off by a crash. */
const ORPHANED_TEST_MS = 120_000;

export type TDelivererOptions = {
  database: pg.Pool;
  dispatcher?: () => Dispatcher;
  now?: () => Date;
  /** Retry delays (tests shorten them); default: the Svix schedule of lib/webhooks/retry-policy.ts. */
  schedule?: readonly number[];
  random?: () => number;
  budgetMs?: number;
};

type TWebhookRow = {
  id: string;
  workspace_id: string;
  url: string;
  enabled: boolean;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | null;
  max_concurrency: number;
  disable_after_failing_days: number;
};

type TClaimedRow = TUnsealedBatch & {
  is_sealed: boolean;
  message_id: string;
  payload: TBatchDocument;
  topic: string | null;
  is_test: boolean;
  previous_status: TDeliveryState;
  previous_next_attempt_at: Date | null;
  replay_requested_at: Date | null;
  automatic_attempts: number;
};

/**
 * The deliverer of one webhook (one job at a time per webhook: its own graphile-worker queue).
 * Sends the webhook's due deliveries — sealed batches, retries whose time has come, replays —
 * with at most maxConcurrency requests in flight, claiming more as requests finish, until none
 * is due, the webhook is disabled, or the budget is spent.
 * Since deliverers of a webhook never overlap, a delivery found "delivering" when one starts was
 * cut off by a crash: it is due again (same webhook-id; receivers de-duplicate).
 */
export async function deliverEventWebhook(
  webhookId: string,
  options: TDelivererOptions,
): Promise<{ attempts: number }> {
  const clock = options.now ?? (() => new Date());
  const started = Date.now();
  const budgetMs = options.budgetMs ?? DELIVERER_BUDGET_MS;
  const dispatcher = options.dispatcher?.() ?? webhookDispatcher();
  const log = moduleLog("event-webhooks");
  await options.database.query(
    `update webhook_deliveries
     set status = 'pending', next_attempt_at = least(coalesce(next_attempt_at, $2), $2), updated_at = now()
     where event_webhook_id = $1 and status = 'delivering' and (not is_test or updated_at < $3)`,
    [webhookId, clock(), new Date(clock().getTime() - ORPHANED_TEST_MS)],
  );
  const inFlight = new Set<Promise<void>>();
  let attempts = 0;
  let isStopped = false;
  let hasMore = false;
  let failure: unknown;
  while (!isStopped) {
    if (Date.now() - started > budgetMs) {
      hasMore = true;
      break;
    }
    const webhook = await loadWebhook(options.database, webhookId);
    if (!webhook?.enabled) break;
    const free = webhook.max_concurrency - inFlight.size;
    const claimed = free > 0 ? await claimDue(options.database, webhookId, free, clock()) : [];
    for (const delivery of claimed) {
      const sending: Promise<void> = attemptDelivery(toDeliveryWebhook(webhook), delivery, {
        database: options.database,
        dispatcher,
        now: clock,
        schedule: options.schedule,
        random: options.random,
      })
        .then((result) => {
          attempts++;
          if (result.disabledReason) isStopped = true;
        })
        .catch((error: unknown) => {
          // The attempt could not be recorded (database gone): the delivery stays "delivering";
          // the job fails below, and graphile-worker's retry of it sends the delivery again.
          log.error({ err: error, deliveryId: delivery.id }, "could not record an event webhook attempt");
          failure ??= error;
          isStopped = true;
        })
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  if (hasMore) await wakeDeliverers(options.database, [{ webhookId }]);
  return { attempts };
}

async function loadWebhook(database: pg.Pool, webhookId: string): Promise<TWebhookRow | undefined> {
  const result = await database.query<TWebhookRow>(
    `select id, workspace_id, url, enabled, secret_encrypted, previous_secret_encrypted, previous_secret_expires_at,
            max_concurrency, disable_after_failing_days
     from event_webhooks where id = $1`,
    [webhookId],
  );
  return result.rows[0];
}

function toDeliveryWebhook(row: TWebhookRow): TDeliveryWebhook {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    url: row.url,
    secretEncrypted: row.secret_encrypted,
    previousSecretEncrypted: row.previous_secret_encrypted,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    disableAfterFailingDays: row.disable_after_failing_days,
  };
}

/**
 * Takes up to `limit` due deliveries (replays first, then by due time) and marks them
 * delivering; a batch's first claim also builds its document (sealBatches), in the same
 * transaction. Returns what each attempt's outcome depends on.
 */
async function claimDue(
  database: pg.Pool,
  webhookId: string,
  limit: number,
  now: Date,
): Promise<TClaimedDelivery[]> {
  const { rows, documents } = await withPgTransaction(
    async (tx) => {
      const claimed = await tx.query<TClaimedRow>(
        // Two index-backed parts instead of one OR: with the OR, PostgreSQL read every delivery
        // the webhook ever had on each claim (35 ms at 30,000; bench:webhooks, docs/PERFORMANCE.md).
        `with candidates as (
             (select id from webhook_deliveries
              where event_webhook_id = $1 and replay_requested_at is not null and status <> 'delivering'
              order by replay_requested_at limit $3)
             union all
             (select id from webhook_deliveries
              where event_webhook_id = $1 and status = 'pending' and next_attempt_at <= $2
              order by next_attempt_at, id limit $3)
           ),
           due as (
             select id, status as previous_status, next_attempt_at as previous_next_attempt_at, replay_requested_at
             from webhook_deliveries
             where id in (select id from candidates)
               and ((status = 'pending' and next_attempt_at <= $2)
                    or (replay_requested_at is not null and status <> 'delivering'))
             order by replay_requested_at nulls last, next_attempt_at, id
             limit $3
             for update skip locked
           )
           update webhook_deliveries d
           set status = 'delivering', updated_at = now()
           from due
           where d.id = due.id
           returning d.id, d.workspace_id, d.event_webhook_id, d.event_ids, d.payload ? 'data' as is_sealed,
                     d.message_id, d.payload, d.topic, d.is_test, due.previous_status,
                     due.previous_next_attempt_at, due.replay_requested_at,
                     (select count(*)::int from webhook_attempts a where a.delivery_id = d.id and not a.is_replay)
                       as automatic_attempts`,
        [webhookId, now, limit],
      );
      const unsealed = claimed.rows.filter((row) => !row.is_sealed);
      return { rows: claimed.rows, documents: await sealBatches(tx, unsealed, now) };
    },
    { database },
  );
  const sendable = rows.filter((row) => row.is_sealed || documents.has(row.id));
  return sendable.map((row) => ({
    id: row.id,
    messageId: row.message_id,
    payload: row.is_sealed ? row.payload : documents.get(row.id)!,
    topic: row.topic,
    isTest: row.is_test,
    isReplay: row.replay_requested_at !== null,
    replayRequestedAt: row.replay_requested_at,
    automaticAttemptsBefore: row.automatic_attempts,
    previousStatus: row.previous_status,
    previousNextAttemptAt: row.previous_next_attempt_at,
  }));
}
