import "server-only";
import { getRunWithSteps } from "@/lib/engine/run-actions/get-run-with-steps";
import type { TRunDetail, TStepAttempt } from "./run-detail-types";

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/**
 * A run of the workspace shaped for its page (shared by the page and the polling endpoint): only
 * the columns the page shows — no lease or claim internals — with dates as ISO strings.
 */
export async function loadRunDetail(options: { workspaceId: string; runId: string }): Promise<TRunDetail> {
  const run = await getRunWithSteps(options);
  const name = [run.profile.firstName, run.profile.lastName].filter(Boolean).join(" ") || null;
  return {
    id: run.id,
    status: run.status,
    isTest: run.isTest,
    replayCount: run.replayCount,
    error: run.error,
    exitReason: run.exitReason,
    startedAt: run.startedAt.toISOString(),
    endedAt: iso(run.endedAt),
    flow: { id: run.flow.id, name: run.flow.name, status: run.flow.status },
    version: { number: run.versionNumber, isCurrent: run.isOnCurrentVersion },
    profile: { id: run.profile.id, label: run.profile.label, name },
    event: run.event
      ? {
          id: run.event.id,
          metricName: run.event.metricName,
          time: run.event.time.toISOString(),
          properties: run.event.properties,
        }
      : null,
    steps: run.steps.map((step) => ({
      id: step.id,
      nodeId: step.nodeId,
      nodeType: step.nodeType,
      nodeLabel: run.nodeLabels[step.nodeId] ?? null,
      status: step.status,
      waitingReason: step.waitingReason,
      round: step.round,
      attempts: step.attempts,
      attemptHistory: Array.isArray(step.attemptHistory) ? (step.attemptHistory as TStepAttempt[]) : [],
      input: step.input,
      output: step.output,
      logs: step.logs,
      error: step.error,
      scheduledFor: iso(step.scheduledFor),
      startedAt: iso(step.startedAt),
      endedAt: iso(step.endedAt),
    })),
  };
}
