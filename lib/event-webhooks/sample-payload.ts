import { type Db, prisma } from "@/lib/db/prisma";
import {
  batchMeta,
  type TBatchDocument,
  type TBatchItem,
  type TEventItemRow,
  toBatchItem,
} from "@/lib/event-webhooks/batch-document";
import { findMetricOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";

// Sample data for the payload viewer and "Send test event". Synthetic on purpose: a test request
// goes to a third party, so it must never carry a real customer's data.

const SAMPLE_PROPERTIES: Record<string, Record<string, unknown>> = {
  "Received Email": {
    "Campaign Name": "Spring launch",
    Subject: "New arrivals are here",
    $message: "sample-msg",
  },
  "Opened Email": {
    "Campaign Name": "Spring launch",
    Subject: "New arrivals are here",
    "Email Domain": "example.com",
    $message: "sample-msg",
  },
  "Clicked Email": {
    "Campaign Name": "Spring launch",
    URL: "https://shop.example.com/new",
    $message: "sample-msg",
  },
  Unsubscribed: { "Campaign Name": "Spring launch", $message: "sample-msg" },
  "Placed Order": { OrderId: "SAMPLE-1001", Items: ["Sample shirt"], ItemCount: 1 },
};
const SAMPLE_VALUES: Record<string, number> = { "Placed Order": 49.5 };

export const SAMPLE_IDS = {
  event: "00000000-0000-7000-8000-000000000001",
  profile: "00000000-0000-7000-8000-000000000002",
  webhook: "00000000-0000-7000-8000-000000000003",
} as const;

/** One synthetic item of the given metric (topic). */
export function sampleItem(metric: { id: string; name: string }, now: Date): TBatchItem {
  const row: TEventItemRow = {
    event_id: SAMPLE_IDS.event,
    time: now,
    unique_id: "sample-event-1",
    properties: SAMPLE_PROPERTIES[metric.name] ?? { sample: true },
    value: SAMPLE_VALUES[metric.name] ?? null,
    value_currency: SAMPLE_VALUES[metric.name] === undefined ? null : "USD",
    metric_id: metric.id,
    metric_name: metric.name,
    profile_id: SAMPLE_IDS.profile,
    email: "sample.person@example.com",
    phone_number: "+15005550006",
    external_id: "sample-external-id",
    first_name: "Sample",
    last_name: "Person",
    organization: null,
    title: null,
    locale: "en-US",
    timezone: "America/New_York",
    location: { city: "Boston", country: "United States", zip: "02110" },
    profile_properties: { "Favorite Color": "teal" },
  };
  return toBatchItem(row);
}

/** The payload viewer: what a delivery of one event of `metricId` looks like. */
export async function samplePayload(
  options: { workspaceId: string; metricId: string; webhookId?: string; now?: Date; isTest?: boolean },
  db: Db = prisma,
): Promise<TBatchDocument> {
  const metric = await findMetricOrThrow(
    { workspaceId: options.workspaceId, metricId: options.metricId },
    db,
  );
  const now = options.now ?? new Date();
  return {
    data: [sampleItem(metric, now)],
    meta: batchMeta({
      workspaceId: options.workspaceId,
      webhookId: options.webhookId ?? SAMPLE_IDS.webhook,
      now,
      isTest: options.isTest,
    }),
  };
}
