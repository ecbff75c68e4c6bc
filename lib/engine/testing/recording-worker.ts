// Test-only worker process for the reliability tests (lib/engine/reliability): the real engine
// (startEngine: queue workers + scheduler, as `npm run worker`) with a stand-in webhook handler
// that POSTs each step to a loopback receiver, so tests can spawn real processes, kill -9 them,
// and count deliveries per idempotency key. Not a product entry point: the webhook handler
// belongs to the webhooks issue.
//
//   DATABASE_URL=… RECEIVER_URL=http://127.0.0.1:PORT/hook CONCURRENCY=4 \
//     node node_modules/tsx/dist/cli.mjs lib/engine/testing/recording-worker.ts
//
// Tests start it with `node --import tsx <this file>` instead: the tsx CLI runs the script in a
// child process of its own, so SIGKILL to the CLI's pid would leave the worker running.
// Prints one line `RECORDING_WORKER_READY {"pid":…,"processId":…}` once its queue workers run.
// SIGTERM/SIGINT: graceful stop (running jobs finish), exit 0.
import { z } from "zod";
import { createDatabase } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { startEngine } from "@/lib/engine/start-engine";
import { StepError, type TStepHandler } from "@/lib/engine/step-handler";

// Parsed by lib/engine/reliability/recording-workers.ts (spawnRecordingWorker).
const READY_LINE = "RECORDING_WORKER_READY";

const ZWorkerEnv = z.object({
  DATABASE_URL: z.string().startsWith("postgres", "DATABASE_URL must be a postgresql:// URL"),
  RECEIVER_URL: z.url("RECEIVER_URL must be the receiver's http://127.0.0.1:PORT/… URL"),
  CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Heartbeat period; the tests shorten it so a 1 s dead-worker threshold never hits a live one. */
  HEARTBEAT_MS: z.coerce.number().int().min(50).default(5_000),
  RETRY_BASE_MS: z.coerce.number().int().min(1).default(5_000),
  POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(500),
});

function readEnv() {
  const parsed = ZWorkerEnv.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`recording worker: invalid environment\n  ${problems.join("\n  ")}`);
}

/** POSTs the step to the receiver with its idempotency key; a non-2xx answer is a retryable failure. */
function loopbackWebhookHandler(receiverUrl: string): TStepHandler<"webhook"> {
  return {
    type: "webhook",
    maxAttempts: 5,
    timeoutMs: 10_000,
    async execute(context) {
      const response = await fetch(receiverUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": context.step.idempotencyKey },
        body: JSON.stringify({
          runId: context.run.id,
          nodeId: context.step.nodeId,
          attempt: context.step.attempt,
          eventId: context.event?.id ?? null,
          // Lets a test see how the work spread over worker processes.
          workerPid: process.pid,
        }),
        signal: context.signal,
      });
      // Read to the end so the keep-alive connection returns to undici's pool.
      await response.text();
      if (!response.ok) throw new StepError(`receiver answered ${response.status}`);
      return { output: { status: response.status } };
    },
  };
}

async function main() {
  const env = readEnv();
  const database = createDatabase(env.DATABASE_URL, env.CONCURRENCY + 4);
  // The process database, as worker/main.ts registers it (lib/db/prisma's `prisma` and `pool()`).
  (globalThis as { hookflowDb?: typeof database }).hookflowDb = database;
  const engine = await startEngine({
    database: database.pool,
    concurrency: env.CONCURRENCY,
    heartbeatMs: env.HEARTBEAT_MS,
    pollIntervalMs: env.POLL_INTERVAL_MS,
    handlers: { ...STEP_HANDLERS, webhook: loopbackWebhookHandler(env.RECEIVER_URL) },
    engine: { retryBaseMs: env.RETRY_BASE_MS },
  });
  console.log(`${READY_LINE} ${JSON.stringify({ pid: process.pid, processId: engine.processId })}`);

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    await engine.stop();
    await database.pool.end();
    await database.prisma.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(
    `[recording worker] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
