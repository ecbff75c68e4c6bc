import { claimedFrom } from "@/lib/engine/commit-round";
import { insertSteps, type TNewStep, type TStepClaim } from "@/lib/engine/create-steps";
import type { TEngineFlow } from "@/lib/engine/load-flows";
import type { TClaimedStep } from "@/lib/engine/load-step-batch";
import { loadSubjects, referencedAudiences, type TEngineSubject } from "@/lib/engine/load-subjects";
import { successorsOf } from "@/lib/engine/successors";
import { evaluateConditions } from "@/lib/flows/evaluate-conditions";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TRunCandidate = {
  flow: TEngineFlow;
  profileId: string;
  eventId: string | null;
  /** The occurrence that triggers: "event:<id>", "list:<id>:<ms>", "date:<yyyy-mm-dd>", "test:<id>". */
  occurrenceKey: string;
  /** When the first steps may run (a date trigger's time of day); null = now. */
  startAt?: Date | null;
  /** Test runs (started by a user) skip the re-entry rule. */
  isTest?: boolean;
};

export type TStartRunsResult = {
  started: { runId: string; flowId: string; profileId: string }[];
  skipped: number;
  /** First steps created already claimed by `options.claim`'s job (to run right after commit). */
  claimed: TClaimedStep[];
};

/**
 * Starts runs for trigger occurrences, on the caller's transaction (with the data that triggered
 * them, or in the trigger job): applies the flow filters and the re-entry rule, inserts the runs
 * and their first steps, and enqueues those steps.
 *
 * The run's trigger key makes each start idempotent — a retried job or a second date scan inserts
 * nothing new: it is the occurrence key, or "once:<profile>" for flows a profile may enter only
 * once, which the unique index (flow_id, trigger_key) then enforces even between concurrent
 * workers.
 */
export async function startRuns(
  tx: TPgTx,
  candidates: readonly TRunCandidate[],
  options: { now?: Date; claim?: TStepClaim } = {},
): Promise<TStartRunsResult> {
  if (candidates.length === 0) return { started: [], skipped: 0, claimed: [] };
  const now = options.now ?? new Date();
  const subjects = await loadSubjects(
    tx,
    candidates.map((candidate) => candidate.profileId),
    referencedAudiences(candidates.map((candidate) => candidate.flow.graph.settings.filters)),
  );
  const lastStarts = await loadLastStarts(
    tx,
    candidates.filter(
      (candidate) => !candidate.isTest && candidate.flow.graph.settings.reentry.mode === "after",
    ),
  );

  const rows: TRunRow[] = [];
  const candidateByRun = new Map<string, TRunCandidate>();
  for (const candidate of candidates) {
    const row = admitCandidate(candidate, subjects, lastStarts, now);
    if (!row) continue;
    candidateByRun.set(`${candidate.flow.id}:${row.trigger_key}`, candidate);
    rows.push(row);
  }
  if (rows.length === 0) return { started: [], skipped: candidates.length, claimed: [] };

  const inserted = await tx.query<{
    id: string;
    flow_id: string;
    profile_id: string;
    trigger_key: string;
    event_id: string | null;
    is_test: boolean;
  }>(
    `insert into runs (id, workspace_id, flow_id, flow_version_id, profile_id, event_id, trigger_key, is_test, started_at)
     select r.id, r.workspace_id, r.flow_id, r.version_id, r.profile_id, r.event_id, r.trigger_key, r.is_test, $2
     from json_to_recordset($1::json) as r(id uuid, workspace_id uuid, flow_id uuid, version_id uuid, profile_id uuid,
                                           event_id uuid, trigger_key text, is_test boolean)
     on conflict (flow_id, trigger_key) do nothing
     returning id, flow_id, profile_id, trigger_key, event_id, is_test`,
    [JSON.stringify(rows), now],
  );

  const runById = new Map(inserted.rows.map((run) => [run.id, run]));
  const steps: TNewStep[] = [];
  const emptyRuns: string[] = [];
  for (const run of inserted.rows) {
    const candidate = candidateByRun.get(`${run.flow_id}:${run.trigger_key}`)!;
    const first = successorsOf(candidate.flow.graph, candidate.flow.trigger.id, null);
    if (first.length === 0) emptyRuns.push(run.id);
    for (const node of first) {
      steps.push({
        workspaceId: candidate.flow.workspaceId,
        runId: run.id,
        replayCount: 0,
        node,
        scheduledFor: candidate.startAt ?? null,
        needsReview: candidate.flow.status === "manual",
      });
    }
  }
  const insertedSteps = await insertSteps(tx, steps, options.claim ?? null);
  // Runs whose first steps all wait for review (manual flows) are waiting, not running.
  const runsWithWork = new Set(
    insertedSteps.filter((step) => step.status !== "waiting").map((step) => step.run_id),
  );
  const waitingRuns = inserted.rows.filter((run) => !runsWithWork.has(run.id) && !emptyRuns.includes(run.id));
  if (waitingRuns.length > 0) {
    await tx.query("update runs set status = 'waiting' where id = any($1::uuid[])", [
      waitingRuns.map((run) => run.id),
    ]);
  }
  if (emptyRuns.length > 0) {
    await tx.query("update runs set status = 'completed', ended_at = $2 where id = any($1::uuid[])", [
      emptyRuns,
      now,
    ]);
  }
  return {
    started: inserted.rows.map((run) => ({ runId: run.id, flowId: run.flow_id, profileId: run.profile_id })),
    skipped: candidates.length - inserted.rows.length,
    claimed: insertedSteps
      .filter((step) => step.status === "running")
      .map((step) => {
        const run = runById.get(step.run_id)!;
        const candidate = candidateByRun.get(`${run.flow_id}:${run.trigger_key}`)!;
        return claimedFrom(step, {
          workspace_id: candidate.flow.workspaceId,
          flow_id: run.flow_id,
          flow_version_id: candidate.flow.versionId,
          profile_id: run.profile_id,
          event_id: run.event_id,
          is_test: run.is_test,
          replay_count: 0,
        });
      }),
  };
}

