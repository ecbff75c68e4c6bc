-- CreateTable
CREATE TABLE "segment_membership_changes" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" UUID NOT NULL,
    "segment_id" UUID NOT NULL,
    "profile_id" UUID NOT NULL,
    "change" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_membership_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_size_snapshots" (
    "workspace_id" UUID NOT NULL,
    "segment_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "size" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_size_snapshots_pkey" PRIMARY KEY ("segment_id","day")
);

-- CreateIndex
CREATE INDEX "segment_membership_changes_segment_id_at_idx" ON "segment_membership_changes"("segment_id", "at");

-- CreateIndex
CREATE INDEX "segment_membership_changes_profile_id_at_idx" ON "segment_membership_changes"("profile_id", "at");

-- CreateIndex
CREATE INDEX "segment_size_snapshots_workspace_id_idx" ON "segment_size_snapshots"("workspace_id");
