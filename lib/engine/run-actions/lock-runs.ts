import { HookflowError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TRunStatus } from "./run-action-schemas";

export type TLockedRun = {
  id: string;
  workspace_id: string;
  flow_id: string;
  flow_version_id: string;
  status: TRunStatus;
  replay_count: number;
};

// Runs are locked in id order, the order run-steps.ts locks them in when it commits a batch: an
// action and a worker's commit on the same runs queue behind each other instead of deadlocking.
// The lock is what makes these actions safe against a step finishing meanwhile: a commit that
// comes after sees the run cancelled (or replayed) and does not advance it.

/**
 * Locks the named runs of the workspace. A run that does not exist or belongs to another
 * workspace is reported as not found (the same answer for both, so ids of other workspaces are
 * not disclosed), and nothing is locked.
 */
export async function lockRunsOrThrow(
  tx: Prisma.TransactionClient,
  options: { workspaceId: string; runIds: readonly string[] },
): Promise<TLockedRun[]> {
  const ids = [...new Set(options.runIds)];
  const rows = await tx.$queryRaw<TLockedRun[]>`
    select id, workspace_id, flow_id, flow_version_id, status::text as status, replay_count from runs
    where workspace_id = ${options.workspaceId}::uuid and id = any(${ids}::uuid[])
    order by id for update`;
  if (rows.length < ids.length) {
    const found = new Set(rows.map((row) => row.id));
    throw new HookflowError("not_found", `Run ${ids.find((id) => !found.has(id))} was not found`);
  }
  return rows;
}

/** Locks the flow's runs in one of `statuses` (the bulk actions' selection). */
export function lockFlowRuns(
  tx: Prisma.TransactionClient,
  options: { workspaceId: string; flowId: string; statuses: readonly TRunStatus[] },
): Promise<TLockedRun[]> {
  return tx.$queryRaw<TLockedRun[]>`
    select id, workspace_id, flow_id, flow_version_id, status::text as status, replay_count from runs
    where workspace_id = ${options.workspaceId}::uuid and flow_id = ${options.flowId}::uuid
      and status::text = any(${[...options.statuses]}::text[])
    order by id for update`;
}

/** Refuses when a run is not in one of `statuses`, naming it and saying why. */
export function assertRunStatuses(
  runs: readonly TLockedRun[],
  statuses: readonly TRunStatus[],
  action: string,
): void {
  const wrong = runs.find((run) => !statuses.includes(run.status));
  if (wrong) {
    throw new HookflowError(
      "conflict",
      `Run ${wrong.id} is ${wrong.status}: only ${statuses.join(" or ")} runs can be ${action}` +
        (runs.length > 1 ? " (nothing was changed; reload and try again)" : ""),
    );
  }
}
