import { POST as postEventRoute } from "@/app/api/events/route";
import { apiRequest, callRoute, eventDocument } from "@/lib/api/testing/api-fixtures";
import { pool, prisma } from "@/lib/db/prisma";
import { createEventWebhook } from "@/lib/event-webhooks/create-event-webhook";
import { revealSigningSecret } from "@/lib/event-webhooks/reveal-signing-secret";
import type { TEventWebhookSettingsInput } from "@/lib/event-webhooks/schemas";
import { startWebhookReceiver, type TWebhookReceiver } from "@/lib/event-webhooks/testing/webhook-receiver";

// Test support (used by *.test.ts only): events posted through the real ingestion route, and
// webhooks wired to a loopback receiver that holds their signing secret.

let counter = 0;

/** Posts one event through POST /api/events (the Klaviyo-compatible route) and returns its id. */
export async function postEvent(options: {
  key: string;
  workspaceId: string;
  metric: string;
  email: string;
  properties?: Record<string, unknown>;
  profile?: Record<string, unknown>;
  value?: number;
  isBackfill?: boolean;
}): Promise<string> {
  const uniqueId = `test-event-${process.pid}-${++counter}`;
  const document = eventDocument({
    metric: options.metric,
    profile: { email: options.email, ...options.profile },
    properties: options.properties ?? { n: counter },
    uniqueId,
    value: options.value,
    valueCurrency: options.value === undefined ? undefined : "USD",
  });
  if (options.isBackfill) (document.data.attributes as Record<string, unknown>).backfill = true;
  const response = await callRoute(
    postEventRoute,
    apiRequest("/api/events", { key: options.key, body: document }),
  );
  if (response.status !== 202)
    throw new Error(`POST /api/events answered ${response.status}: ${await response.text()}`);
  const stored = await pool().query<{ id: string }>(
    "select id from events where workspace_id = $1 and unique_id = $2",
    [options.workspaceId, uniqueId],
  );
  return stored.rows[0]!.id;
}

/** An event webhook (loopback URL) and a receiver that holds its current secret. */
export async function createWebhookWithReceiver(options: {
  workspaceId: string;
  metricNames: string[];
  settings?: Partial<TEventWebhookSettingsInput>;
  name?: string;
}): Promise<{ webhookId: string; secret: string; receiver: TWebhookReceiver }> {
  const metrics = await prisma.metric.findMany({
    where: { workspaceId: options.workspaceId, name: { in: options.metricNames } },
  });
  if (metrics.length !== options.metricNames.length)
    throw new Error("createWebhookWithReceiver: unknown metric");
  const receiver = await startWebhookReceiver();
  const webhook = await createEventWebhook({
    workspaceId: options.workspaceId,
    input: {
      name: options.name ?? `Webhook ${++counter}`,
      url: receiver.url,
      topics: metrics.map((metric) => metric.id),
      ...options.settings,
    },
  });
  const { secret } = await revealSigningSecret({ workspaceId: options.workspaceId, webhookId: webhook.id });
  receiver.secrets.push(secret);
  return { webhookId: webhook.id, secret, receiver };
}
