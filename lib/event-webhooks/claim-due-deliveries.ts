import type pg from "pg";
import type { TClaimedDelivery, TDeliveryWebhook } from "@/lib/event-webhooks/attempt-delivery";
import { storedWireBody } from "@/lib/event-webhooks/batch-document";
import type { TDeliveryState } from "@/lib/event-webhooks/decide-attempt-outcome";
import {
  commitSendSlots,
  reserveSendSlots,
  type TSlotReservation,
} from "@/lib/event-webhooks/reserve-send-slots";
import { sealBatches, type TUnsealedBatch } from "@/lib/event-webhooks/seal-batches";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";

export type TDelivererWebhook = TDeliveryWebhook & { maxConcurrency: number; enabled: boolean };

const WEBHOOK_COLUMNS = `w.id as webhook_id, w.url, w.enabled, w.secret_encrypted, w.previous_secret_encrypted,
  w.previous_secret_expires_at, w.max_concurrency, w.disable_after_failing_days`;

type TWebhookColumns = {
  webhook_id: string;
  workspace_id: string;
  url: string;
  enabled: boolean;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | null;
  max_concurrency: number;
  disable_after_failing_days: number;
};

type TClaimedRow = TUnsealedBatch &
  TWebhookColumns & {
    is_sealed: boolean;
    message_id: string;
    /** The stored document's text (json), when sealed. */
    body: string;
    topic: string | null;
    is_test: boolean;
    previous_status: TDeliveryState;
    previous_next_attempt_at: Date | null;
    replay_requested_at: Date | null;
    automatic_attempts: number;
  };

export function toDelivererWebhook(row: TWebhookColumns): TDelivererWebhook {
  return {
    id: row.webhook_id,
    workspaceId: row.workspace_id,
    url: row.url,
    enabled: row.enabled,
    secretEncrypted: row.secret_encrypted,
    previousSecretEncrypted: row.previous_secret_encrypted,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    maxConcurrency: row.max_concurrency,
    disableAfterFailingDays: row.disable_after_failing_days,
  };
}

/** The webhook's settings and failing streak, as the deliverer starts. */
export async function loadDelivererWebhook(
  database: pg.Pool,
  webhookId: string,
): Promise<(TDelivererWebhook & { failingSince: Date | null; maxRequestsPerSecond: number }) | undefined> {
  const result = await database.query<
    TWebhookColumns & { failing_since: Date | null; max_requests_per_second: number }
  >(
    `select ${WEBHOOK_COLUMNS}, w.workspace_id, w.failing_since, w.max_requests_per_second
     from event_webhooks w where w.id = $1`,
    [webhookId],
  );
  const row = result.rows[0];
  return (
    row && {
      ...toDelivererWebhook(row),
      failingSince: row.failing_since,
      maxRequestsPerSecond: row.max_requests_per_second,
    }
  );
}

// A claim changes nothing in the table: the deliverer keeps the ids it holds in memory and leaves
// them out, so a delivery is written twice (created, then its attempt recorded) instead of four
// times (+ "delivering", + its document) — every update of a delivery also writes its indexes
// (bench:webhooks, docs/PERFORMANCE.md). A sealed delivery is read without a lock (deliverers of
// a webhook never overlap, and nothing else changes a sealed document), so claiming sealed
// deliveries is a read-only transaction: no row-lock WAL record, no commit to flush. Only a
// batch still collecting events is locked (LOCK_UNSEALED_SQL) before it is sealed here, which
// keeps a dispatch from appending to it meanwhile. A crashed deliverer's deliveries are simply
// still pending.
const CLAIM_SQL = `with candidates as (
     -- Two index-backed parts instead of one OR: with the OR, PostgreSQL read every delivery the
     -- webhook ever had on each claim (35 ms at 30,000; bench:webhooks, docs/PERFORMANCE.md).
     (select id from webhook_deliveries
      where event_webhook_id = $1 and replay_requested_at is not null and status <> 'delivering'
        and id not in (select unnest($4::uuid[]))
      order by replay_requested_at limit $3)
     union all
     (select id from webhook_deliveries
      where event_webhook_id = $1 and status = 'pending' and next_attempt_at <= $2 and id not in (select unnest($4::uuid[]))
      order by next_attempt_at, id limit $3)
   )
   select d.id, d.workspace_id, d.event_webhook_id, d.event_ids, d.payload::text <> '{}' as is_sealed,
          d.message_id, d.payload::text as body, d.topic, d.is_test, d.status as previous_status,
          d.next_attempt_at as previous_next_attempt_at, d.replay_requested_at, ${WEBHOOK_COLUMNS},
          case when d.attempt_count = 0 then 0
               else (select count(*)::int from webhook_attempts a where a.delivery_id = d.id and not a.is_replay)
          end as automatic_attempts
   from webhook_deliveries d join event_webhooks w on w.id = $1 and w.enabled
   where d.id in (select id from candidates)
     and ((d.status = 'pending' and d.next_attempt_at <= $2)
          or (d.replay_requested_at is not null and d.status <> 'delivering'))
   order by d.replay_requested_at nulls last, d.next_attempt_at, d.id
   limit $3`;

