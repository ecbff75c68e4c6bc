import { sqlClientOf } from "@/lib/db/sql-client";
import { createSteps, type TNewStep } from "@/lib/engine/create-steps";
import { loadVersionGraphs, triggerOf } from "@/lib/engine/load-flows";
import { successorsOf } from "@/lib/engine/successors";
import { HookflowError, invalid } from "@/lib/errors";
import { isActionNode } from "@/lib/flows/graph-schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TLockedRun } from "./lock-runs";
import type { TReplayFrom, TReplayVersion } from "./run-action-schemas";

export type TReplayOptions = { from: TReplayFrom; version: TReplayVersion; now?: Date };

type TFlowRow = { id: string; status: "draft" | "manual" | "live"; live_version_id: string | null };

/**
 * Restarts runs the caller has locked (and checked as ended): each gets the next replay round —
 * so its new steps have new idempotency keys and a webhook is delivered again as a new message —
 * its error and exit reason cleared, optionally the flow's current version, and its first steps
 * (the trigger's successors, or the failed step's node again) created and enqueued in this
 * transaction. A manual flow holds the new action steps for review, as on a first run.
 */
export async function replayLockedRuns(
  tx: Prisma.TransactionClient,
  runs: readonly TLockedRun[],
  options: TReplayOptions,
): Promise<{ replayed: number }> {
  if (runs.length === 0) return { replayed: 0 };
  const now = options.now ?? new Date();
  const runIds = runs.map((run) => run.id);
  const sql = sqlClientOf(tx);

  // A step of the previous round still running (a cancelled run's last step) would commit its
  // successors into the new round's run: wait for it rather than race it.
  const busy = await tx.$queryRaw<{ run_id: string; node_id: string }[]>`
    select run_id, node_id from steps where run_id = any(${runIds}::uuid[]) and status = 'running' limit 1`;
  if (busy[0]) {
    throw new HookflowError(
      "conflict",
      `Run ${busy[0].run_id} still has step ${busy[0].node_id} running: replay it when that step has finished`,
    );
  }

  const flows = new Map(
    (
      await tx.$queryRaw<TFlowRow[]>`
        select id, status::text as status, live_version_id from flows
        where id = any(${[...new Set(runs.map((run) => run.flow_id))]}::uuid[])`
    ).map((flow) => [flow.id, flow]),
  );
  const versionOf = (run: TLockedRun): string => {
    if (options.version === "same") return run.flow_version_id;
    const current = flows.get(run.flow_id)?.live_version_id;
    if (!current) throw invalid("The flow has no published version to replay on: publish it first");
    return current;
  };
  const versionIds = [...new Set(runs.map(versionOf))];
  const graphs = await loadVersionGraphs(sql, versionIds);
  const failedNodes =
    options.from === "failed-step"
      ? new Map(
          (
            await tx.$queryRaw<{ run_id: string; node_id: string }[]>`
              select distinct on (run_id) run_id, node_id from steps
              where run_id = any(${runIds}::uuid[]) and status = 'failed'
              order by run_id, id desc`
          ).map((row) => [row.run_id, row.node_id]),
        )
      : new Map<string, string>();

  const steps: TNewStep[] = [];
  const updates: { id: string; version_id: string; status: string }[] = [];
  for (const run of runs) {
    const versionId = versionOf(run);
    const graph = graphs.get(versionId);
    if (!graph) throw new Error(`Flow version ${versionId} was not found`);
    let nodes = successorsOf(graph, triggerOf(graph).id, null);
    if (options.from === "failed-step") {
      const nodeId = failedNodes.get(run.id);
      if (!nodeId) {
        throw invalid(
          `Run ${run.id} has no failed step (it is ${run.status}): replay it from the start instead`,
          "from",
        );
      }
      const node = graph.nodes.find((candidate) => candidate.id === nodeId);
      if (!node) {
        const number = await versionNumber(tx, versionId);
        throw invalid(
          `The failed step's node "${nodeId}" is not in version ${number} of the flow: ` +
            "replay from the start, or on the run's own version",
          "version",
        );
      }
      nodes = [node];
    }
    const needsReview = flows.get(run.flow_id)?.status === "manual";
    for (const node of nodes) {
      steps.push({
        workspaceId: run.workspace_id,
        runId: run.id,
        replayCount: run.replay_count + 1,
        node,
        scheduledFor: null,
        needsReview,
      });
    }
    // What settleRuns would conclude: nothing to do → completed; only reviews → waiting.
    const status =
      nodes.length === 0 ? "completed" : needsReview && nodes.every(isActionNode) ? "waiting" : "running";
    updates.push({ id: run.id, version_id: versionId, status });
  }

  await tx.$executeRaw`
    update runs r set replay_count = r.replay_count + 1, status = v.status::"RunStatus",
           flow_version_id = v.version_id, error = null, exit_reason = null,
           ended_at = case when v.status = 'completed' then ${now}::timestamptz end
    from json_to_recordset(${JSON.stringify(updates)}::json) as v(id uuid, version_id uuid, status text)
    where r.id = v.id`;
  await createSteps(sql, steps);
  return { replayed: runs.length };
}

async function versionNumber(tx: Prisma.TransactionClient, versionId: string): Promise<number> {
  const version = await tx.flowVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { number: true },
  });
  return version.number;
}
