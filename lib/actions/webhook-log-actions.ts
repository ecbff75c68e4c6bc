"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { pool } from "@/lib/db/prisma";
import { ZReplayFailedDeliveries } from "@/lib/event-webhooks/schemas";
import { getFlowDelivery } from "@/lib/webhooks/logs/list-flow-deliveries";
import { requestFlowReplays } from "@/lib/webhooks/logs/replay-failed-flow-deliveries";
import { replayFlowDelivery } from "@/lib/webhooks/logs/replay-flow-delivery";
import { ensureRetentionSweepScheduled } from "@/lib/webhooks/retention/retention-sweep-job";
import {
  setWebhookRetentionDays,
  ZWebhookRetention,
} from "@/lib/webhooks/retention/webhook-retention-settings";

// Flow webhook nodes' delivery logs and the workspace's webhook retention. Roles as for event
// webhooks: viewers read deliveries, editors replay them (operating), admins change how long the
// log is kept (it deletes history). Each action checks session, workspace and role itself.

const ZDeliveryRef = z.object({ deliveryId: z.uuid("Unknown delivery") });

export async function getFlowDeliveryAction(input: unknown) {
  return workspaceAction({
    name: "getFlowDelivery",
    role: "viewer",
    schema: ZDeliveryRef,
    input,
    run: ({ deliveryId }, { workspace }) => getFlowDelivery({ workspaceId: workspace.id, deliveryId }),
  });
}

/** Sends the request again now (a new attempt, same webhook-id) and answers with the outcome. */
export async function replayFlowDeliveryAction(input: unknown) {
  return workspaceAction({
    name: "replayFlowDelivery",
    role: "editor",
    schema: ZDeliveryRef,
    input,
    run: async ({ deliveryId }, { workspace }) => {
      const result = await replayFlowDelivery({ workspaceId: workspace.id, deliveryId });
      refresh();
      return result;
    },
  });
}

/** Queues a replay of every failed delivery of a flow webhook node created in the range. */
export async function replayFailedFlowDeliveriesAction(input: unknown) {
  return workspaceAction({
    name: "replayFailedFlowDeliveries",
    role: "editor",
    schema: z.object({
      flowId: z.uuid("Unknown flow"),
      nodeId: z.string().min(1, "Unknown node").max(64, "Unknown node"),
      range: ZReplayFailedDeliveries,
    }),
    input,
    run: async ({ flowId, nodeId, range }, { workspace }) => {
      const result = await requestFlowReplays({ workspaceId: workspace.id, flowId, nodeId, ...range });
      refresh();
      return result;
    },
  });
}

export async function setWebhookRetentionAction(input: unknown) {
  return workspaceAction({
    name: "setWebhookRetention",
    role: "admin",
    schema: ZWebhookRetention,
    input,
    run: async ({ days }, { workspace }) => {
      const saved = await setWebhookRetentionDays({ workspaceId: workspace.id, days });
      // The sweep applies the new period at its next run; make sure there is one.
      await ensureRetentionSweepScheduled(pool());
      refresh();
      return { days: saved };
    },
  });
}
