import { isDatabaseOutOfResources } from "@/lib/api/is-database-out-of-resources";
import { isDatabaseUnavailable } from "@/lib/api/is-database-unavailable";
import { HookflowError } from "@/lib/errors";
import { GroupCommitBatcher } from "@/lib/ingestion/group-commit-batcher";
import type { TIngestEvent } from "@/lib/ingestion/to-ingest-events";
import { type TIngestOutcome, writeEventBatch } from "@/lib/ingestion/write-event-batch";

// Tuning, measured on the 2-core box (PostgreSQL 18 embedded, durable; handlers served by a plain
// node:http adapter rather than Next; autocannon at concurrency 64 on the same box; bodies as in
// bench/ingest.ts, 1,000 profiles):
//   HTTP + validation only (writer stubbed out)                       ~10,700 req/s  (ceiling)
//   7 statements per batch (begin, metrics, lookup, update, insert
//   profiles, insert events, commit)                                  ~2,200-3,000 events/s
//   + metric-id cache, one combined write statement (4 round trips)   ~3,000
//   + unchanged profiles not rewritten                                ~3,700 (busy box) - 4,700
// Batches then average ~20 events in ~7 ms. 2, 4 or 8 writes in flight and a linger of 0-3 ms all
// landed within noise (4,500-4,700/s): the box is CPU-bound, not waiting on round trips, so the
// defaults stay small (fewer connections taken from the pool shared with Prisma):
// - 500 events per write at most: bounds statement size and lock footprint.
// - 2 writes in flight: one batch is built and sent while the other waits for its commit.
// - 1 ms linger: an idle server answers a lone event in a few ms; a busy one batches from the
//   requests that arrive while a write is in flight.
const EVENT_BATCHER_OPTIONS = {
  maxBatchSize: 500,
  lingerMs: 1,
  maxConcurrentWrites: 2,
  shouldSplit,
};

/**
 * Whether a failed batch may contain one bad request that fails it for everyone (a value
 * PostgreSQL refuses, a bug on one input): then halving it finds the culprit. Not when the
 * database is out of reach, too slow (57014 statement timeout) or out of disk space or memory:
 * every half would fail the same way, only later.
 */
function shouldSplit(error: unknown): boolean {
  if (isDatabaseUnavailable(error) || isDatabaseOutOfResources(error) || error instanceof HookflowError)
    return false;
  return (error as { code?: unknown })?.code !== "57014";
}

export type TEventBatcher = GroupCommitBatcher<TIngestEvent, TIngestOutcome>;

export function createEventBatcher(options: Partial<typeof EVENT_BATCHER_OPTIONS> = {}): TEventBatcher {
  return new GroupCommitBatcher((events) => writeEventBatch(events, { atomic: false }), {
    ...EVENT_BATCHER_OPTIONS,
    ...options,
  });
}

const globalForBatcher = globalThis as unknown as { hookflowEventBatcher?: TEventBatcher };

/** The process's batcher (one per process; kept on globalThis so dev reloads do not fork it). */
export function eventBatcher(): TEventBatcher {
  globalForBatcher.hookflowEventBatcher ??= createEventBatcher();
  return globalForBatcher.hookflowEventBatcher;
}
