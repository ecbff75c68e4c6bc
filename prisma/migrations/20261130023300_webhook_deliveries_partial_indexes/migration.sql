-- Deliveries end succeeded or failed, and stay (the log): every index entry a delivery gets is
-- written, and the outcome's update is not HOT (status is indexed), so it writes every index of
-- the row again (bench:webhooks, docs/PERFORMANCE.md). Partial, three indexes skip the rows
-- their queries never read:
-- - (event_webhook_id, status, next_attempt_at): the deliverer's claim, dispatch's open batch,
--   the wake-up sweep (status = 'pending'), the deliverer's start (status = 'delivering'), the
--   webhook's pending count — only deliveries still to send;
-- - (event_webhook_id, replay_requested_at): the claim's replay arm (replay requested);
-- - (workspace_id, flow_id, node_id, created_at): a flow webhook node's log (flow_id = …).
-- A webhook's deletion (cascade by event_webhook_id) then reads
-- (workspace_id, event_webhook_id, created_at) by skip scan (PostgreSQL 18).
DROP INDEX "webhook_deliveries_event_webhook_id_status_next_attempt_at_idx";
CREATE INDEX "webhook_deliveries_event_webhook_id_status_next_attempt_at_idx"
  ON "webhook_deliveries"("event_webhook_id", "status", "next_attempt_at")
  WHERE "status" IN ('pending', 'delivering');

DROP INDEX "webhook_deliveries_event_webhook_id_replay_requested_at_idx";
CREATE INDEX "webhook_deliveries_event_webhook_id_replay_requested_at_idx"
  ON "webhook_deliveries"("event_webhook_id", "replay_requested_at")
  WHERE "replay_requested_at" IS NOT NULL;

DROP INDEX "webhook_deliveries_workspace_id_flow_id_node_id_created_at_idx";
CREATE INDEX "webhook_deliveries_workspace_id_flow_id_node_id_created_at_idx"
  ON "webhook_deliveries"("workspace_id", "flow_id", "node_id", "created_at" DESC)
  WHERE "flow_id" IS NOT NULL;
