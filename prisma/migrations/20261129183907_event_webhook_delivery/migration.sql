-- AlterTable
ALTER TABLE "event_webhooks" ADD COLUMN     "disable_after_failing_days" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "failing_since" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "event_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "event_ids" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "is_test" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "replay_requested_at" TIMESTAMPTZ(3),
ADD COLUMN     "topics" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "webhook_deliveries_event_webhook_id_status_next_attempt_at_idx" ON "webhook_deliveries"("event_webhook_id", "status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_event_webhook_id_replay_requested_at_idx" ON "webhook_deliveries"("event_webhook_id", "replay_requested_at");
