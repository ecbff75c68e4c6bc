import { messageIdFor } from "@/lib/webhooks/sign-request";

/** The Standard Webhooks `webhook-id` of an event webhook delivery: fixed when it is created. */
export function eventWebhookMessageId(deliveryId: string): string {
  return messageIdFor(`event-webhook:${deliveryId}`);
}
