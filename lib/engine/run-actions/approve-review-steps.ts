import { type Db, prisma } from "@/lib/db/prisma";
import { sqlClientOf } from "@/lib/db/sql-client";
import { enqueueStepJobs } from "@/lib/engine/create-steps";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getFlowOrThrow } from "./get-flow-or-throw";
import { inTransaction } from "./in-transaction";
import { lockFlowReviewSteps, lockReviewStepsOrThrow, type TReviewStep } from "./lock-review-steps";

/**
 * Approves steps a manual flow holds for review: each becomes scheduled (for the time it was due,
 * if a delay before it has not elapsed yet) and gets its job, in the same transaction, and its
 * run is running again.
 */
export async function approveReviewSteps(
  options: { workspaceId: string; stepIds: readonly string[] },
  db: Db = prisma,
): Promise<{ approved: number }> {
  return inTransaction(db, async (tx) => approveLocked(tx, await lockReviewStepsOrThrow(tx, options)));
}

/** Approves every step of the flow waiting for review. */
export async function approveAllWaiting(
  options: { workspaceId: string; flowId: string },
  db: Db = prisma,
): Promise<{ approved: number }> {
  return inTransaction(db, async (tx) => {
    await getFlowOrThrow(options, tx);
    return approveLocked(tx, await lockFlowReviewSteps(tx, options));
  });
}

async function approveLocked(
  tx: Prisma.TransactionClient,
  steps: readonly TReviewStep[],
): Promise<{ approved: number }> {
  if (steps.length === 0) return { approved: 0 };
  const stepIds = steps.map((step) => step.id);
  await tx.$executeRaw`
    update steps set status = 'scheduled', waiting_reason = null where id = any(${stepIds}::uuid[])`;
  await tx.$executeRaw`
    update runs set status = 'running'
    where id = any(${[...new Set(steps.map((step) => step.run_id))]}::uuid[]) and status = 'waiting'`;
  await enqueueStepJobs(
    sqlClientOf(tx),
    steps.map((step) => ({ id: step.id, runAt: step.scheduled_for })),
  );
  return { approved: steps.length };
}
