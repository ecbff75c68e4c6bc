-- Per delivery at batch size 1 the ingestion transaction inserts a webhook_deliveries row and the
-- deliverer an attempt row. Each foreign key to workspaces is a per-row lookup plus a KEY SHARE
-- lock on the one hot workspace row every concurrent transaction locks (multixacts, WAL); on a
-- 20,000-row insert the two delivery checks were ~37 % of its execution (EXPLAIN ANALYZE). The
-- workspace keys enforce nothing the deletion paths need: a workspace's event deliveries leave
-- with its event webhooks, its flow deliveries with their steps (flows → runs → steps), attempts
-- with their deliveries (manage-event-webhooks.test.ts holds the event webhook path).
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_workspace_id_fkey";
ALTER TABLE "webhook_attempts" DROP CONSTRAINT "webhook_attempts_workspace_id_fkey";

-- Read only for deliveries still to send (the webhook list's and the summary's pending counts);
-- partial, a delivery's outcome (succeeded, failed) writes no entry here: 3 index entries per
-- outcome update instead of 4 (the update is not HOT: status is indexed).
DROP INDEX "webhook_deliveries_workspace_id_status_next_attempt_at_idx";
CREATE INDEX "webhook_deliveries_workspace_id_status_next_attempt_at_idx"
  ON "webhook_deliveries"("workspace_id", "status", "next_attempt_at")
  WHERE "status" IN ('pending', 'delivering');

-- The claim reads pending deliveries "order by next_attempt_at, id limit n": without id in the
-- key, every due pending row of the webhook was read and sorted on each claim (a seq scan and a
-- top-N sort of 19,000 rows, 32 ms; bench:webhooks ~1.6 ms per claim with its backlog). With it
-- the claim reads the first n entries of the index (0.9 ms with the same 19,000).
DROP INDEX "webhook_deliveries_event_webhook_id_status_next_attempt_at_idx";
CREATE INDEX "webhook_deliveries_event_webhook_id_status_next_attempt_at_id_idx"
  ON "webhook_deliveries"("event_webhook_id", "status", "next_attempt_at", "id")
  WHERE "status" IN ('pending', 'delivering');
