-- The claim's index was created under a 65-character name, which PostgreSQL cut to 63 (so the
-- schema and the database disagreed on it). Named explicitly, and in the schema (`map`).
ALTER INDEX "webhook_deliveries_event_webhook_id_status_next_attempt_at_id_i"
  RENAME TO "webhook_deliveries_claim_idx";
