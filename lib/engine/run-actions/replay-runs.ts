import { type Db, prisma } from "@/lib/db/prisma";
import { getFlowOrThrow } from "./get-flow-or-throw";
import { inTransaction } from "./in-transaction";
import { assertRunStatuses, lockFlowRuns, lockRunsOrThrow } from "./lock-runs";
import { replayLockedRuns, type TReplayOptions } from "./replay-locked-runs";
import { REPLAYABLE_RUN_STATUSES } from "./run-action-schemas";

/**
 * Replays runs that ended without completing (failed, exited or cancelled), from the start or
 * from the failed step, on the run's own version or the flow's current one. All or nothing: a run
 * that is not replayable, or whose failed node is not in the chosen version, refuses the whole
 * request with a message naming it.
 */
export async function replayRuns(
  options: TReplayOptions & { workspaceId: string; runIds: readonly string[] },
  db: Db = prisma,
): Promise<{ replayed: number }> {
  return inTransaction(db, async (tx) => {
    const runs = await lockRunsOrThrow(tx, options);
    assertRunStatuses(runs, REPLAYABLE_RUN_STATUSES, "replayed");
    return replayLockedRuns(tx, runs, options);
  });
}

/** Replays every failed run of the flow (exited and cancelled runs ended as intended: not these). */
export async function replayFailedRuns(
  options: TReplayOptions & { workspaceId: string; flowId: string },
  db: Db = prisma,
): Promise<{ replayed: number }> {
  return inTransaction(db, async (tx) => {
    await getFlowOrThrow(options, tx);
    return replayLockedRuns(tx, await lockFlowRuns(tx, { ...options, statuses: ["failed"] }), options);
  });
}
