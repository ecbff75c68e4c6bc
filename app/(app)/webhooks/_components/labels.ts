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
