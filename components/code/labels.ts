import type { BadgeTone } from "@/components/ui/badge";
import type { TInvocationStatus } from "@/lib/code/runtime/types";

// Words and colours of the Code pages: function status, invocation status, sizes and durations.

export const FUNCTION_STATUS: Record<"draft" | "deployed", { label: string; tone: BadgeTone }> = {
  deployed: { label: "Deployed", tone: "green" },
  draft: { label: "Draft", tone: "neutral" },
};

export const LANGUAGE_LABELS: Record<"javascript" | "python", string> = {
  javascript: "JavaScript",
  python: "Python",
};

export const INVOCATION_STATUS: Record<TInvocationStatus, { label: string; tone: BadgeTone }> = {
  ok: { label: "Succeeded", tone: "green" },
  error: { label: "Error", tone: "red" },
  timeout: { label: "Timed out", tone: "red" },
  memory: { label: "Out of memory", tone: "red" },
  crashed: { label: "Crashed", tone: "red" },
};

/** Statuses an invocation row can have before it has a result. */
export const PENDING_STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "accent" },
  retrying: { label: "Retrying", tone: "amber" },
};

export function invocationStatusLabel(status: string): { label: string; tone: BadgeTone } {
  return (
    INVOCATION_STATUS[status as TInvocationStatus] ??
    PENDING_STATUS[status] ?? { label: status, tone: "neutral" }
  );
}

/** "0.42 ms", "12 ms", "1.2 s". Sub-millisecond figures matter here: warm runs take ~0.05 ms. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "512 B", "3.4 KiB", "12.0 MiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** "2.5 %" with one decimal under 10 %, whole numbers above; "—" when nothing ran. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  const percent = rate * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)} %`;
}
