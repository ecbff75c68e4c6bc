import { type Db, prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getFlowOrThrow } from "./get-flow-or-throw";
import { inTransaction } from "./in-transaction";
import { assertRunStatuses, lockFlowRuns, lockRunsOrThrow, type TLockedRun } from "./lock-runs";
import { ACTIVE_RUN_STATUSES } from "./run-action-schemas";

type TCancelOptions = { workspaceId: string; userLabel?: string; now?: Date };

/**
 * Cancels runs in progress: the run ends as cancelled and its scheduled and waiting steps are
 * skipped (their queued jobs find nothing to claim). A step running at this moment finishes, but
 * its commit does not advance a cancelled run (run-steps.ts advances running/waiting runs only).
 * Naming a run that already ended is refused (409) and nothing changes.
 */
export async function cancelRuns(
  options: TCancelOptions & { runIds: readonly string[] },
  db: Db = prisma,
): Promise<{ cancelled: number }> {
  return inTransaction(db, async (tx) => {
    const runs = await lockRunsOrThrow(tx, options);
    assertRunStatuses(runs, ACTIVE_RUN_STATUSES, "cancelled");
    return cancelLocked(tx, runs, options);
  });
}

/** Cancels every run of the flow in progress. */
export async function cancelFlowRuns(
  options: TCancelOptions & { flowId: string },
  db: Db = prisma,
): Promise<{ cancelled: number }> {
  return inTransaction(db, async (tx) => {
    await getFlowOrThrow(options, tx);
    return cancelLocked(tx, await lockFlowRuns(tx, { ...options, statuses: ACTIVE_RUN_STATUSES }), options);
  });
}

async function cancelLocked(
  tx: Prisma.TransactionClient,
  runs: readonly TLockedRun[],
  options: TCancelOptions,
): Promise<{ cancelled: number }> {
  if (runs.length === 0) return { cancelled: 0 };
  const now = options.now ?? new Date();
  const runIds = runs.map((run) => run.id);
  const reason = options.userLabel ? `Cancelled by ${options.userLabel}` : "Cancelled";
  await tx.$executeRaw`
    update runs set status = 'cancelled', exit_reason = ${reason}, ended_at = ${now}
    where id = any(${runIds}::uuid[]) and status in ('running', 'waiting')`;
  await tx.$executeRaw`
    update steps set status = 'skipped', waiting_reason = null, error = 'The run was cancelled', ended_at = ${now}
    where run_id = any(${runIds}::uuid[]) and status in ('scheduled', 'waiting')`;
  return { cancelled: runs.length };
}