// The batches still collecting, locked and re-read (a dispatch may have appended since the claim
// read them); one a dispatch holds is skipped, to be claimed next time.
const LOCK_UNSEALED_SQL = `select id, workspace_id, event_webhook_id, event_ids from webhook_deliveries
   where id = any($1::uuid[]) and payload::text = '{}'
     and ((status = 'pending' and next_attempt_at <= $2) or (replay_requested_at is not null and status <> 'delivering'))
   for update skip locked`;

export type TClaimResult = {
  /** Each with its send time under the rate limit (ms since epoch), or null: at once. */
  deliveries: (TClaimedDelivery & { sendAtMs: number | null })[];
  /** The webhook as of this claim (undefined when nothing was claimed). */
  webhook?: TDelivererWebhook;
  /** Rate limited and nothing allowed yet: when to claim again (ms since epoch). */
  retryAtMs: number | null;
};

type TClaimOptions = {
  webhookId: string;
  limit: number;
  now: Date;
  isRateLimited: boolean;
  /** Deliveries this deliverer holds (sending, or answered and not yet recorded). */
  heldIds: readonly string[];
};

/**
 * Takes up to `limit` due deliveries of an enabled webhook (replays first, then by due time)
 * that the caller does not already hold, within its rate limit; a batch's first claim also
 * builds its document (sealBatches), in a transaction.
 */
export async function claimDueDeliveries(database: pg.Pool, options: TClaimOptions): Promise<TClaimResult> {
  if (options.isRateLimited)
    return withPgTransaction(
      async (tx) => {
        // null: the limit was removed since this deliverer started (it applies from the next job).
        const slots = await reserveSendSlots(tx, options);
        if (slots?.allowed === 0) return { deliveries: [], retryAtMs: slots.retryAtMs };
        const claimed = await tx.query<TClaimedRow>(claimQuery(options, slots?.allowed ?? options.limit));
        const bodies = await lockAndSeal(tx, claimed.rows, options.now);
        const result = toClaimResult(claimed.rows, bodies, slots);
        if (slots) await commitSendSlots(tx, options.webhookId, slots, result.deliveries.length);
        return result;
      },
      { database },
    );
  // Without a rate limit the read commits on its own: no BEGIN, SET and COMMIT round trips per
  // claim (bench:webhooks: ~1 claim per 17 deliveries, each 4 socket writes of the worker). Only
  // batches still collecting need a transaction: LOCK_UNSEALED_SQL re-reads them under lock.
  const claimed = await database.query<TClaimedRow>(claimQuery(options, options.limit));
  const bodies = claimed.rows.every((row) => row.is_sealed)
    ? new Map<string, string>()
    : await withPgTransaction((tx) => lockAndSeal(tx, claimed.rows, options.now), { database });
  return toClaimResult(claimed.rows, bodies, null);
}

// Named: parsed once per connection and, after PostgreSQL's five custom plans, planned once
// (bench:webhooks: planning was ~0.6 ms of each claim, more than executing it). The held ids are
// left out with NOT IN (a hashed subplan, also in a generic plan): `<> all($4)` is hashed only
// when the array is a constant of a custom plan, and compared each row with every held id in a
// generic one (2,000 held: 22 ms per claim, against 4 ms).
function claimQuery(options: TClaimOptions, limit: number): pg.QueryConfig {
  return {
    name: "event-webhooks.claim-due-deliveries",
    text: CLAIM_SQL,
    values: [options.webhookId, options.now, limit, options.heldIds],
  };
}

async function lockAndSeal(tx: TPgTx, rows: readonly TClaimedRow[], now: Date): Promise<Map<string, string>> {
  const unsealed = rows.filter((row) => !row.is_sealed);
  if (unsealed.length === 0) return new Map();
  const locked = (await tx.query<TUnsealedBatch>(LOCK_UNSEALED_SQL, [unsealed.map((row) => row.id), now]))
    .rows;
  return sealBatches(tx, locked, now);
}

function toClaimResult(
  rows: readonly TClaimedRow[],
  bodies: Map<string, string>,
  slots: TSlotReservation | null,
): TClaimResult {
  const sendable = rows.filter((row) => row.is_sealed || bodies.has(row.id));
  const deliveries = sendable.map((row, index) => ({
    id: row.id,
    messageId: row.message_id,
    body: row.is_sealed ? storedWireBody(row.body) : bodies.get(row.id)!,
    topic: row.topic,
    isTest: row.is_test,
    isReplay: row.replay_requested_at !== null,
    replayRequestedAt: row.replay_requested_at,
    automaticAttemptsBefore: row.automatic_attempts,
    previousStatus: row.previous_status,
    previousNextAttemptAt: row.previous_next_attempt_at,
    sendAtMs: slots ? slots.startMs + index * slots.intervalMs : null,
  }));
  const first = rows[0];
  return { deliveries, webhook: first && toDelivererWebhook(first), retryAtMs: null };
}
