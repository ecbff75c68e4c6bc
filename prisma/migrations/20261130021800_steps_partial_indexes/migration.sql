-- Steps end completed, skipped or failed, and stay: every index entry a finished step gets is
-- written (each step's completion is a non-HOT update: status is indexed) and never read by the
-- queries these two indexes serve. Partial, they hold only the steps still in flight.
-- - (status, lease_until): the sweeper's expired leases (status = 'running'), the review queue
--   (status = 'waiting');
-- - claim_job: a retried job re-claiming its steps (claim_job = $job; null once a step ends).
DROP INDEX "steps_status_lease_until_idx";
CREATE INDEX "steps_status_lease_until_idx" ON "steps"("status", "lease_until")
  WHERE "status" IN ('scheduled', 'running', 'waiting');

DROP INDEX "steps_claim_job_idx";
CREATE INDEX "steps_claim_job_idx" ON "steps"("claim_job") WHERE "claim_job" IS NOT NULL;
