// `npm run bench:soak [-- --minutes 30 --rate N --port 3203]`
// Soak (issue 8): the end-to-end pipeline of bench/e2e.ts (production web process with
// HOOKFLOW_WORKER=0, one engine worker process with its code runner, metric trigger → code step →
// webhook to a loopback receiver) at a steady 50 % of the measured maximum delivered rate for N
// minutes. Each minute: memory (PSS, MiB) of the web process, the worker, the code runner and
// PostgreSQL (all its processes), the API's p99 and the end-to-end p99 (event time → arrival at
// the receiver) of that minute's events. At the end: loss (every 2xx event delivered and stored),
// the memory trend (least-squares MiB/min over the second half) — written as CSV + SVG to docs/.
// The maximum: closed loop at 64 connections for 20 s, delivered events / (last arrival − start),
// or --rate to give the soak rate directly.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startBenchServer } from "./lib/bench-server";
import { publishPipelineFlow, startPipelineReceiver, startPipelineWorker } from "./lib/e2e-pipeline";
import { percentile, runEventLoad, storedIds } from "./lib/event-load";
import { lineChartSvg } from "./lib/line-chart-svg";
import { processTree } from "./lib/process-cpu";
import { groupPssMiB, slope } from "./lib/process-memory";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "30" },
    rate: { type: "string" },
    port: { type: "string", default: "3203" },
    out: { type: "string", default: "docs/soak" },
  },
});
const MINUTES = Number(values.minutes);
const ROOT = path.resolve(import.meta.dirname, "..");

type TRow = {
  minute: number;
  web: number;
  worker: number;
  codeRunner: number;
  postgres: number;
  apiP99: number;
  e2eP99: number;
  accepted: number;
  refused: number;
  load1: number;
};

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
    const rows: TRow[] = [];
    const accepted: string[] = [];
    const workerPid = worker.pid ?? 0;
    for (let minute = 1; minute <= MINUTES; minute++) {
      const result = await load(`${run}-s${minute}`, 32, 60, rate);
      accepted.push(...result.accepted);
      const apiLatencies = result.seconds.flatMap((second) => second.latencies);
      const runner = processTree(workerPid).filter((pid) => pid !== workerPid);
      rows.push({
        minute,
        web: groupPssMiB(processTree(server.pids.server)),
        worker: groupPssMiB([workerPid]),
        codeRunner: groupPssMiB(runner),
        postgres: groupPssMiB(server.pids.postgres ? processTree(server.pids.postgres) : []),
        apiP99: percentile(apiLatencies, 99),
        e2eP99: Number.NaN,
        accepted: result.accepted.size,
        refused: result.refused.size,
        load1: Math.round(os.loadavg()[0]! * 100) / 100,
      });
      console.log(JSON.stringify(rows.at(-1)));
    }
    await waitDelivered(`${run}-s`, accepted.length, 300_000);
    for (const row of rows) {
      const latencies = [...receiver.arrivals.entries()]
        .filter(([key]) => key.startsWith(`${run}-s${row.minute}-`))
        .map(([, latency]) => latency);
      row.e2eP99 = percentile(latencies, 99);
    }
    const arrived = new Set(delivered(`${run}-s`));
    const stored = await storedIds((sql, params) => server.database.pool.query(sql, params), accepted);
    const lost = accepted.filter((id) => !arrived.has(id)).length;
    const notStored = accepted.length - stored.size;
    const secondHalf = rows.slice(Math.floor(rows.length / 2));
    const trends = Object.fromEntries(
      (["web", "worker", "codeRunner", "postgres"] as const).map((name) => [
        name,
        Math.round(slope(secondHalf.map((row) => [row.minute, row[name]])) * 100) / 100,
      ]),
    );
    const summary = {
      at: new Date().toISOString(),
      minutes: MINUTES,
      rate,
      accepted: accepted.length,
      lost,
      notStored,
      duplicates: receiver.repeats(),
      withoutCodeOutput: receiver.withoutCodeOutput(),
      trendMiBPerMinute: trends,
    };
    console.log(JSON.stringify(summary));
    writeOutputs(rows, summary);
    if (lost > 0 || notStored > 0) process.exitCode = 1;
  } finally {
    worker.kill("SIGTERM");
    await new Promise((resolve) => worker.once("exit", resolve));
    await server.stop();
    receiver.close();
  }
}

function writeOutputs(rows: TRow[], summary: Record<string, unknown>) {
  const out = path.resolve(ROOT, values.out);
  const header =
    "minute,web_pss_mib,worker_pss_mib,code_runner_pss_mib,postgres_pss_mib,api_p99_ms,e2e_p99_ms,accepted,refused,load1";
  const csv = rows.map((r) =>
    [
      r.minute,
      r.web,
      r.worker,
      r.codeRunner,
      r.postgres,
      r.apiP99,
      r.e2eP99,
      r.accepted,
      r.refused,
      r.load1,
    ].join(","),
  );
  writeFileSync(`${out}.csv`, `# ${JSON.stringify(summary)}\n${header}\n${csv.join("\n")}\n`);
  const series = (name: string, color: string, pick: (row: TRow) => number) => ({
    name,
    color,
    points: rows.map((row) => [row.minute, pick(row)] as [number, number]),
  });
  const memory = lineChartSvg({
    title: `Soak: memory per process (PSS), ${summary.rate}/s for ${rows.length} min`,
    xLabel: "minute",
    yLabel: "MiB",
    series: [
      series("web", "#2563eb", (r) => r.web),
      series("worker", "#16a34a", (r) => r.worker),
      series("code runner", "#d97706", (r) => r.codeRunner),
      series("PostgreSQL", "#9333ea", (r) => r.postgres),
    ],
  });
  const latency = lineChartSvg({
    title: "Soak: p99 latency per minute",
    xLabel: "minute",
    yLabel: "ms",
    series: [
      series("API (202)", "#2563eb", (r) => r.apiP99),
      series("end to end", "#dc2626", (r) => r.e2eP99),
    ],
  });
  writeFileSync(`${out}-memory.svg`, `${memory}\n`);
  writeFileSync(`${out}-latency.svg`, `${latency}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
