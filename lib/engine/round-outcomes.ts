import type { TNewStep } from "@/lib/engine/create-steps";
import type { TClaimedStep, TStepBatch } from "@/lib/engine/load-step-batch";
import { handlerFor, type TStepHandlers, type TStepResult } from "@/lib/engine/step-handler";
import { successorsOf } from "@/lib/engine/successors";
import type { TFlowNode } from "@/lib/flows/graph-schema";

export type TLogEntry = { at: string; message: string; data?: Record<string, unknown> };

export type TOutcome =
  | { kind: "completed"; result: TStepResult; logs: TLogEntry[] }
  | { kind: "exited"; reason: string; logs: TLogEntry[] }
  | {
      kind: "error";
      message: string;
      isRetryable: boolean;
      retryAfterMs?: number;
      output?: Record<string, unknown>;
      logs: TLogEntry[];
    };

export const DEFAULT_RETRY_BASE_MS = 5_000;
const MAX_RETRY_DELAY_MS = 3_600_000;
const MAX_HANDLER_RETRY_DELAY_MS = 86_400_000;

/** What a round's commit writes, worked out from its steps' outcomes. */
export type TRoundPlan = {
  /** The steps' rows (jsonb_to_recordset of the round's statement). */
  updates: Record<string, unknown>[];
  /** Next steps of runs still going. */
  next: TNewStep[];
  retries: { id: string; runAt: Date }[];
  failedRuns: { id: string; error: string }[];
  exitedRuns: { id: string; reason: string }[];
};

export function nodeName(node: TFlowNode): string {
  return node.label ? `"${node.label}"` : `${node.type} node ${node.id}`;
}

export function planRound(
  steps: readonly TClaimedStep[],
  outcomes: readonly TOutcome[],
  batch: TStepBatch,
  now: Date,
  options: { handlers: TStepHandlers; retryBaseMs?: number },
): TRoundPlan {
  const plan: TRoundPlan = { updates: [], next: [], retries: [], failedRuns: [], exitedRuns: [] };
  const nextSteps: TNewStep[] = [];
  steps.forEach((step, index) => {
    const outcome = outcomes[index]!;
    const graph = batch.graphs.get(step.flow_version_id);
    const node = graph?.nodes.find((candidate) => candidate.id === step.node_id);
    const attempt = { attempt: step.attempts, startedAt: step.started_at, endedAt: now.toISOString() };
    const base = { id: step.id, logs: outcome.logs, ended_at: now.toISOString() };
    if (outcome.kind === "completed") {
      plan.updates.push({
        ...base,
        status: "completed",
        output: outcome.result.output ?? null,
        error: null,
        attempt,
      });
      if (!graph || !node) return;
      for (const next of successorsOf(graph, node.id, outcome.result.branch ?? null)) {
        nextSteps.push({
          workspaceId: step.workspace_id,
          runId: step.run_id,
          replayCount: step.replay_count,
          node: next,
          scheduledFor: outcome.result.nextAt ?? null,
          needsReview: batch.flowStatus.get(step.flow_id) === "manual",
        });
      }
    } else if (outcome.kind === "exited") {
      plan.updates.push({ ...base, status: "skipped", output: null, error: outcome.reason, attempt });
      plan.exitedRuns.push({ id: step.run_id, reason: outcome.reason });
    } else {
      const maxAttempts = (node && handlerFor(options.handlers, node.type)?.maxAttempts) ?? 1;
      const entry = { ...attempt, error: outcome.message };
      if (outcome.isRetryable && step.attempts < maxAttempts) {
        // A handler's own delay (a webhook's retry schedule, Retry-After) up to a day; otherwise
        // 5 s × 3^n up to an hour.
        const delay =
          outcome.retryAfterMs !== undefined
            ? Math.min(outcome.retryAfterMs, MAX_HANDLER_RETRY_DELAY_MS)
            : Math.min(
                (options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS) * 3 ** (step.attempts - 1),
                MAX_RETRY_DELAY_MS,
              );
        const runAt = new Date(now.getTime() + delay);
        plan.updates.push({
          ...base,
          status: "scheduled",
          output: outcome.output ?? null,
          error: outcome.message,
          attempt: entry,
          scheduled_for: runAt.toISOString(),
          ended_at: null,
        });
        plan.retries.push({ id: step.id, runAt });
      } else {
        plan.updates.push({
          ...base,
          status: "failed",
          output: outcome.output ?? null,
          error: outcome.message,
          attempt: entry,
        });
        const label = node ? nodeName(node) : step.node_id;
        plan.failedRuns.push({
          id: step.run_id,
          error: `${label} failed after ${step.attempts} attempt(s): ${outcome.message}`,
        });
      }
    }
  });
  const endedRuns = new Set([...plan.failedRuns, ...plan.exitedRuns].map((run) => run.id));
  plan.next = nextSteps.filter((step) => !endedRuns.has(step.runId));
  return plan;
}
