import { type ChildProcess, fork } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { deployCodeFunction } from "@/lib/code/functions/deploy-code-function";
import { saveCodeDraft } from "@/lib/code/functions/save-code-draft";
import { readCodeSettings } from "@/lib/code/functions/settings-schema";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";

// The end-to-end pipeline of bench/e2e.ts (metric trigger → code step → webhook to a loopback
// receiver, engine in separate worker processes) as reusable parts for the soak and fault
// benches; bench/e2e.ts keeps its own copy (owned by the engine-perf work).

/** `busyMs`: CPU each invocation spends, so a fault bench finds invocations in flight. */
const codeSource = (busyMs: number) => `export default async function (event, profile) {
  const until = Date.now() + ${busyMs};
  while (Date.now() < until) {}
  return { locale: event?.properties?.customer_locale ?? "none" };
}
`;

export type TPipelineReceiver = {
  url: string;
  /** First arrival latency (ms after the event's time) by unique_id. */
  arrivals: Map<string, number>;
  /** Deliveries of an already delivered unique_id. */
  repeats: () => number;
  /** Deliveries whose body lacked the code step's output. */
  withoutCodeOutput: () => number;
  close: () => void;
};

export async function startPipelineReceiver(): Promise<TPipelineReceiver> {
  const arrivals = new Map<string, number>();
  let repeats = 0;
  let withoutCodeOutput = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        uniqueId: string;
        time: string;
        locale: string;
      };
      if (body.locale !== "de-DE") withoutCodeOutput++;
      if (arrivals.has(body.uniqueId)) repeats++;
      else arrivals.set(body.uniqueId, Date.now() - Date.parse(body.time));
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    repeats: () => repeats,
    withoutCodeOutput: () => withoutCodeOutput,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Deploys the code function and publishes trigger → code → webhook on `metric`. */
export async function publishPipelineFlow(
  workspaceId: string,
  receiverUrl: string,
  options: { metric?: string; busyMs?: number } = {},
) {
  const metric = options.metric ?? "Placed Order";
  process.env.HOOKFLOW_WEBHOOK_ALLOWLIST = "127.0.0.1/32";
  const metricId = await ensureMetric(workspaceId, metric);
  const created = await createCodeFunction({
    workspaceId,
    name: "pipeline locale",
    language: "javascript",
    template: "blank",
    userId: null,
  });
  const saved = await saveCodeDraft({
    workspaceId,
    functionId: created.id,
    source: codeSource(options.busyMs ?? 0),
    settings: readCodeSettings({ outputs: [{ name: "locale", type: "string", default: "" }] }),
    userId: null,
  });
  if (saved.compileErrors.length > 0) throw new Error(JSON.stringify(saved.compileErrors));
  await deployCodeFunction({ workspaceId, functionId: created.id, userId: null });
  await publishTestFlow({
    workspaceId,
    nodes: [
      {
        id: "trigger",
        type: "metric-trigger",
        position: { x: 0, y: 0 },
        config: { metricId, filters: { match: "all", groups: [] } },
      },
      { id: "code", type: "code", position: { x: 0, y: 0 }, config: { functionId: created.id } },
      {
        id: "hook",
        type: "webhook",
        position: { x: 0, y: 0 },
        config: {
          url: receiverUrl,
          headers: [],
          body: '{"uniqueId": "{{ event.unique_id }}", "time": "{{ event.time }}", "locale": "{{ outputs.code.locale }}"}',
        },
      },
    ],
    settings: { reentry: { mode: "always" } },
  });
}

/** One engine worker process (bench/lib/bench-worker.ts); resolves once it is ready. */
export function startPipelineWorker(
  databaseUrl: string,
  secrets: Record<string, string>,
): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, "bench-worker.ts"), {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      ...secrets,
      DATABASE_URL: databaseUrl,
      HOOKFLOW_WEBHOOK_ALLOWLIST: "127.0.0.1/32",
      CONCURRENCY: "4",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`pipeline worker exited with ${code}`)));
  });
}
