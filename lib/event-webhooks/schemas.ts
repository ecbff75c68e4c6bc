import { z } from "zod";

// The event webhook settings, one schema for the settings form, the server actions and the API.
// Limits: a batch of at most 100 events keeps a request under ~1 MB with typical events; a
// window of at most 60 s bounds how stale a warehouse may be; 50 requests in flight is more than
// any receiver we have seen wants, and each one holds a socket of the shared agent.

export const BATCH_SIZE_MAX = 100;
export const BATCH_WINDOW_MS_MAX = 60_000;
export const MAX_CONCURRENCY_MAX = 50;
/** Request starts per second to one endpoint; 0 = no limit. */
export const MAX_REQUESTS_PER_SECOND_MAX = 1_000;
export const DISABLE_AFTER_FAILING_DAYS_MAX = 30;
export const TOPICS_MAX = 100;

export const EVENT_WEBHOOK_DEFAULTS = {
  batchSize: 100,
  batchWindowMs: 1_000,
  maxConcurrency: 4,
  maxRequestsPerSecond: 0,
  disableAfterFailingDays: 5,
} as const;

const ZName = z
  .string()
  .trim()
  .min(1, "Give the webhook a name")
  .max(100, "Keep the name under 100 characters");
const ZUrl = z.string().trim().min(1, "Enter the endpoint URL").max(2_000, "The URL is too long");
const ZTopics = z
  .array(z.uuid("Unknown metric"))
  .min(1, "Choose at least one metric")
  .max(TOPICS_MAX, `At most ${TOPICS_MAX} metrics per webhook`);
const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

export const ZEventWebhookSettings = z.object({
  name: ZName,
  url: ZUrl,
  topics: ZTopics,
  batchSize: wholeNumber("Batch size", 1, BATCH_SIZE_MAX).default(EVENT_WEBHOOK_DEFAULTS.batchSize),
  batchWindowMs: wholeNumber("Batch window", 0, BATCH_WINDOW_MS_MAX).default(
    EVENT_WEBHOOK_DEFAULTS.batchWindowMs,
  ),
  maxConcurrency: wholeNumber("Concurrency", 1, MAX_CONCURRENCY_MAX).default(
    EVENT_WEBHOOK_DEFAULTS.maxConcurrency,
  ),
  maxRequestsPerSecond: wholeNumber("Requests per second", 0, MAX_REQUESTS_PER_SECOND_MAX).default(
    EVENT_WEBHOOK_DEFAULTS.maxRequestsPerSecond,
  ),
  disableAfterFailingDays: wholeNumber("Days before disabling", 1, DISABLE_AFTER_FAILING_DAYS_MAX).default(
    EVENT_WEBHOOK_DEFAULTS.disableAfterFailingDays,
  ),
});
export type TEventWebhookSettingsInput = z.input<typeof ZEventWebhookSettings>;
export type TEventWebhookSettings = z.output<typeof ZEventWebhookSettings>;

/** Editing: any subset of the settings. */
export const ZEventWebhookUpdate = z.object({
  name: ZName.optional(),
  url: ZUrl.optional(),
  topics: ZTopics.optional(),
  batchSize: wholeNumber("Batch size", 1, BATCH_SIZE_MAX).optional(),
  batchWindowMs: wholeNumber("Batch window", 0, BATCH_WINDOW_MS_MAX).optional(),
  maxConcurrency: wholeNumber("Concurrency", 1, MAX_CONCURRENCY_MAX).optional(),
  maxRequestsPerSecond: wholeNumber("Requests per second", 0, MAX_REQUESTS_PER_SECOND_MAX).optional(),
  disableAfterFailingDays: wholeNumber("Days before disabling", 1, DISABLE_AFTER_FAILING_DAYS_MAX).optional(),
});
export type TEventWebhookUpdate = z.input<typeof ZEventWebhookUpdate>;

export const ZDeliveryStatus = z.enum(["pending", "delivering", "succeeded", "failed"]);

export const ZDeliveryFilters = z.object({
  status: ZDeliveryStatus.optional(),
  /** A metric name: deliveries whose batch contains at least one event of it. */
  topic: z.string().trim().min(1).max(200).optional(),
  /** Bounds on the delivery's creation time: [from, to). */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  isTest: z.boolean().optional(),
});
export type TDeliveryFilters = z.input<typeof ZDeliveryFilters>;

export const ZReplayFailedDeliveries = z
  .object({ from: z.coerce.date(), to: z.coerce.date() })
  .refine((range) => range.from < range.to, { message: "The start must be before the end", path: ["to"] });
