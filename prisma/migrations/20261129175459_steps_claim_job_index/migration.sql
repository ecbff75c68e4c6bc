-- CreateIndex
CREATE INDEX "steps_claim_job_idx" ON "steps"("claim_job");
