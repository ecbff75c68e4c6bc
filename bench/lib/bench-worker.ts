// A worker process for bench/e2e.ts: the real engine (startEngine) with the product's step
// handlers — the real webhook handler (Liquid body, Standard Webhooks signature, SSRF-guarded
// keep-alive agent, every attempt recorded) — except the code node, whose runtime belongs to a
// later issue: here it runs nothing and returns one output. Env: DATABASE_URL, CONCURRENCY,
// HOOKFLOW_WEBHOOK_ALLOWLIST (the loopback receiver), HOOKFLOW_APP_KEY.
import { createDatabase } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { startEngine } from "@/lib/engine/start-engine";

async function main() {
  const concurrency = Number(process.env.CONCURRENCY ?? 4);
  const database = createDatabase(process.env.DATABASE_URL as string, concurrency + 4);
  (globalThis as { hookflowDb?: typeof database }).hookflowDb = database;
  const engine = await startEngine({
    database: database.pool,
    concurrency,
    handlers: {
      ...STEP_HANDLERS,
      code: {
        type: "code",
        maxAttempts: 1,
        timeoutMs: 5_000,
        execute: async () => ({ output: { ok: true } }),
      },
    },
  });
  process.on("SIGTERM", () => {
    void engine.stop().then(() => process.exit(0));
  });
  process.send?.("ready");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
