// The list pages' time filter (runs started, deliveries created within the period before now).
// A plain module, not "use client": the server pages read the filter from the URL with it.

export const TIME_RANGES = {
  "1h": { label: "Last hour", ms: 3_600_000 },
  "24h": { label: "Last 24 hours", ms: 86_400_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000 },
  "30d": { label: "Last 30 days", ms: 30 * 86_400_000 },
} as const;
export type TTimeRange = keyof typeof TIME_RANGES;

export const TIME_RANGE_OPTIONS = Object.entries(TIME_RANGES).map(([value, { label }]) => ({ value, label }));

/** Own keys only: `?range=constructor` is no range (an `in` check would take it). */
export function isTimeRange(value: unknown): value is TTimeRange {
  return typeof value === "string" && Object.hasOwn(TIME_RANGES, value);
}
