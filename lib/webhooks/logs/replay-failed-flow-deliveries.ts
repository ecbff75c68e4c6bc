import type pg from "pg";
import type { Dispatcher } from "undici";
import { pool } from "@/lib/db/prisma";
import { ZReplayFailedDeliveries } from "@/lib/event-webhooks/schemas";
import { moduleLog } from "@/lib/log";
import { findFlowWebhookNodeOrThrow } from "@/lib/webhooks/logs/flow-webhook-node";
import { replayFlowDelivery } from "@/lib/webhooks/logs/replay-flow-delivery";

// "Replay failed in range" for a flow webhook node: the deliveries are marked (replay_requested_at,
// shown as "Replay queued") and queue jobs of at most 50 ids send them one after another, so a
// range of thousands never holds a request open. Marked and enqueued in one transaction: a replay
// asked for is never lost; a job retried after a crash skips what it already replayed (unmarked).

export const FLOW_REPLAY_TASK = "hookflow.flow_webhook_replay";
const IDS_PER_JOB = 50;

/** Marks every failed delivery of the node created in [from, to) and queues their replays. */
export async function requestFlowReplays(
  options: { workspaceId: string; flowId: string; nodeId: string; from: Date | string; to: Date | string },
  database: pg.Pool = pool(),
): Promise<{ count: number }> {
  const range = ZReplayFailedDeliveries.parse({ from: options.from, to: options.to });
  await findFlowWebhookNodeOrThrow(options);
  const client = await database.connect();
  try {
    await client.query("begin");
    const marked = await client.query<{ id: string }>(
      `update webhook_deliveries set replay_requested_at = now()
       where workspace_id = $1 and flow_id = $2 and node_id = $3 and status = 'failed'
         and created_at >= $4 and created_at < $5 and replay_requested_at is null
       returning id`,
      [options.workspaceId, options.flowId, options.nodeId, range.from, range.to],
    );
    const ids = marked.rows.map((row) => row.id);
    for (let start = 0; start < ids.length; start += IDS_PER_JOB) {
      await client.query("select graphile_worker.add_job($1, $2::json, max_attempts := 5)", [
        FLOW_REPLAY_TASK,
        JSON.stringify({
          workspaceId: options.workspaceId,
          deliveryIds: ids.slice(start, start + IDS_PER_JOB),
        }),
      ]);
    }
    await client.query("commit");
    return { count: ids.length };
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}

/** The job: replays each still-marked delivery, then unmarks it (a failed replay is an attempt too). */
export async function runFlowReplays(
  payload: { workspaceId: string; deliveryIds: string[] },
  options: { database: pg.Pool; dispatcher?: Dispatcher },
): Promise<{ replayed: number; skipped: number }> {
  let replayed = 0;
  let skipped = 0;
  for (const deliveryId of payload.deliveryIds) {
    const marked = await options.database.query(
      "select 1 from webhook_deliveries where id = $1 and workspace_id = $2 and replay_requested_at is not null",
      [deliveryId, payload.workspaceId],
    );
    if (marked.rows.length === 0) {
      skipped++;
      continue;
    }
    try {
      await replayFlowDelivery(
        { workspaceId: payload.workspaceId, deliveryId, dispatcher: options.dispatcher },
        options.database,
      );
      replayed++;
    } catch (error) {
      // Not sendable any more (the node left the run's version, a secret was deleted…): the
      // delivery stays failed with its attempts; the reason goes to the log.
      moduleLog("webhooks").warn({ err: error, deliveryId }, "flow webhook replay not sent");
      skipped++;
    }
    await options.database.query("update webhook_deliveries set replay_requested_at = null where id = $1", [
      deliveryId,
    ]);
  }
  return { replayed, skipped };
}
