import type pg from "pg";
import { CODE_LIMIT_MAXIMA } from "@/lib/code/functions/settings-schema";
import { InvocationSetupError, invokeCodeFunction } from "@/lib/code/invoke-function";
import type { ICodeRuntime } from "@/lib/code/runtime/types";
import { toInvocationProfile } from "@/lib/code/sdk/invocation-shapes";
import { StepError, type TEngineEvent, type TStepHandler } from "@/lib/engine/step-handler";

/** Klaviyo's figure: a failed code invocation is retried 3 times (with the engine's backoff). */
export const CODE_STEP_MAX_ATTEMPTS = 4;

export type TCodeStepHandlerOptions = {
  /** The process-wide runtime by default (lib/code/runtime). */
  runtime?: () => ICodeRuntime;
};

/**
 * A flow's code node: runs the function's deployed version with the run's event (null when the
 * run was not started by an event) and profile. The step's output is
 * `{ outputs: { <name>: value }, invocationId, functionId, versionNumber }`; the engine exposes
 * `outputs` to later steps (code-output splits, `{{ outputs.<nodeId>.<name> }}`). A failed
 * invocation (error, timeout, memory, runner crash) is retried 3 times with backoff, then fails
 * the step; a function that is missing or not deployed fails it at once.
 */
export function createCodeStepHandler(options: TCodeStepHandlerOptions = {}): TStepHandler<"code"> {
  return {
    type: "code",
    maxAttempts: CODE_STEP_MAX_ATTEMPTS,
    // The invocation's own wall clock ends it first; this only bounds loading and recording.
    timeoutMs: CODE_LIMIT_MAXIMA.wallMs + 30_000,
    async execute(context) {
      const functionId = context.node.config.functionId;
      if (!functionId)
        throw new StepError("No code function is chosen for this node", { isRetryable: false });
      let outcome: Awaited<ReturnType<typeof invokeCodeFunction>>;
      try {
        outcome = await invokeCodeFunction({
          workspaceId: context.workspaceId,
          functionId,
          target: { kind: "deployed" },
          trigger: "flow",
          event: context.event && toInvocationEvent(context.event),
          eventDepth: context.event?.depth ?? null,
          profile: toInvocationProfile(context.profile),
          run: {
            runId: context.run.id,
            stepId: context.step.id,
            idempotencyKey: context.step.idempotencyKey,
            attempt: context.step.attempt,
          },
          isTest: context.run.isTest,
          runtime: options.runtime?.(),
          // Within the engine's round: the function and its secrets are read once for all the
          // round's steps, and the invocation row is written in the commit that records the
          // step (step-round.ts) — 3 round trips and a durable commit per step before.
          database: context.round?.database as pg.Pool | undefined,
        });
      } catch (error) {
        if (error instanceof InvocationSetupError) throw new StepError(error.message, { isRetryable: false });
        throw error;
      }
      const { result } = outcome;
      const summary = {
        invocationId: outcome.invocationId,
        functionId,
        versionNumber: outcome.versionNumber,
      };
      context.log(`Ran "${outcome.functionName}" v${outcome.versionNumber}: ${result.status}`, {
        ...summary,
        durationMs: result.durationMs,
      });
      // The run's log shows every write-back (details, with arguments, in the invocation's row).
      for (const call of outcome.sdkCalls) {
        context.log(
          `SDK ${call.method}: ${call.ok ? "ok" : "failed"}`,
          call.error ? { error: call.error } : undefined,
        );
      }
      if (result.status !== "ok") {
        const where = result.error?.line ? ` (line ${result.error.line})` : "";
        throw new StepError(
          `${result.error?.name ?? "Error"}: ${result.error?.message ?? result.status}${where}`,
          {
            output: { ...summary, status: result.status },
          },
        );
      }
      return { output: { outputs: outcome.outputs, ...summary } };
    },
  };
}

function toInvocationEvent(event: TEngineEvent) {
  return {
    id: event.id,
    metric: { id: event.metricId, name: event.metricName },
    properties: event.properties,
    time: new Date(event.time).toISOString(),
    value: event.value,
    uniqueId: event.uniqueId,
  };
}
