import { readFilter } from "@/lib/api/klaviyo-filter";
import { readPageCursor, readPageSize } from "@/lib/api/pagination";
import { dateValue, readInclude, refuseParameter, valuesFor } from "@/lib/api/queries/filter-values";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import { decodeEventCursor } from "@/lib/events/list-events";

const TIME_OPERATORS = ["greater-or-equal", "greater-than", "less-or-equal", "less-than"] as const;
const TIME_KEYS = {
  "greater-or-equal": "gte",
  "greater-than": "gt",
  "less-or-equal": "lte",
  "less-than": "lt",
} as const;

/**
 * GET /api/events query: Klaviyo's filters metric_id/profile_id (equals) and datetime/timestamp
 * (comparisons), newest first only (sort -datetime / -timestamp), include=metric,profile,
 * page[size] up to 1000 as Klaviyo's client allows — pages hold at most 200 events, as Klaviyo
 * documents; links.next continues.
 */
export function readEventsQuery(url: URL) {
  const conditions = readFilter(url, {
    metric_id: ["equals"],
    profile_id: ["equals"],
    datetime: TIME_OPERATORS,
    timestamp: TIME_OPERATORS,
  });
  refuseParameter(url, "sort", ["-datetime", "-timestamp"]);
  const time: { gt?: Date; gte?: Date; lt?: Date; lte?: Date } = {};
  for (const condition of conditions) {
    if (condition.field !== "datetime" && condition.field !== "timestamp") continue;
    time[TIME_KEYS[condition.operator as keyof typeof TIME_KEYS]] = dateValue(condition);
  }
  const profileIds = valuesFor(conditions, "profile_id");
  const cursor = readPageCursor(url);
  return {
    metricIds: valuesFor(conditions, "metric_id"),
    // Two different equals(profile_id) conditions cannot both hold: an impossible id matches nothing.
    profileId: profileIds ? (profileIds[0] ?? "none") : undefined,
    time: Object.keys(time).length > 0 ? time : undefined,
    cursor: cursor ? decodeEventCursor(cursor) : undefined,
    pageSize: readPageSize(url, { defaultSize: 200, maxSize: 1000 }),
    include: readInclude(url, ["metric", "profile"]),
    fields: {
      event: readSparseFields(url, "event"),
      metric: readSparseFields(url, "metric"),
      profile: readSparseFields(url, "profile"),
    },
  };
}
