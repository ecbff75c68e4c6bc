"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { prisma } from "@/lib/db/prisma";
import { createEventWebhook } from "@/lib/event-webhooks/create-event-webhook";
import { deleteEventWebhook } from "@/lib/event-webhooks/delete-event-webhook";
import { findEventWebhookOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { getDelivery } from "@/lib/event-webhooks/get-delivery";
import { replayDelivery, replayFailedDeliveries } from "@/lib/event-webhooks/replay-deliveries";
import { revealSigningSecret } from "@/lib/event-webhooks/reveal-signing-secret";
import { rotateSigningSecret } from "@/lib/event-webhooks/rotate-signing-secret";
import { samplePayload } from "@/lib/event-webhooks/sample-payload";
import {
  ZEventWebhookSettings,
  ZEventWebhookUpdate,
  ZReplayFailedDeliveries,
} from "@/lib/event-webhooks/schemas";
import { sendTestEvent } from "@/lib/event-webhooks/send-test-event";
import { setEventWebhookEnabled } from "@/lib/event-webhooks/set-event-webhook-enabled";
import { updateEventWebhook } from "@/lib/event-webhooks/update-event-webhook";

// The event webhook pages' actions. Roles: admins and owners change a webhook and see or rotate
// its secret (a secret lets anyone forge requests the receiver trusts); editors send test events
// and replay deliveries (operating, like replaying runs); viewers read deliveries and samples.
// Every action re-checks the session, workspace and role itself (workspaceAction) and passes the
// workspace id down, so an id from another workspace is "not found".

const ZWebhookRef = z.object({ webhookId: z.uuid("Unknown webhook") });
const ZDeliveryRef = z.object({ deliveryId: z.uuid("Unknown delivery") });
const ZMetricOfWebhook = ZWebhookRef.extend({ metricId: z.uuid("Choose a metric") });

export async function createEventWebhookAction(input: unknown) {
  return workspaceAction({
    name: "createEventWebhook",
    role: "admin",
    schema: ZEventWebhookSettings,
    input,
    run: async (settings, { workspace }) => {
      const webhook = await createEventWebhook({ workspaceId: workspace.id, input: settings });
      refresh();
      return { id: webhook.id };
    },
  });
}

export async function updateEventWebhookAction(input: unknown) {
  return workspaceAction({
    name: "updateEventWebhook",
    role: "admin",
    schema: ZEventWebhookUpdate.extend(ZWebhookRef.shape),
    input,
    run: async ({ webhookId, ...settings }, { workspace }) => {
      const webhook = await updateEventWebhook({ workspaceId: workspace.id, webhookId, input: settings });
      refresh();
      return { id: webhook.id };
    },
  });
}

export async function setEventWebhookEnabledAction(input: unknown) {
  return workspaceAction({
    name: "setEventWebhookEnabled",
    role: "admin",
    schema: ZWebhookRef.extend({ enabled: z.boolean() }),
    input,
    run: async ({ webhookId, enabled }, { workspace }) => {
      const webhook = await setEventWebhookEnabled({ workspaceId: workspace.id, webhookId, enabled });
      refresh();
      return { id: webhook.id, enabled: webhook.enabled };
    },
  });
}

export async function deleteEventWebhookAction(input: unknown) {
  return workspaceAction({
    name: "deleteEventWebhook",
    role: "admin",
    schema: ZWebhookRef,
    input,
    run: async ({ webhookId }, { workspace }) => {
      await deleteEventWebhook({ workspaceId: workspace.id, webhookId });
      return { webhookId };
    },
  });
}

/** The secret in clear, on demand only: it never travels with a page render. */
export async function revealSigningSecretAction(input: unknown) {
  return workspaceAction({
    name: "revealSigningSecret",
    role: "admin",
    schema: ZWebhookRef,
    input,
    run: ({ webhookId }, { workspace }) => revealSigningSecret({ workspaceId: workspace.id, webhookId }),
  });
}

export async function rotateSigningSecretAction(input: unknown) {
  return workspaceAction({
    name: "rotateSigningSecret",
    role: "admin",
    schema: ZWebhookRef,
    input,
    run: async ({ webhookId }, { workspace }) => {
      const rotated = await rotateSigningSecret({ workspaceId: workspace.id, webhookId });
      refresh();
      return rotated;
    },
  });
}

export async function sendTestEventAction(input: unknown) {
  return workspaceAction({
    name: "sendTestEvent",
    role: "editor",
    schema: ZMetricOfWebhook,
    input,
    run: async ({ webhookId, metricId }, { workspace }) => {
      const delivery = await sendTestEvent({ workspaceId: workspace.id, webhookId, metricId });
      refresh();
      return delivery;
    },
  });
}

export async function replayDeliveryAction(input: unknown) {
  return workspaceAction({
    name: "replayDelivery",
    role: "editor",
    schema: ZDeliveryRef,
    input,
    run: async ({ deliveryId }, { workspace }) => {
      const delivery = await replayDelivery({ workspaceId: workspace.id, deliveryId });
      refresh();
      return delivery;
    },
  });
}

export async function replayFailedDeliveriesAction(input: unknown) {
  return workspaceAction({
    name: "replayFailedDeliveries",
    role: "editor",
    schema: z.object({ ...ZWebhookRef.shape, range: ZReplayFailedDeliveries }),
    input,
    run: async ({ webhookId, range }, { workspace }) => {
      const result = await replayFailedDeliveries({ workspaceId: workspace.id, webhookId, ...range });
      refresh();
      return result;
    },
  });
}

/** A delivery's stored document and attempts, loaded when its row is expanded. */
export async function getDeliveryAction(input: unknown) {
  return workspaceAction({
    name: "getDelivery",
    role: "viewer",
    schema: ZDeliveryRef,
    input,
    run: ({ deliveryId }, { workspace }) => getDelivery({ workspaceId: workspace.id, deliveryId }),
  });
}

/** What a delivery of one event of the metric looks like, with this webhook's id in `meta`. */
export async function samplePayloadAction(input: unknown) {
  return workspaceAction({
    name: "samplePayload",
    role: "viewer",
    schema: ZMetricOfWebhook,
    input,
    run: async ({ webhookId, metricId }, { workspace }) => {
      const webhook = await findEventWebhookOrThrow({ workspaceId: workspace.id, webhookId }, prisma);
      return samplePayload({ workspaceId: workspace.id, metricId, webhookId: webhook.id });
    },
  });
}
