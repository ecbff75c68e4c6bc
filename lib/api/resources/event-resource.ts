import { pickAttributes } from "@/lib/api/sparse-fieldsets";
import type { Prisma } from "@/lib/generated/prisma/client";

type TEventRow = {
  id: string;
  metricId: string;
  profileId: string;
  properties: Prisma.JsonValue;
  time: Date;
  value: Prisma.Decimal | null;
  valueCurrency: string | null;
  uniqueId: string;
};

/**
 * An event as Klaviyo returns it: `event_properties` are the stored properties plus Klaviyo's
 * special keys `$event_id` (the unique_id), `$value` and `$value_currency` (when set);
 * `timestamp` is Unix seconds; `uuid` is the event id.
 */
export function eventResource(event: TEventRow, options: { baseUrl: string; fields?: string[] | null }) {
  const base = options.baseUrl;
  const eventProperties: Record<string, unknown> = {
    ...(event.properties as Record<string, unknown>),
    $event_id: event.uniqueId,
    ...(event.value !== null ? { $value: Number(event.value.toString()) } : {}),
    ...(event.valueCurrency !== null ? { $value_currency: event.valueCurrency } : {}),
  };
  return {
    type: "event" as const,
    id: event.id,
    attributes: pickAttributes(
      {
        timestamp: Math.floor(event.time.getTime() / 1000),
        event_properties: eventProperties,
        datetime: event.time.toISOString(),
        uuid: event.id,
      },
      options.fields ?? null,
    ),
    relationships: {
      profile: {
        data: { type: "profile" as const, id: event.profileId },
      },
      metric: {
        data: { type: "metric" as const, id: event.metricId },
      },
    },
    links: { self: `${base}/api/events/${event.id}` },
  };
}
