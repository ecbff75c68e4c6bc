import type pg from "pg";

const DAY_MS = 86_400_000;
/** Deliveries deleted per statement: each statement is its own short transaction. */
export const RETENTION_BATCH_SIZE = 1_000;
/** Statements per sweep; a sweep that used them all asks to run again soon (hasMore). */
export const RETENTION_MAX_BATCHES = 20;

/**
 * Deletes the webhook deliveries (flow steps' and event webhooks') that every workspace no longer
 * keeps: finished (succeeded or failed), no replay waiting, and unchanged for the workspace's
 * retention days — a delivery's updated_at moves with each attempt, so a recent retry or replay
 * keeps the whole delivery. Attempts go with their delivery (ON DELETE CASCADE). Pending
 * deliveries (retrying, or a batch still collecting) are never deleted.
 *
 * Bounded: at most maxBatches statements of batchSize rows, each its own transaction, rows
 * locked by others skipped; the created_at bound (created_at <= updated_at) lets each statement
 * walk the (workspace, webhook, created_at) index rather than the table.
 */
export async function sweepWebhookRetention(options: {
  database: pg.Pool;
  now?: Date;
  batchSize?: number;
  maxBatches?: number;
}): Promise<{ deleted: number; hasMore: boolean }> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? RETENTION_BATCH_SIZE;
  let batchesLeft = options.maxBatches ?? RETENTION_MAX_BATCHES;
  const workspaces = await options.database.query<{ id: string; days: number }>(
    "select id, webhook_retention_days as days from workspaces order by id",
  );
  let deleted = 0;
  for (const workspace of workspaces.rows) {
    const cutoff = new Date(now.getTime() - workspace.days * DAY_MS);
    for (;;) {
      if (batchesLeft === 0) return { deleted, hasMore: true };
      batchesLeft -= 1;
      const result = await options.database.query(
        `with doomed as (
           select id from webhook_deliveries
           where workspace_id = $1 and created_at < $2 and updated_at < $2
             and status in ('succeeded', 'failed') and replay_requested_at is null
           limit $3
           for update skip locked
         )
         delete from webhook_deliveries d using doomed where d.id = doomed.id`,
        [workspace.id, cutoff, batchSize],
      );
      deleted += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < batchSize) break;
    }
  }
  return { deleted, hasMore: false };
}
