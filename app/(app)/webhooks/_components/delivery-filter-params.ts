import { isTimeRange } from "@/components/ui/time-ranges";
import { DELIVERY_STATUSES } from "./labels";

// The delivery log's filters live in the URL (a filtered log can be shared). Plain functions, not
// in the "use client" filter bar: the server pages call them, and a function exported from a
// client module is only a client reference on the server.

export type TDeliveryFilterValues = {
  status: string | null;
  topic: string | null;
  range: string | null;
  kind: "test" | "events" | null;
};

export type TSearchParams = Record<string, string | string[] | undefined>;

const FILTER_KEYS = ["status", "topic", "range", "kind"] as const;

/** The log's URL with these filters; `basePath` is the webhook's page (event webhook or flow node). */
export function deliveriesHref(basePath: string, filters: TDeliveryFilterValues, cursor?: string): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return `${basePath}${query ? `?${query}` : ""}`;
}

/**
 * Filters from the URL; unknown values are ignored rather than trusted. A flow webhook node has no
 * topics nor test sends, so without `hasTopics` those two stay unset.
 */
export function readDeliveryFilters(
  query: TSearchParams,
  options: { hasTopics: boolean },
): TDeliveryFilterValues {
  const text = (key: string) => {
    const value = query[key];
    return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, 200) : null;
  };
  const status = text("status");
  const range = text("range");
  const kind = text("kind");
  return {
    status: DELIVERY_STATUSES.find((candidate) => candidate === status) ?? null,
    topic: options.hasTopics ? text("topic") : null,
    range: isTimeRange(range) ? range : null,
    kind: options.hasTopics && (kind === "test" || kind === "events") ? kind : null,
  };
}
