// `npm run bench:soak [-- --minutes 30 --rate N --step-seconds 60 --port 3203 --out docs/soak]`
// Soak (issue 8): the end-to-end pipeline of bench/e2e.ts (production web process with
// HOOKFLOW_WORKER=0, one engine worker process with its code runner, metric trigger → code step →
// webhook to a loopback receiver) at a steady 50 % of the measured maximum delivered rate for N
// minutes. Each step (a minute by default): memory of the web process, the worker, the code
// runner and PostgreSQL (all its processes), split by kind (bench/lib/process-memory.ts: private
// anonymous memory vs shared buffers vs files) — the median of samples every 5 s, so one sample
// taken just after the code runner was replaced by a fresh one (runner-process.ts) or in a GC
// does not stand for the minute — the API's p99 and the end-to-end p99 (event time
// → arrival at the receiver) of that step's events. At the end: loss (every 2xx event delivered
// and stored), the trend of each group's private memory (least-squares MiB/min over the second
// half; PostgreSQL's total rises while its backends touch the shared buffer pool, which is not
// growth) — written as CSV + SVG to docs/ (bench/lib/soak-outputs.ts).
// The maximum: closed loop at 64 connections for 20 s, delivered events / (last arrival − start),
// or --rate to give the soak rate directly.
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startBenchServer } from "./lib/bench-server";
import { publishPipelineFlow, startPipelineReceiver, startPipelineWorker } from "./lib/e2e-pipeline";
import { percentile, runEventLoad, storedIds } from "./lib/event-load";
import { processTree } from "./lib/process-cpu";
import { groupMemory, medianMemory } from "./lib/process-memory";
import { memoryTrends, type TSoakRow, writeSoakOutputs } from "./lib/soak-outputs";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "30" },
    rate: { type: "string" },
    port: { type: "string", default: "3203" },
    "step-seconds": { type: "string", default: "60" },
    out: { type: "string", default: "docs/soak" },
  },
});
const MINUTES = Number(values.minutes);
const STEP_SECONDS = Number(values["step-seconds"]);
const ROOT = path.resolve(import.meta.dirname, "..");
const MEMORY_SAMPLE_MS = 5_000;

