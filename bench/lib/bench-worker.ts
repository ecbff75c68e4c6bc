// A worker process for bench/e2e.ts: the real engine (startEngine) with bench step handlers for
// the two node types whose own handlers belong to later issues — a webhook handler that POSTs a
// small JSON body to the node's URL over keep-alive HTTP (no templating, no signing), and a code
// handler that runs nothing and returns one output. Everything else (queue, triggers, runs,
// steps, commits) is the product's code. Env: DATABASE_URL, CONCURRENCY.
import http from "node:http";
import { createDatabase } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { startEngine } from "@/lib/engine/start-engine";
import { StepError } from "@/lib/engine/step-handler";

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", agent, signal, headers: { "content-type": "application/json", ...headers } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function main() {
  const concurrency = Number(process.env.CONCURRENCY ?? 4);
  const database = createDatabase(process.env.DATABASE_URL as string, concurrency + 4);
  (globalThis as { hookflowDb?: typeof database }).hookflowDb = database;
  const engine = await startEngine({
    database: database.pool,
    concurrency,
    handlers: {
      ...STEP_HANDLERS,
      code: { type: "code", maxAttempts: 1, timeoutMs: 5_000, execute: async () => ({ output: { ok: true } }) },
      webhook: {
        type: "webhook",
        maxAttempts: 5,
        timeoutMs: 10_000,
        async execute(context) {
          const body = JSON.stringify({ uniqueId: context.event?.uniqueId, time: context.event?.time });
          const status = await post(context.node.config.url, body, { "webhook-id": context.step.idempotencyKey }, context.signal);
          if (status < 200 || status >= 300) throw new StepError(`receiver answered ${status}`);
          return { output: { status } };
        },
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
