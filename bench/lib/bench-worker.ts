// A worker process for bench/e2e.ts: the real engine (startEngine) with the product's step
// handlers, unchanged: the code step runs the deployed function in the code runtime's runner
// process (isolated-vm), the webhook step renders, signs, sends through the SSRF-guarded keep-alive
// agent and records the attempt. Env: DATABASE_URL, CONCURRENCY, HOOKFLOW_WEBHOOK_ALLOWLIST (the
// loopback receiver), HOOKFLOW_APP_KEY.
import { writeFileSync } from "node:fs";
import pg from "pg";
import { createDatabase } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { startEngine } from "@/lib/engine/start-engine";

// Round trips to PostgreSQL this process made (every pg client: the engine's and the queue's),
// reported on the "stats" message: the engine's cost is counted in round trips (docs/decisions.md).
let queries = 0;
// BENCH_TRACE_FILE: each round trip's start (epoch ms), duration, connection and SQL head, written
// at exit — where a lone event's time goes inside the worker (bench:e2e --trace).
const traceFile = process.env.BENCH_TRACE_FILE;
const trace: string[] = [];
const connectionIds = new WeakMap<pg.Client, number>();
let connections = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++;
  const done = traceFile && trace.length < 500_000 ? traceStart(this, args[0]) : null;
  if (done) {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function")
      args[last] = (...results: unknown[]) => {
        done();
        return callback(...results);
      };
  }
  const result = (query as (...a: unknown[]) => unknown).apply(this, args);
  if (done && result instanceof Promise) result.then(done, done);
  return result;
} as typeof query;
process.on("message", (message) => {
  if (message === "stats") process.send?.({ queries });
});

function traceStart(client: pg.Client, first: unknown): () => void {
  const started = performance.timeOrigin + performance.now();
  if (!connectionIds.has(client)) connectionIds.set(client, ++connections);
  const id = connectionIds.get(client);
  const sql = typeof first === "string" ? first : ((first as { text?: string })?.text ?? "?");
  const head = sql.replace(/\s+/g, " ").slice(0, 100);
  let isDone = false;
  return () => {
    if (isDone) return;
    isDone = true;
    const took = performance.timeOrigin + performance.now() - started;
    trace.push(`${started.toFixed(2)}\t${took.toFixed(2)}\t${id}\t${head}`);
  };
}

async function main() {
  const concurrency = Number(process.env.CONCURRENCY ?? 4);
  // BENCH_WORKER_GENERIC_PLANS=1: the worker's connections plan named statements once
  // (plan_cache_mode force_generic_plan) — an experiment, not the product's setting: a generic
  // plan made while a table is young outlives its growth until the next ANALYZE (PERFORMANCE.md).
  const url = new URL(process.env.DATABASE_URL as string);
  if (process.env.BENCH_WORKER_GENERIC_PLANS)
    url.searchParams.set("options", "-c plan_cache_mode=force_generic_plan");
  const database = createDatabase(url.toString(), concurrency + 4);
  (globalThis as { hookflowDb?: typeof database }).hookflowDb = database;
  const engine = await startEngine({ database: database.pool, concurrency, handlers: STEP_HANDLERS });
  process.on("SIGTERM", () => {
    if (traceFile) writeFileSync(traceFile, `${trace.sort().join("\n")}\n`);
    void engine.stop().then(() => process.exit(0));
  });
  process.send?.("ready");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
