import type pg from "pg";
import { preloadFunction } from "@/lib/code/preloaded-functions";
import { claimedFrom } from "@/lib/engine/commit-round";
import { type TNewStep, type TStepClaim, toStepRows } from "@/lib/engine/create-steps";
import { eventRunId } from "@/lib/engine/event-run-id";
import { engineFlowsOf } from "@/lib/engine/load-flows";
import { batchAudiences, preloadStepBatch, type TClaimedStep } from "@/lib/engine/load-step-batch";
import { loadMemberships, type TEngineSubject } from "@/lib/engine/load-subjects";
import { loadTriggerBatch, type TTriggerEvent } from "@/lib/engine/load-trigger-batch";
import { insertEventRuns, type TEventRunRow } from "@/lib/engine/start-event-runs";
import { admitCandidate, loadLastStarts, runRowOf, type TRunCandidate } from "@/lib/engine/start-runs";
import type { TEngineEvent } from "@/lib/engine/step-handler";
import { successorsOf } from "@/lib/engine/successors";
import { env } from "@/lib/env";
import { evaluateConditions } from "@/lib/flows/evaluate-conditions";
import { isActionNode } from "@/lib/flows/graph-schema";
import { moduleLog } from "@/lib/log";

/**
 * Write-back chains deeper than this start no runs (a code function feeding its own trigger):
 * HOOKFLOW_MAX_EVENT_DEPTH, default 5.
 */
export function maxEventDepth(): number {
  return env().HOOKFLOW_MAX_EVENT_DEPTH;
}

/**
 * The trigger_events job: starts the metric-triggered runs for a batch of newly stored events.
 * Message-metric events never start flows (the seed's rule) — even a flow forced into the
 * database with such a trigger. Idempotent: a retried job finds the runs already there.
 *
 * Two round trips when nothing is uncached: one read (loadTriggerBatch: events, absorbed jobs'
 * events, flows, profiles) and one write that commits on its own (insertEventRuns: absorbed jobs
 * taken, runs, first steps). With a claim, the first steps are created claimed by the job and
 * their first round reuses what was read here (preloadStepBatch) instead of reading it again.
 */
