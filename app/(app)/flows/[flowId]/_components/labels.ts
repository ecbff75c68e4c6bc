import type { TRunStatus, TStepStatus } from "@/app/api/app/runs/run-detail-types";
import type { BadgeTone } from "@/components/ui/badge";

// Words and colours for flow, run and step states, shared by the flows list, the runs page and the
// run page.

export const FLOW_STATUS: Record<"draft" | "manual" | "live", { label: string; tone: BadgeTone }> = {
  live: { label: "Live", tone: "green" },
  manual: { label: "Manual", tone: "amber" },
  draft: { label: "Off", tone: "neutral" },
};

export const TRIGGER_LABELS: Record<string, string> = {
  "list-trigger": "Joins a list",
  "segment-trigger": "Enters a segment",
  "date-trigger": "Date property",
  "metric-trigger": "Metric",
};

export function triggerLabel(type: string | null): string {
  return type ? (TRIGGER_LABELS[type] ?? type) : "No trigger";
}

export const RUN_STATUS: Record<TRunStatus, { label: string; tone: BadgeTone }> = {
  running: { label: "Running", tone: "accent" },
  waiting: { label: "Waiting", tone: "amber" },
  completed: { label: "Completed", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  exited: { label: "Exited", tone: "neutral" },
};

export const STEP_STATUS: Record<TStepStatus, { label: string; tone: BadgeTone }> = {
  scheduled: { label: "Scheduled", tone: "neutral" },
  running: { label: "Running", tone: "accent" },
  waiting: { label: "Waiting", tone: "amber" },
  completed: { label: "Completed", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  skipped: { label: "Skipped", tone: "neutral" },
};

export const NODE_TYPE_LABELS: Record<string, string> = {
  webhook: "Webhook",
  code: "Code",
  delay: "Time delay",
  split: "Conditional split",
  "code-output-split": "Code output split",
};

/** "1.2 s", "340 ms", "3 min 5 s", "2 h 4 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function durationBetween(start: string | null, end: string | null): string | null {
  if (!start || !end) return null;
  return formatDuration(Date.parse(end) - Date.parse(start));
}
