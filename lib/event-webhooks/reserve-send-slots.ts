import type { TPgTx } from "@/lib/ingestion/pg-transaction";

// Per-endpoint rate limit, shared by every worker process: send times ("slots") 1/rate apart,
// reserved in the claim's transaction from event_webhooks.rate_next_slot_at under its row lock.
// Deliverers of a webhook never overlap (its own queue), but a webhook's jobs move between
// worker processes (each job spends at most DELIVERER_BUDGET_MS): state kept in one process's
// memory would let every new job start with a fresh allowance. Slots never bunch up: an idle
// endpoint's next slot is now, not a saved-up burst, so any second holds at most `rate` starts.

/** Slots are reserved at most this far ahead: a claimed delivery waits for its slot no longer. */
export const SLOT_HORIZON_MS = 1_000;

export type TSlotReservation = {
  /** How many deliveries may be claimed now (≤ the limit asked for). */
  allowed: number;
  /** The first reserved slot, ms since epoch; slot i is at start + i × intervalMs. */
  startMs: number;
  intervalMs: number;
  /** When nothing is allowed: when the next slot enters the horizon, ms since epoch. */
  retryAtMs: number | null;
};

/**
 * Locks the webhook row (taken before any delivery row, in the order dispatch takes them) and
 * reads the next free slot; the caller claims at most `allowed` deliveries and then commits the
 * slots it used with commitSendSlots, before the transaction ends.
 */
export async function reserveSendSlots(
  tx: TPgTx,
  options: { webhookId: string; limit: number; now: Date },
): Promise<TSlotReservation | null> {
  const result = await tx.query<{ next_slot_at: Date; max_requests_per_second: number }>(
    `update event_webhooks set rate_next_slot_at = greatest(coalesce(rate_next_slot_at, $2), $2)
     where id = $1 and max_requests_per_second > 0
     returning rate_next_slot_at as next_slot_at, max_requests_per_second`,
    [options.webhookId, options.now],
  );
  const row = result.rows[0];
  if (!row) return null;
  const intervalMs = 1000 / row.max_requests_per_second;
  const startMs = row.next_slot_at.getTime();
  const nowMs = options.now.getTime();
  const inHorizon = Math.floor((nowMs + SLOT_HORIZON_MS - startMs) / intervalMs);
  const allowed = Math.max(0, Math.min(options.limit, inHorizon));
  return {
    allowed,
    startMs,
    intervalMs,
    retryAtMs: allowed > 0 ? null : startMs - SLOT_HORIZON_MS + intervalMs,
  };
}

/** Moves the limiter past the `used` slots of a reservation (same transaction, row still locked). */
export async function commitSendSlots(
  tx: TPgTx,
  webhookId: string,
  reservation: TSlotReservation,
  used: number,
): Promise<void> {
  if (used === 0) return;
  await tx.query("update event_webhooks set rate_next_slot_at = $2 where id = $1", [
    webhookId,
    // Rounded up: slots may drift later, never closer than 1/rate.
    new Date(Math.ceil(reservation.startMs + used * reservation.intervalMs)),
  ]);
}
