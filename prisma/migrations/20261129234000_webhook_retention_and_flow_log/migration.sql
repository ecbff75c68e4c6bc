-- Webhook delivery log retention per workspace (days a delivery and its attempts are kept after
-- their last change; lib/webhooks/retention).
ALTER TABLE "workspaces" ADD COLUMN "webhook_retention_days" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_webhook_retention_days_check"
  CHECK ("webhook_retention_days" BETWEEN 1 AND 365);

-- A flow webhook delivery's flow and node, copied from its step so the node's delivery log and
-- stats read one index range instead of joining every step the node ever ran.
ALTER TABLE "webhook_deliveries" ADD COLUMN "flow_id" UUID,
ADD COLUMN "node_id" TEXT;

UPDATE "webhook_deliveries" d
SET "flow_id" = r."flow_id", "node_id" = s."node_id"
FROM "steps" s JOIN "runs" r ON r."id" = s."run_id"
WHERE d."step_id" = s."id";

-- CreateIndex
CREATE INDEX "webhook_deliveries_workspace_id_flow_id_node_id_created_at_idx" ON "webhook_deliveries"("workspace_id", "flow_id", "node_id", "created_at" DESC);
