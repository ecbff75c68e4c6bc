-- DropForeignKey
ALTER TABLE "events" DROP CONSTRAINT "events_metric_id_fkey";

-- DropForeignKey
ALTER TABLE "events" DROP CONSTRAINT "events_workspace_id_fkey";

-- DropIndex
DROP INDEX "events_workspace_id_metric_id_time_id_idx";

-- DropIndex
DROP INDEX "events_workspace_id_profile_id_time_id_idx";

-- DropIndex
DROP INDEX "events_workspace_id_time_id_idx";

-- CreateIndex
CREATE INDEX "events_workspace_id_time_id_idx" ON "events"("workspace_id", "time", "id");

-- CreateIndex
CREATE INDEX "events_metric_id_time_id_idx" ON "events"("metric_id", "time", "id");

-- CreateIndex
CREATE INDEX "events_profile_id_time_id_idx" ON "events"("profile_id", "time", "id");
