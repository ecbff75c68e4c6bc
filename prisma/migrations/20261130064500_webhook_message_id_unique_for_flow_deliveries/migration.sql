-- The unique index on message_id serves the flow webhook step's upsert (one delivery per
-- webhook-id: `on conflict (message_id) where event_webhook_id is null`, lib/webhooks/record-attempt.ts).
-- An event webhook delivery's webhook-id is a SHA-256 of its own id (message-id.ts), unique with
-- its primary key, and nothing looks event deliveries up by it; yet each got a unique-checked
-- entry when inserted and another at its outcome (that update is not HOT: status is indexed).
-- Partial: event deliveries (event_webhook_id set) are left out.
DROP INDEX "webhook_deliveries_message_id_key";
CREATE UNIQUE INDEX "webhook_deliveries_message_id_key" ON "webhook_deliveries"("message_id")
  WHERE "event_webhook_id" IS NULL;
