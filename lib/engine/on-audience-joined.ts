import type pg from "pg";
import type { TStepClaim } from "@/lib/engine/create-steps";
import { loadTriggeredFlows } from "@/lib/engine/load-flows";
import type { TClaimedStep } from "@/lib/engine/load-step-batch";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { startRuns } from "@/lib/engine/start-runs";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";

export type TAudienceJoins = {
  kind: "list" | "segment";
  workspaceId: string;
  audienceId: string;
  joins: readonly { profileId: string; joinedAt: Date }[];
};

const TRIGGER_TYPE = { list: "list-trigger", segment: "segment-trigger" } as const;

/**
 * Call in the transaction that records list or segment joins (API, UI, CSV import, code
 * write-back; the segment engine): enqueues the job that starts the joined-triggered flows — one
 * statement, and nothing at all when no live flow is triggered by that list or segment.
 */
export async function onAudienceJoined(tx: TPgTx, joins: TAudienceJoins): Promise<void> {
  if (joins.joins.length === 0) return;
  await tx.query(
    `select count(*)::int as n from (
       select graphile_worker.add_job($1, $2::json, max_attempts := 25)
       where exists (select 1 from flows where status in ('live', 'manual') and trigger_type = $3 and trigger_ref = $4)
     ) added`,
    [
      ENGINE_TASKS.startJoinRuns,
      JSON.stringify({
        kind: joins.kind,
        workspaceId: joins.workspaceId,
        audienceId: joins.audienceId,
        joins: joins.joins.map((join) => ({
          profileId: join.profileId,
          joinedAt: join.joinedAt.toISOString(),
        })),
      }),
      TRIGGER_TYPE[joins.kind],
      joins.audienceId,
    ],
  );
}

/** The start_join_runs job: one run per join (a profile that leaves and joins again runs again). */
export async function startJoinRuns(
  payload: {
    kind: "list" | "segment";
    workspaceId: string;
    audienceId: string;
    joins: { profileId: string; joinedAt: string }[];
  },
  options: { database: pg.Pool; now?: () => Date; claim?: Omit<TStepClaim, "now"> },
): Promise<{ started: number; claimed: TClaimedStep[] }> {
  return withPgTransaction(
    async (tx) => {
      const flows = await loadTriggeredFlows(tx, {
        triggerType: TRIGGER_TYPE[payload.kind],
        refs: [payload.audienceId],
      });
      const candidates = flows
        .filter((flow) => flow.workspaceId === payload.workspaceId)
        .flatMap((flow) =>
          payload.joins.map((join) => ({
            flow,
            profileId: join.profileId,
            eventId: null,
            // Per profile and per join: a profile that leaves and joins again is a new occurrence.
            occurrenceKey: `${payload.kind}:${payload.audienceId}:${join.profileId}:${Date.parse(join.joinedAt)}`,
          })),
        );
      const now = options.now?.() ?? new Date();
      const result = await startRuns(tx, candidates, {
        now,
        claim: options.claim ? { ...options.claim, now } : undefined,
      });
      return { started: result.started.length, claimed: result.claimed };
    },
    { database: options.database },
  );
}
