import type { BadgeTone } from "@/components/ui/badge";

// Words, colours and number formats shared by the event webhook pages.

export type TDeliveryStatus = "pending" | "delivering" | "succeeded" | "failed";

export const DELIVERY_STATUS: Record<TDeliveryStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending", tone: "amber" },
  delivering: { label: "Sending", tone: "accent" },
  succeeded: { label: "Succeeded", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export const DELIVERY_STATUSES = Object.keys(DELIVERY_STATUS) as TDeliveryStatus[];

/** The delivery log's time filter: deliveries created within the period before now. */
export const TIME_RANGES = {
  "1h": { label: "Last hour", ms: 3_600_000 },
  "24h": { label: "Last 24 hours", ms: 86_400_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000 },
  "30d": { label: "Last 30 days", ms: 30 * 86_400_000 },
} as const;
export type TTimeRange = keyof typeof TIME_RANGES;

export function isTimeRange(value: unknown): value is TTimeRange {
  return typeof value === "string" && Object.hasOwn(TIME_RANGES, value);
}

/** "340 ms", "1.2 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** 0.987 → "98.7 %"; exactly 1 or 0 without decimals. */
export function formatRate(rate: number): string {
  const percent = rate * 100;
  return `${percent === 100 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Domain errors about a field start with its name ("url: resolves to a private address"), which
 * reads oddly under the field itself: the name is dropped there.
 */
export function fieldMessage(field: string, message: string | undefined): string | undefined {
  return message?.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
