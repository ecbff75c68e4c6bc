import { loadProfileIdentities } from "@/lib/audience/load-profile-identities";
import { resolveProfiles } from "@/lib/audience/resolve-profiles";
import { audienceChangesOf } from "@/lib/audience/segments/audience-changes";
import { reevaluateSegmentsForProfiles } from "@/lib/audience/segments/reevaluate-segments";
import type { HookflowError } from "@/lib/errors";
import { onEventsCommitted, type TCommittedEvent } from "@/lib/ingestion/on-events-committed";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import type { TIngestEvent } from "@/lib/ingestion/to-ingest-events";
import { metricRef, upsertMetrics } from "@/lib/ingestion/upsert-metrics";
import { type TEventRow, writeProfilesAndEvents } from "@/lib/ingestion/write-profiles-and-events";

export type TIngestOutcome =
  | { ok: true; eventId: string; isDuplicate: boolean; profileId: string }
  | { ok: false; error: HookflowError };

/**
 * Stores a batch of events in ONE transaction: BEGIN, metrics (usually cached: no statement),
 * profile lookup, one statement writing profiles and events, the engine hook, COMMIT — four round
 * trips whatever the batch size. Resolves only after COMMIT succeeded: an `ok` outcome means the
 * event is durable. Races with other writers are retried from the lookup (pg-transaction.ts).
 *
 * `atomic` (bulk requests): any request-level failure (an unknown profile id) aborts and rolls
 * back everything. Otherwise (the single-event batcher, where requests are unrelated) such a
 * request gets its own failed outcome and the others are stored.
 */
export async function writeEventBatch(
  events: readonly TIngestEvent[],
  options: { atomic: boolean },
): Promise<TIngestOutcome[]> {
  return withPgTransaction(async (tx, attempt) => {
    const metrics = await upsertMetrics(
      tx,
      events.map((event) => ({ workspaceId: event.workspaceId, name: event.metricName })),
      { fresh: attempt > 1 },
    );
    // The events of one bulk entry share one profile object: resolve it once, not per event
    // (applying the same changes twice has the same effect as once).
    const requestIndex = new Map<TIngestEvent["profile"], number>();
    const requests: { workspaceId: string; changes: TIngestEvent["profile"]; pointer: string }[] = [];
    const requestOf = events.map((event) => {
      let index = requestIndex.get(event.profile);
      if (index === undefined || requests[index]!.workspaceId !== event.workspaceId) {
        index =
          requests.push({
            workspaceId: event.workspaceId,
            changes: event.profile,
            pointer: event.profilePointer,
          }) - 1;
        requestIndex.set(event.profile, index);
      }
      return index;
    });
    const plan = resolveProfiles(requests, await loadProfileIdentities(tx, requests));
    if (options.atomic && plan.failures.size > 0) throw plan.failures.values().next().value!;

    const rows: (TEventRow & { event: TIngestEvent; isMessageMetric: boolean })[] = [];
    events.forEach((event, index) => {
      const profileId = plan.profileIds[requestOf[index]!];
      if (!profileId) return;
      const metric = metricRef(metrics, event.workspaceId, event.metricName);
      rows.push({
        id: event.id,
        workspaceId: event.workspaceId,
        metricId: metric.id,
        profileId,
        properties: event.properties,
        time: event.time,
        value: event.value,
        valueCurrency: event.valueCurrency,
        uniqueId: event.uniqueId,
        ...(event.origin
          ? { origin: event.origin.kind, originId: event.origin.id, depth: event.origin.depth }
          : {}),
        event,
        isMessageMetric: metric.isMessageMetric,
      });
    });
    const inserted = await writeProfilesAndEvents(tx, plan, rows);

    const committed: TCommittedEvent[] = rows
      .filter((row) => inserted.has(row.id))
      .map((row) => ({
        id: row.id,
        workspaceId: row.workspaceId,
        metricId: row.metricId,
        metricName: row.event.metricName,
        isMessageMetric: row.isMessageMetric,
        profileId: row.profileId,
        time: row.time,
        uniqueId: row.uniqueId,
        properties: row.properties,
        value: row.value,
        valueCurrency: row.valueCurrency,
        isBackfill: row.event.isBackfill,
        depth: row.depth ?? 0,
      }));
    // Segment membership of the batch's profiles, in the same transaction (joins start flows).
    await reevaluateSegmentsForProfiles(
      tx,
      audienceChangesOf({ inserts: plan.inserts, updates: plan.updates, events: committed }),
    );
    await onEventsCommitted(tx, committed);

    return events.map((event, index): TIngestOutcome => {
      const request = requestOf[index]!;
      const failure = plan.failures.get(request);
      if (failure) return { ok: false, error: failure };
      return {
        ok: true,
        eventId: event.id,
        isDuplicate: !inserted.has(event.id),
        profileId: plan.profileIds[request]!,
      };
    });
  });
}
