-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "replay_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "steps" ADD COLUMN     "attempt_history" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "claim_job" BIGINT,
ADD COLUMN     "lease_until" TIMESTAMPTZ(3),
ADD COLUMN     "waiting_reason" TEXT;

-- CreateTable
CREATE TABLE "engine_workers" (
    "worker_id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "engine_workers_pkey" PRIMARY KEY ("worker_id")
);

-- CreateIndex
CREATE INDEX "engine_workers_heartbeat_at_idx" ON "engine_workers"("heartbeat_at");

-- CreateIndex
CREATE INDEX "runs_flow_id_profile_id_started_at_idx" ON "runs"("flow_id", "profile_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "steps_status_lease_until_idx" ON "steps"("status", "lease_until");
