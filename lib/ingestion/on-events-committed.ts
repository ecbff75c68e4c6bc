import type { TPgTx } from "@/lib/ingestion/pg-transaction";

export type TCommittedEvent = {
  id: string;
  workspaceId: string;
  metricId: string;
  metricName: string;
  isMessageMetric: boolean;
  profileId: string;
  time: Date;
  uniqueId: string;
  properties: Record<string, unknown>;
  value: number | null;
  valueCurrency: string | null;
  /** Klaviyo's `backfill`: historical data that must not start flows (not stored; passed here). */
  isBackfill: boolean;
};

/**
 * THE hook between ingestion and the execution engine. Called with every newly stored event
 * (repeated unique_ids excluded) INSIDE the transaction that stores them, just before COMMIT:
 * whatever is written through `tx` commits or rolls back together with the events, and the API
 * answers 202 only after that commit. This is where flow triggers (metric-triggered flows; never
 * for message metrics), event-webhook deliveries and code-function invocations will be enqueued
 * as rows, never sent from here. Keep it to a few multi-row INSERTs: it runs once per batch on
 * the ingestion hot path, and a throw fails the whole batch (the clients get an error, not 202).
 *
 * Deliberately empty until the engine exists (issue: execution engine).
 */
export async function onEventsCommitted(_tx: TPgTx, _events: readonly TCommittedEvent[]): Promise<void> {}
