import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { cancelFlowRuns } from "@/lib/engine/run-actions/cancel-runs";
import { inTransaction } from "@/lib/engine/run-actions/in-transaction";
import { ACTIVE_RUN_STATUSES } from "@/lib/engine/run-actions/run-action-schemas";
import { HookflowError, notFound } from "@/lib/errors";

/** Thrown when a flow with runs in progress is deleted without choosing to cancel them (409). */
export class FlowHasActiveRunsError extends HookflowError {
  readonly activeRuns: number;
  constructor(activeRuns: number) {
    super(
      "conflict",
      `${activeRuns} run(s) of this flow are still in progress: cancel them to delete the flow, or turn it off and wait`,
    );
    this.activeRuns = activeRuns;
  }
}

/**
 * Deletes a flow with its versions, runs and steps. Refused while runs are running or waiting,
 * unless `cancelRuns`: then they are cancelled first, in the same transaction. The flow row is
 * locked first, like publishFlow and turnFlowOff, so no publish slips in between.
 */
export async function deleteFlow(
  options: { workspaceId: string; flowId: string; cancelRuns?: boolean; userLabel?: string },
  db: Db = prisma,
): Promise<{ cancelled: number }> {
  return inTransaction(db, async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      select id from flows where id = ${options.flowId}::uuid and workspace_id = ${options.workspaceId}::uuid
      for update`;
    if (locked.length === 0) throw notFound("Flow");
    const active = await tx.run.count({
      where: { flowId: options.flowId, status: { in: [...ACTIVE_RUN_STATUSES] } },
    });
    let cancelled = 0;
    if (active > 0) {
      if (!options.cancelRuns) throw new FlowHasActiveRunsError(active);
      cancelled = (await cancelFlowRuns(options, tx)).cancelled;
    }
    // Runs before the flow: runs → flow_versions is ON DELETE RESTRICT, so the flow's cascade
    // could otherwise reach a version while a run still points at it.
    await tx.run.deleteMany({ where: { flowId: options.flowId, workspaceId: options.workspaceId } });
    await tx.flow.delete({ where: { id: options.flowId } });
    return { cancelled };
  });
}
