-- Per-endpoint request rate limit (issue 5): at most max_requests_per_second request starts per
-- second (0 = no limit). rate_next_slot_at is the limiter's state, shared by every worker process:
-- the deliverer reserves send slots 1/rate apart from it in its claim transaction.
ALTER TABLE "event_webhooks" ADD COLUMN "max_requests_per_second" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "event_webhooks" ADD COLUMN "rate_next_slot_at" TIMESTAMPTZ(6);
