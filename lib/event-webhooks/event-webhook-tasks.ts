import type { Task } from "graphile-worker";
import type pg from "pg";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { deliverEventWebhook, type TDelivererOptions } from "@/lib/event-webhooks/deliver-event-webhook";
import { dispatchEventWebhooks } from "@/lib/event-webhooks/dispatch-events";
import { listenForWakes } from "@/lib/event-webhooks/listen-for-wakes";
import { FLOW_REPLAY_TASK, runFlowReplays } from "@/lib/webhooks/logs/replay-failed-flow-deliveries";
import {
  ensureRetentionSweepScheduled,
  RETENTION_SWEEP_TASK,
  retentionSweepTask,
} from "@/lib/webhooks/retention/retention-sweep-job";

export type TEventWebhookTaskOptions = Omit<TDelivererOptions, "database"> & {
  /** Listen for ingestion's wake-ups (listen-for-wakes.ts); default true. */
  listenForWakes?: boolean;
  /** The wake-up listener's safety-net sweep interval (default 2 s); tests lengthen it. */
  wakeSweepMs?: number;
};

/**
 * The event webhook jobs, registered in the engine's task list (lib/engine/worker.ts), and the
 * delivery log's retention sweep (flow and event webhooks; lib/webhooks/retention).
 */
export function eventWebhookTaskList(
  options: TEventWebhookTaskOptions & { database: pg.Pool },
): Record<string, Task> {
  if (options.listenForWakes !== false) listenForWakes(options.database, { sweepMs: options.wakeSweepMs });
  return {
    [ENGINE_TASKS.dispatchEventWebhooks]: async (payload, helpers) => {
      const { eventIds, webhookIds } = payload as { eventIds: string[]; webhookIds?: string[] };
      await dispatchEventWebhooks({
        eventIds,
        webhookIds,
        database: options.database,
        jobKey: helpers.job.key,
        now: options.now,
      });
    },
    [ENGINE_TASKS.deliverEventWebhook]: async (payload) => {
      const { webhookId } = payload as { webhookId: string };
      await ensureRetentionSweepScheduled(options.database);
      await deliverEventWebhook(webhookId, options);
    },
    [RETENTION_SWEEP_TASK]: retentionSweepTask({ database: options.database, now: options.now }),
    [FLOW_REPLAY_TASK]: async (payload) => {
      await runFlowReplays(payload as { workspaceId: string; deliveryIds: string[] }, {
        database: options.database,
        dispatcher: options.dispatcher?.(),
      });
    },
  };
}
