import { HookflowError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { lockRunsOrThrow } from "./lock-runs";

export type TReviewStep = { id: string; run_id: string; scheduled_for: Date | null };

type TStepRow = TReviewStep & { status: string; waiting_reason: string | null };

/**
 * Locks the runs of the named steps, then re-reads the steps under that lock and checks each still
 * waits for review: a step approved or skipped by someone else a moment ago is refused (409, nothing
 * changed), and a step of another workspace is not found.
 */
export async function lockReviewStepsOrThrow(
  tx: Prisma.TransactionClient,
  options: { workspaceId: string; stepIds: readonly string[] },
): Promise<TReviewStep[]> {
  const ids = [...new Set(options.stepIds)];
  const owned = await tx.$queryRaw<{ id: string; run_id: string }[]>`
    select id, run_id from steps where workspace_id = ${options.workspaceId}::uuid and id = any(${ids}::uuid[])`;
  if (owned.length < ids.length) {
    const found = new Set(owned.map((step) => step.id));
    throw new HookflowError("not_found", `Step ${ids.find((id) => !found.has(id))} was not found`);
  }
  await lockRunsOrThrow(tx, { workspaceId: options.workspaceId, runIds: owned.map((step) => step.run_id) });
  const steps = await tx.$queryRaw<TStepRow[]>`
    select id, run_id, scheduled_for, status::text as status, waiting_reason from steps
    where id = any(${ids}::uuid[]) order by id`;
  const handled = steps.find((step) => step.status !== "waiting" || step.waiting_reason !== "review");
  if (handled) {
    throw new HookflowError(
      "conflict",
      `Step ${handled.id} is no longer waiting for review (it is ${handled.status})` +
        (ids.length > 1 ? ": nothing was changed; reload and try again" : ""),
    );
  }
  return steps.map(({ id, run_id, scheduled_for }) => ({ id, run_id, scheduled_for }));
}

/** Locks every run of the flow with steps waiting for review, and returns those steps. */
export async function lockFlowReviewSteps(
  tx: Prisma.TransactionClient,
  options: { workspaceId: string; flowId: string },
): Promise<TReviewStep[]> {
  const runs = await tx.$queryRaw<{ id: string }[]>`
    select r.id from runs r
    where r.workspace_id = ${options.workspaceId}::uuid and r.flow_id = ${options.flowId}::uuid
      and r.status in ('running', 'waiting')
      and exists (select 1 from steps s where s.run_id = r.id and s.status = 'waiting' and s.waiting_reason = 'review')
    order by r.id for update`;
  if (runs.length === 0) return [];
  return tx.$queryRaw<TReviewStep[]>`
    select id, run_id, scheduled_for from steps
    where run_id = any(${runs.map((run) => run.id)}::uuid[]) and status = 'waiting' and waiting_reason = 'review'
    order by id`;
}