export type TRunRow = {
  id: string;
  flow_id: string;
  workspace_id: string;
  version_id: string;
  profile_id: string;
  event_id: string | null;
  trigger_key: string;
  is_test: boolean;
};

/**
 * The run a candidate starts, or null when the flow filters or the re-entry rule keep it out.
 * Its trigger key is the occurrence key, or "once:<profile>" for flows entered once.
 */
export function admitCandidate(
  candidate: TRunCandidate,
  subjects: ReadonlyMap<string, TEngineSubject>,
  lastStarts: ReadonlyMap<string, Date>,
  now: Date,
): TRunRow | null {
  const subject = subjects.get(candidate.profileId);
  if (!subject) return null;
  const { settings } = candidate.flow.graph;
  if (!evaluateConditions(settings.filters, { ...subject, profile: subject.profile, event: null, now }))
    return null;
  let triggerKey = candidate.occurrenceKey;
  if (!candidate.isTest) {
    if (settings.reentry.mode === "once") triggerKey = `once:${candidate.profileId}`;
    if (settings.reentry.mode === "after") {
      const last = lastStarts.get(`${candidate.flow.id}:${candidate.profileId}`);
      if (last && now.getTime() - last.getTime() < settings.reentry.hours * 3_600_000) return null;
    }
  }
  return runRowOf(candidate, triggerKey);
}

/** A new run's row for a candidate (its trigger key: the occurrence's, or the re-entry rule's). */
export function runRowOf(candidate: TRunCandidate, triggerKey = candidate.occurrenceKey): TRunRow {
  return {
    id: uuidv7(),
    flow_id: candidate.flow.id,
    workspace_id: candidate.flow.workspaceId,
    version_id: candidate.flow.versionId,
    profile_id: candidate.profileId,
    event_id: candidate.eventId,
    trigger_key: triggerKey,
    is_test: candidate.isTest ?? false,
  };
}

/** When each (flow, profile) last started a run: for candidates of flows with re-entry "after". */
export async function loadLastStarts(
  tx: TPgTx,
  candidates: readonly TRunCandidate[],
): Promise<Map<string, Date>> {
  const last = new Map<string, Date>();
  if (candidates.length === 0) return last;
  const rows = await tx.query<{ flow_id: string; profile_id: string; started_at: Date }>(
    `select flow_id, profile_id, max(started_at) as started_at from runs
     where (flow_id, profile_id) in (select * from unnest($1::uuid[], $2::uuid[]))
       and not is_test
     group by flow_id, profile_id`,
    [candidates.map((candidate) => candidate.flow.id), candidates.map((candidate) => candidate.profileId)],
  );
  for (const row of rows.rows) last.set(`${row.flow_id}:${row.profile_id}`, row.started_at);
  return last;
}