export async function triggerEvents(
  eventIds: readonly string[],
  options: {
    database: pg.Pool;
    now?: () => Date;
    maxDepth?: number;
    claim?: Omit<TStepClaim, "now">;
    /** Also take up to this many other waiting trigger jobs' events (see loadTriggerBatch). */
    absorbJobs?: number;
  },
): Promise<{ started: number; claimed: TClaimedStep[] }> {
  const maxDepth = options.maxDepth ?? maxEventDepth();
  const { database } = options;
  const now = options.now?.() ?? new Date();
  const batch = await loadTriggerBatch(database, eventIds, options.absorbJobs ?? 0);
  const flows = await engineFlowsOf(database, batch.flows, "metric-trigger");
  const subjects = new Map<string, TEngineSubject>();
  for (const profile of batch.profiles.values())
    subjects.set(profile.id, { profile, listIds: new Set(), segmentIds: new Set() });
  // The memberships both the flow filters and the first round's conditions need, at once.
  await loadMemberships(database, subjects, batchAudiences(flows.map((flow) => flow.graph)));
  const candidates: (TRunCandidate & { eventId: string; jobId: string | null; isTooDeep: boolean })[] = [];
  for (const event of batch.events) {
    if (event.is_message_metric) continue;
    for (const flow of flows) {
      if (flow.workspaceId !== event.workspace_id || flow.trigger.type !== "metric-trigger") continue;
      if (flow.trigger.config.metricId !== event.metric_id) continue;
      const subject = { profile: {}, event, listIds: new Set<string>(), segmentIds: new Set<string>(), now };
      if (!evaluateConditions(flow.trigger.config.filters, subject)) continue;
      candidates.push({
        flow,
        profileId: event.profile_id,
        eventId: event.id,
        occurrenceKey: `event:${event.id}`,
        jobId: event.job_id,
        isTooDeep: event.depth > maxDepth,
      });
    }
  }
  if (candidates.length === 0 && batch.jobIds.length === 0) return { started: 0, claimed: [] };
  const lastStarts = await loadLastStarts(
    database,
    candidates.filter(
      (candidate) => !candidate.isTooDeep && candidate.flow.graph.settings.reentry.mode === "after",
    ),
  );
  const claim = options.claim ? { ...options.claim, now } : null;
  const runs: TEventRunRow[] = [];
  const steps: TNewStep[] = [];
  const loopError = `Stopped: this event was produced by a chain of more than ${maxDepth} code write-backs (a loop between a flow and a code function?)`;
  for (const candidate of candidates) {
    if (candidate.isTooDeep) {
      // A write-back loop is stopped visibly: the run it would have started is recorded as
      // failed with the reason, so the flow's runs page shows it (and nothing else happens).
      const id = eventRunId(candidate.flow.id, candidate.eventId);
      runs.push({ ...runRowOf(candidate), id, status: "failed", error: loopError, job_id: candidate.jobId });
      continue;
    }
    const admitted = admitCandidate(candidate, subjects, lastStarts, now);
    if (!admitted) continue;
    // The same id on every attempt: the write below is not flushed before the first round runs.
    const row = { ...admitted, id: eventRunId(candidate.flow.id, candidate.eventId) };
    const first = successorsOf(candidate.flow.graph, candidate.flow.trigger.id, null).map((node) => ({
      workspaceId: candidate.flow.workspaceId,
      runId: row.id,
      replayCount: 0,
      node,
      scheduledFor: null,
      needsReview: candidate.flow.status === "manual",
    }));
    steps.push(...first);
    // Runs whose first steps all wait for review (manual flows) are waiting, not running.
    const isWaiting = first.length > 0 && first.every((step) => step.needsReview && isActionNode(step.node));
    const status = first.length === 0 ? "completed" : isWaiting ? "waiting" : "running";
    runs.push({ ...row, status, error: null, job_id: candidate.jobId });
  }
  const tooDeep = runs.filter((run) => run.status === "failed").length;
  if (tooDeep > 0) moduleLog("engine").warn({ runs: tooDeep, maxDepth }, "write-back loop stopped");
  const stepRows = toStepRows(steps, claim);
  const codeSteps = new Map<string, string>();
  steps.forEach((step, index) => {
    const row = stepRows[index]!;
    if (row.claim_job !== null && step.node.type === "code" && step.node.config.functionId)
      codeSteps.set(row.id, step.node.config.functionId);
  });
  const inserted = await insertEventRuns(database, {
    runs,
    steps: stepRows,
    jobIds: batch.jobIds,
    now,
    leaseMs: claim?.leaseMs ?? 0,
    functionIds: [...new Set(codeSteps.values())],
  });
  const functions = new Map(inserted.functions.map((row) => [row.id, row]));
  for (const step of inserted.steps) {
    const row = functions.get(codeSteps.get(step.id) ?? "");
    if (row && step.status === "running") preloadFunction(step.id, row);
  }
  const runById = new Map(runs.map((run) => [run.id, run]));
  const claimed = inserted.steps
    .filter((step) => step.status === "running")
    .map((step) => {
      const run = runById.get(step.run_id)!;
      return claimedFrom(step, {
        workspace_id: run.workspace_id,
        flow_id: run.flow_id,
        flow_version_id: run.version_id,
        profile_id: run.profile_id,
        event_id: run.event_id,
        is_test: false,
        replay_count: 0,
      });
    });
  preloadStepBatch(claimed, {
    graphs: new Map(flows.map((flow) => [flow.versionId, flow.graph])),
    flowStatus: new Map(flows.map((flow) => [flow.id, flow.status])),
    subjects,
    events: new Map(batch.events.map((event) => [event.id, engineEventOf(event)])),
    // New runs: no step has completed yet, so no code output to show later steps.
    outputs: new Map(),
  });
  return {
    started: inserted.runIds.filter((id) => runById.get(id)?.status !== "failed").length,
    claimed,
  };
}

function engineEventOf(event: TTriggerEvent): TEngineEvent {
  return {
    id: event.id,
    metricId: event.metric_id,
    metricName: event.metric_name,
    properties: event.properties,
    time: event.time,
    uniqueId: event.unique_id,
    value: event.value,
    depth: event.depth,
  };
}
