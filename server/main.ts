// Hookflow's web process: one node:http server. The Klaviyo-compatible API is dispatched straight
// to its route handlers (lib/http/api-routes.ts: Next's pipeline caps out far below the ingestion
// target); everything else — pages, server actions, Auth.js, the UI's endpoints — goes to Next.
// Unless HOOKFLOW_WORKER=0 it also runs the engine's queue workers and scheduler (lib/engine).
// Started by scripts/start.ts, which has already chosen the database and applied migrations.
import http from "node:http";
import path from "node:path";
import next from "next";
import { closeCodeRuntime } from "@/lib/code/runtime";
import { pool } from "@/lib/db/prisma";
import { startEngine } from "@/lib/engine/start-engine";
import { parseEnv } from "@/lib/env";
import { dispatchApiRequest } from "@/lib/http/api-routes";
import { continueUnlessOverloaded } from "@/lib/http/refuse-overloaded";
import { eventBatcher } from "@/lib/ingestion/event-batcher";
import { moduleLog } from "@/lib/log";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = parseEnv(process.env);
  const isDev = process.argv.includes("--dev");
  const app = next({ dev: isDev, dir: ROOT, port: config.PORT });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();

  const origin = `http://localhost:${config.PORT}`;
  const serve: http.RequestListener = (incoming, outgoing) => {
    dispatchApiRequest(incoming, outgoing, origin)
      .then((isHandled) => (isHandled ? undefined : handleWithNext(incoming, outgoing)))
      .catch((error: unknown) => {
        // The route handlers answer their own errors (handleApiError); reaching here is a bug.
        moduleLog("server").error(
          { err: error, method: incoming.method, url: incoming.url },
          "unhandled error",
        );
        if (!outgoing.headersSent) {
          outgoing.writeHead(500, { "content-type": "application/vnd.api+json" });
          outgoing.end(
            JSON.stringify({ errors: [{ status: "500", code: "error", title: "Internal server error" }] }),
          );
        } else {
          outgoing.destroy();
        }
      });
  };
  const server = http.createServer(serve);
  // `Expect: 100-continue` is answered by the ingestion gate, not by node:http's automatic 100.
  server.on("checkContinue", continueUnlessOverloaded(serve));
  // One command, a working system: the engine's workers and scheduler run here unless separate
  // worker processes are deployed (HOOKFLOW_WORKER=0; docs/DEPLOYMENT.md).
  const engine = config.HOOKFLOW_WORKER
    ? await startEngine({ database: pool(), concurrency: config.HOOKFLOW_WORKER_CONCURRENCY })
    : null;

  server.keepAliveTimeout = 65_000;
  server.listen(config.PORT, () => moduleLog("server").info({ origin }, "listening"));

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    // Stop accepting, then answer everything already accepted before leaving: an event whose
    // request was read is written and acknowledged, never dropped with the process.
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    const timeout = setTimeout(() => {
      moduleLog("server").warn("shutdown grace period over; closing remaining connections");
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    await eventBatcher().drain();
    await closed;
    await engine?.stop();
    // Test runs from the Code page use the runtime here even without the engine.
    await closeCodeRuntime();
    clearTimeout(timeout);
    await app.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error) => {
  console.error(`[hookflow] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
