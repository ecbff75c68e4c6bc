import { createHash } from "node:crypto";

/**
 * The id of the run an event starts in a flow: the same on every attempt of the trigger job, so
 * its steps' idempotency keys ("<run id>:<node>:<replay>") are too. The trigger job's write
 * commits without waiting for its WAL flush (start-event-runs.ts): a crash can lose that commit
 * after the first round already sent a webhook; the retried job then recreates the run under the
 * same id, and the receiver sees the same webhook-id again (at-least-once, stable keys) rather
 * than a new one. An event starts at most one run per flow, so (flow, event) names the run.
 *
 * Shaped as a UUIDv7 with the event id's timestamp (event ids are UUIDv7 made at ingestion), so
 * runs still append near the right edge of the primary-key index; the other bits are a hash.
 */
export function eventRunId(flowId: string, eventId: string): string {
  const hash = createHash("sha256").update(`${flowId}:${eventId}`).digest();
  const bytes = Buffer.alloc(16);
  Buffer.from(eventId.replaceAll("-", "").slice(0, 12), "hex").copy(bytes, 0);
  hash.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
