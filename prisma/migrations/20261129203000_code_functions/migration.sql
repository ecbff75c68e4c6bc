-- CreateEnum
CREATE TYPE "CodeInvocationStatus" AS ENUM ('ok', 'error', 'timeout', 'memory', 'crashed', 'stopped');

-- AlterTable
ALTER TABLE "code_functions" ADD COLUMN     "created_by_id" UUID,
ADD COLUMN     "deployed_at" TIMESTAMPTZ(3),
ADD COLUMN     "updated_by_id" UUID;

-- CreateTable
CREATE TABLE "code_invocations" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "function_id" UUID NOT NULL,
    "version_id" UUID,
    "trigger" TEXT NOT NULL,
    "run_id" UUID,
    "step_id" UUID,
    "profile_id" UUID,
    "trigger_event_id" UUID,
    "metric_name" TEXT,
    "dispatch_key" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "is_test" BOOLEAN NOT NULL DEFAULT false,
    "is_dry_run" BOOLEAN NOT NULL DEFAULT false,
    "status" "CodeInvocationStatus" NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "cpu_ms" DOUBLE PRECISION,
    "memory_bytes" INTEGER,
    "logs" JSONB NOT NULL DEFAULT '[]',
    "logs_truncated" BOOLEAN NOT NULL DEFAULT false,
    "error" JSONB,
    "fetches" JSONB NOT NULL DEFAULT '[]',
    "sdk_calls" JSONB NOT NULL DEFAULT '[]',
    "return_value" JSONB,
    "outputs" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "code_invocations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "code_function_rate_windows" (
    "function_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "code_function_rate_windows_pkey" PRIMARY KEY ("function_id")
);

-- CreateIndex
CREATE INDEX "code_invocations_function_id_created_at_id_idx" ON "code_invocations"("function_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "code_invocations_workspace_id_created_at_idx" ON "code_invocations"("workspace_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "code_invocations_function_id_dispatch_key_key" ON "code_invocations"("function_id", "dispatch_key");

-- AddForeignKey
ALTER TABLE "code_invocations" ADD CONSTRAINT "code_invocations_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "code_invocations" ADD CONSTRAINT "code_invocations_function_id_fkey" FOREIGN KEY ("function_id") REFERENCES "code_functions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "code_invocations" ADD CONSTRAINT "code_invocations_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "code_function_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "code_function_rate_windows" ADD CONSTRAINT "code_function_rate_windows_function_id_fkey" FOREIGN KEY ("function_id") REFERENCES "code_functions"("id") ON DELETE CASCADE ON UPDATE CASCADE;


