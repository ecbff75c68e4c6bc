// A worker process for bench/e2e.ts: the real engine (startEngine) with the product's step
// handlers, unchanged: the code step runs the deployed function in the code runtime's runner
// process (isolated-vm), the webhook step renders, signs, sends through the SSRF-guarded keep-alive
// agent and records the attempt. Env: DATABASE_URL, CONCURRENCY, HOOKFLOW_WEBHOOK_ALLOWLIST (the
// loopback receiver), HOOKFLOW_APP_KEY.
import pg from "pg";
import { createDatabase } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { startEngine } from "@/lib/engine/start-engine";

// Round trips to PostgreSQL this process made (every pg client: the engine's and the queue's),
// reported on the "stats" message: the engine's cost is counted in round trips (docs/decisions.md).
let queries = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
process.on("message", (message) => {
  if (message === "stats") process.send?.({ queries });
});

async function main() {
  const concurrency = Number(process.env.CONCURRENCY ?? 4);
  const database = createDatabase(process.env.DATABASE_URL as string, concurrency + 4);
  (globalThis as { hookflowDb?: typeof database }).hookflowDb = database;
  const engine = await startEngine({ database: database.pool, concurrency, handlers: STEP_HANDLERS });
  process.on("SIGTERM", () => {
    void engine.stop().then(() => process.exit(0));
  });
  process.send?.("ready");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