async function main() {
  // The server's own pid (not tsx's launcher), so its memory is the web process's.
  process.env.BENCH_SERVER_NODE_ARGS ??= "--no-warnings";
  const receiver = await startPipelineReceiver();
  const server = await startBenchServer({
    port: Number(values.port),
    name: "soak",
    env: { HOOKFLOW_WORKER: "0" },
  });
  (globalThis as { hookflowDb?: unknown }).hookflowDb = server.database;
  await publishPipelineFlow(server.workspaceId, receiver.url);
  const worker = await startPipelineWorker(server.databaseUrl, server.secrets);
  const run = randomUUID().slice(0, 6);
  const load = (prefix: string, connections: number, durationSeconds: number, rate?: number) =>
    runEventLoad({
      baseUrl: server.baseUrl,
      apiKey: server.apiKey,
      prefix,
      connections,
      durationSeconds,
      rate,
    });
  const delivered = (prefix: string) => [...receiver.arrivals.keys()].filter((key) => key.startsWith(prefix));
  const waitDelivered = async (prefix: string, count: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (delivered(prefix).length < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
  };
  try {
    let rate = Number(values.rate ?? 0);
    if (!rate) {
      const started = Date.now();
      const max = await load(`${run}-max`, 64, 20);
      await waitDelivered(`${run}-max-`, max.accepted.size, 180_000);
      const maximum = delivered(`${run}-max-`).length / ((Date.now() - started) / 1000);
      rate = Math.max(1, Math.round(maximum / 2));
      console.log(
        `maximum ≈ ${Math.round(maximum)} delivered/s (upper bound of the drain time); soak at ${rate}/s`,
      );
    }
    const rows: (TSoakRow & { step: number })[] = [];
    const accepted: string[] = [];
    const workerPid = worker.pid ?? 0;
    const steps = Math.max(1, Math.round((MINUTES * 60) / STEP_SECONDS));
    for (let step = 1; step <= steps; step++) {
      const sampleMemory = (): TSoakRow["memory"] => ({
        web: groupMemory(processTree(server.pids.server)),
        worker: groupMemory([workerPid]),
        codeRunner: groupMemory(processTree(workerPid).filter((pid) => pid !== workerPid)),
        postgres: groupMemory(server.pids.postgres ? processTree(server.pids.postgres) : []),
      });
      const samples: TSoakRow["memory"][] = [];
      const sampler = setInterval(() => samples.push(sampleMemory()), MEMORY_SAMPLE_MS);
      const result = await load(`${run}-s${step}`, 32, STEP_SECONDS, rate).finally(() =>
        clearInterval(sampler),
      );
      samples.push(sampleMemory());
      accepted.push(...result.accepted);
      const apiLatencies = result.seconds.flatMap((second) => second.latencies);
      const groups = ["web", "worker", "codeRunner", "postgres"] as const;
      rows.push({
        step,
        minute: Math.round(((step * STEP_SECONDS) / 60) * 100) / 100,
        memory: Object.fromEntries(
          groups.map((group) => [group, medianMemory(samples.map((sample) => sample[group]))]),
        ) as TSoakRow["memory"],
        apiP99: percentile(apiLatencies, 99),
        e2eP99: Number.NaN,
        accepted: result.accepted.size,
        refused: result.refused.size,
        load1: Math.round(os.loadavg()[0]! * 100) / 100,
      });
      const row = rows.at(-1)!;
      const brief = (group: keyof TSoakRow["memory"]) =>
        `${row.memory[group].pss}/${row.memory[group].pssAnon}/${row.memory[group].pssShmem}`;
      console.log(
        `min ${row.minute}: pss/private/shmem MiB web ${brief("web")} worker ${brief("worker")} runner ${brief("codeRunner")} pg ${brief("postgres")} (${row.memory.postgres.processes} procs); api p99 ${row.apiP99} ms; ${row.accepted} accepted, ${row.refused} refused; load ${row.load1}`,
      );
    }
    // Every acknowledged event, by id: a count of arrivals under the prefix also counts events
    // stored but never acknowledged (in flight when a step's autocannon stopped), and reached
    // its target while acknowledged ones were still on their way (6 "lost" in a 9-minute run).
    const deadline = Date.now() + 300_000;
    while (accepted.some((id) => !receiver.arrivals.has(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    for (const row of rows) {
      const latencies = [...receiver.arrivals.entries()]
        .filter(([key]) => key.startsWith(`${run}-s${row.step}-`))
        .map(([, latency]) => latency);
      row.e2eP99 = percentile(latencies, 99);
    }
    const arrived = new Set(delivered(`${run}-s`));
    const stored = await storedIds((sql, params) => server.database.pool.query(sql, params), accepted);
    const lost = accepted.filter((id) => !arrived.has(id)).length;
    const notStored = accepted.length - stored.size;
    const trends = memoryTrends(rows);
    const summary = {
      at: new Date().toISOString(),
      minutes: MINUTES,
      rate,
      accepted: accepted.length,
      lost,
      notStored,
      duplicates: receiver.repeats(),
      withoutCodeOutput: receiver.withoutCodeOutput(),
      stepSeconds: STEP_SECONDS,
      memoryTrends: trends,
    };
    console.log(JSON.stringify(summary));
    writeSoakOutputs(path.resolve(ROOT, values.out), rows, summary);
    if (lost > 0 || notStored > 0) process.exitCode = 1;
  } finally {
    worker.kill("SIGTERM");
    await new Promise((resolve) => worker.once("exit", resolve));
    await server.stop();
    receiver.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
