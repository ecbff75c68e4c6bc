import { type Db, prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getFlowOrThrow } from "./get-flow-or-throw";
import { inTransaction } from "./in-transaction";
import { lockFlowReviewSteps, lockReviewStepsOrThrow, type TReviewStep } from "./lock-review-steps";

type TSkipOptions = { workspaceId: string; userLabel: string; now?: Date };

/**
 * Skips steps held for review: the step is skipped and its run ends as exited ("Skipped in review
 * by <user>"); the run's other pending steps (parallel branches) are skipped with it.
 */
export async function skipReviewSteps(
  options: TSkipOptions & { stepIds: readonly string[] },
  db: Db = prisma,
): Promise<{ skipped: number }> {
  return inTransaction(db, async (tx) => skipLocked(tx, await lockReviewStepsOrThrow(tx, options), options));
}

/** Skips every step of the flow waiting for review (each of their runs exits). */
export async function skipAllWaiting(
  options: TSkipOptions & { flowId: string },
  db: Db = prisma,
): Promise<{ skipped: number }> {
  return inTransaction(db, async (tx) => {
    await getFlowOrThrow(options, tx);
    return skipLocked(tx, await lockFlowReviewSteps(tx, options), options);
  });
}

async function skipLocked(
  tx: Prisma.TransactionClient,
  steps: readonly TReviewStep[],
  options: TSkipOptions,
): Promise<{ skipped: number }> {
  if (steps.length === 0) return { skipped: 0 };
  const now = options.now ?? new Date();
  const reason = `Skipped in review by ${options.userLabel}`;
  const stepIds = steps.map((step) => step.id);
  const runIds = [...new Set(steps.map((step) => step.run_id))];
  await tx.$executeRaw`
    update steps set status = 'skipped', waiting_reason = null, error = ${reason}, ended_at = ${now}
    where id = any(${stepIds}::uuid[])`;
  await tx.$executeRaw`
    update runs set status = 'exited', exit_reason = ${reason}, ended_at = ${now}
    where id = any(${runIds}::uuid[]) and status in ('running', 'waiting')`;
  await tx.$executeRaw`
    update steps set status = 'skipped', waiting_reason = null, error = 'The run ended', ended_at = ${now}
    where run_id = any(${runIds}::uuid[]) and status in ('scheduled', 'waiting')`;
  return { skipped: steps.length };
}
