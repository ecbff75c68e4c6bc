-- An event webhook delivery's document is written once (sealed) and then only sent, byte for
-- byte the same on every attempt. As jsonb, PostgreSQL parsed it into jsonb on insert and printed
-- it back on every claim, and the deliverer parsed that and rebuilt the body (jsonb reorders keys).
-- As json the text is kept as written: new deliveries store the body itself
-- (lib/event-webhooks/batch-document.ts, toWireBody), sent as is. Rows already stored keep
-- jsonb's text (`{"data": [`), recognised and rebuilt as before (storedWireBody). Nothing queries
-- inside the payload; readers parse it (Prisma, the delivery log). Rewrites the table once.
ALTER TABLE "webhook_deliveries" ALTER COLUMN "payload" SET DATA TYPE JSON USING "payload"::json;
