// A run as the run page receives it (from the page and /api/app/runs/<id>). Type-only, so client
// components import it freely. Times are ISO strings.

export type TRunStatus = "running" | "waiting" | "completed" | "failed" | "cancelled" | "exited";
export type TStepStatus = "scheduled" | "running" | "waiting" | "completed" | "failed" | "skipped";

export type TStepAttempt = {
  attempt: number;
  startedAt: string | null;
  endedAt: string | null;
  error?: string;
};

export type TRunStep = {
  id: string;
  nodeId: string;
  nodeType: string;
  nodeLabel: string | null;
  status: TStepStatus;
  waitingReason: string | null;
  /** The replay round (0 = the first run). */
  round: number;
  attempts: number;
  attemptHistory: TStepAttempt[];
  input: unknown;
  output: unknown;
  logs: unknown;
  error: string | null;
  scheduledFor: string | null;
  startedAt: string | null;
  endedAt: string | null;
};

export type TRunDetail = {
  id: string;
  status: TRunStatus;
  isTest: boolean;
  replayCount: number;
  error: string | null;
  exitReason: string | null;
  startedAt: string;
  endedAt: string | null;
  flow: { id: string; name: string; status: "draft" | "manual" | "live" };
  version: { number: number; isCurrent: boolean };
  profile: { id: string; label: string; name: string | null };
  event: { id: string; metricName: string | null; time: string; properties: unknown } | null;
  steps: TRunStep[];
};

export type TRunDetailResponse = { run: TRunDetail; workspaceId: string };

/** A run still has work ahead: the page keeps polling. */
export function isRunInProgress(status: TRunStatus): boolean {
  return status === "running" || status === "waiting";
}
