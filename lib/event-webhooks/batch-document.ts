// The event webhook payload, version 1 — documented in docs/webhooks/README.md and published as
// JSON Schema (docs/webhooks/event-webhook-payload.v1.schema.json; every sample is tested against
// it). Additive changes (a new optional field) keep version 1; anything else is version 2, sent
// only to webhooks whose payload_version says so.

export const PAYLOAD_VERSION = 1;

export type TWireEvent = {
  metric: { id: string; name: string };
  time: string;
  unique_id: string;
  value: number | null;
  value_currency: string | null;
  properties: Record<string, unknown>;
};

export type TWireProfile = {
  id: string;
  email: string | null;
  phone_number: string | null;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  organization: string | null;
  title: string | null;
  locale: string | null;
  timezone: string | null;
  location: Record<string, unknown>;
  properties: Record<string, unknown>;
};

export type TBatchItem = {
  /** The event's id: receivers de-duplicate items by it (delivery is at-least-once). */
  id: string;
  /** The metric's name, e.g. "Opened Email". */
  topic: string;
  payload: { event: TWireEvent; profile: TWireProfile };
};

export type TBatchMeta = {
  workspace_id: string;
  webhook_id: string;
  /** When the batch was sealed for its first attempt (ISO 8601, UTC); unchanged on retries. */
  timestamp: string;
  payload_version: typeof PAYLOAD_VERSION;
  /** Present (true) only on "Send test event" deliveries. */
  test?: true;
};

export type TBatchDocument = { data: TBatchItem[]; meta: TBatchMeta };

/** An event and its profile as loaded by SQL (see EVENT_ITEM_COLUMNS). */
export type TEventItemRow = {
  event_id: string;
  time: Date;
  unique_id: string;
  properties: Record<string, unknown> | null;
  value: number | string | null;
  value_currency: string | null;
  metric_id: string;
  metric_name: string;
  profile_id: string;
  email: string | null;
  phone_number: string | null;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  organization: string | null;
  title: string | null;
  locale: string | null;
  timezone: string | null;
  location: Record<string, unknown> | null;
  profile_properties: Record<string, unknown> | null;
};

/** The select list that yields a TEventItemRow from `events e`, `metrics m`, `profiles p`. */
export const EVENT_ITEM_COLUMNS = `e.id as event_id, e.time, e.unique_id, e.properties, e.value::float8 as value,
  e.value_currency, m.id as metric_id, m.name as metric_name, p.id as profile_id, p.email, p.phone_number,
  p.external_id, p.first_name, p.last_name, p.organization, p.title, p.locale, p.timezone, p.location,
  p.properties as profile_properties`;

export function toBatchItem(row: TEventItemRow): TBatchItem {
  return {
    id: row.event_id,
    topic: row.metric_name,
    payload: {
      event: {
        metric: { id: row.metric_id, name: row.metric_name },
        time: new Date(row.time).toISOString(),
        unique_id: row.unique_id,
        value: row.value === null ? null : Number(row.value),
        value_currency: row.value_currency,
        properties: row.properties ?? {},
      },
      profile: {
        id: row.profile_id,
        email: row.email,
        phone_number: row.phone_number,
        external_id: row.external_id,
        first_name: row.first_name,
        last_name: row.last_name,
        organization: row.organization,
        title: row.title,
        locale: row.locale,
        timezone: row.timezone,
        location: row.location ?? {},
        properties: row.profile_properties ?? {},
      },
    },
  };
}

/**
 * The request body, byte for byte what is signed and sent, and what a delivery stores (json, kept
 * as text). Built in the documented order so that a human reading a request sees `data` before
 * `meta`; inside `properties` and `location` (the customer's own data) keys are sorted, so a
 * body rebuilt from a parsed copy (the log, rows stored as jsonb before 2026-11-30) gives the
 * same bytes.
 */
export function toWireBody(document: TBatchDocument): string {
  return JSON.stringify({
    data: document.data.map(
      (item): TBatchItem => ({
        id: item.id,
        topic: item.topic,
        payload: {
          event: {
            metric: { id: item.payload.event.metric.id, name: item.payload.event.metric.name },
            time: item.payload.event.time,
            unique_id: item.payload.event.unique_id,
            value: item.payload.event.value,
            value_currency: item.payload.event.value_currency,
            properties: sortKeys(item.payload.event.properties),
          },
          profile: {
            id: item.payload.profile.id,
            email: item.payload.profile.email,
            phone_number: item.payload.profile.phone_number,
            external_id: item.payload.profile.external_id,
            first_name: item.payload.profile.first_name,
            last_name: item.payload.profile.last_name,
            organization: item.payload.profile.organization,
            title: item.payload.profile.title,
            locale: item.payload.profile.locale,
            timezone: item.payload.profile.timezone,
            location: sortKeys(item.payload.profile.location),
            properties: sortKeys(item.payload.profile.properties),
          },
        },
      }),
    ),
    meta: {
      workspace_id: document.meta.workspace_id,
      webhook_id: document.meta.webhook_id,
      timestamp: document.meta.timestamp,
      payload_version: document.meta.payload_version,
      ...(document.meta.test ? { test: true } : {}),
    },
  });
}

/**
 * The body to send for a stored document (webhook_deliveries.payload, json: the text as stored).
 * Deliveries sealed since 2026-11-30 store toWireBody's text itself, sent as is: no parse and no
 * rebuild per attempt, and PostgreSQL neither parses it into jsonb nor prints it back
 * (bench:webhooks, batch size 1: 0.53 → 0.47 ms of CPU per delivery, PostgreSQL and the worker
 * ~0.03 each). Older rows hold jsonb's text (`{"data": [` — jsonb's spacing, its key order),
 * rebuilt as their earlier attempts were.
 */
export function storedWireBody(stored: string): string {
  return stored.startsWith('{"data":[') ? stored : toWireBody(JSON.parse(stored) as TBatchDocument);
}

export function batchMeta(options: {
  workspaceId: string;
  webhookId: string;
  now: Date;
  isTest?: boolean;
}): TBatchMeta {
  return {
    workspace_id: options.workspaceId,
    webhook_id: options.webhookId,
    timestamp: options.now.toISOString(),
    payload_version: PAYLOAD_VERSION,
    ...(options.isTest ? { test: true as const } : {}),
  };
}

export function distinctTopics(items: readonly TBatchItem[]): string[] {
  return [...new Set(items.map((item) => item.topic))].sort();
}

/** A copy with object keys sorted at every depth (arrays keep their order). */
function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== "object") return value;
  // Null prototype: a customer key named "__proto__" stays a plain key.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted as T;
}
