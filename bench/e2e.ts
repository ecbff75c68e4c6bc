// `npm run bench:e2e [-- --duration 10 --repeat 3 --concurrency 1,16,64 --workers 1]`
// End to end: events POSTed to the ingestion API (production build, engine workers in separate
// process(es) as in a scaled deployment) → metric-triggered flow (trigger → code → webhook) →
// webhook delivered over HTTP to a loopback receiver in this process. Measures delivered
// events/s, ingest-to-delivery latency (event time set when the request is built → arrival at the
// receiver) p50/p99, and loss: every event answered 2xx must arrive at the receiver.
// Every step is the product's: the code step runs a deployed JavaScript function (isolated-vm, in
// the worker's runner process, invocation recorded) whose output the webhook body uses; the
// webhook step renders, signs, sends through the guarded agent and records the attempt. The
// receiver counts deliveries whose body lacks the code's output (proof the code really ran).
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { deployCodeFunction } from "@/lib/code/functions/deploy-code-function";
import { saveCodeDraft } from "@/lib/code/functions/save-code-draft";
import { readCodeSettings } from "@/lib/code/functions/settings-schema";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { machineDescription, median, startBenchServer } from "./lib/bench-server";
import { processTree, startCpuMonitor } from "./lib/process-cpu";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    repeat: { type: "string", default: "3" },
    port: { type: "string", default: "3201" },
    concurrency: { type: "string", default: "1,16,64" },
    workers: { type: "string", default: "1" },
    "worker-concurrency": { type: "string", default: "4" },
    // A folder: the worker's round trips (worker-trace.tsv) and, at concurrency 1, each event's
    // stage times (events-<run>.tsv), absolute epoch ms, to line up where a lone event's time goes.
    trace: { type: "string" },
  },
});
const DURATION = Number(values.duration);
const REPEAT = Number(values.repeat);
const CONCURRENCY = values.concurrency.split(",").map(Number);
const WORKERS = Number(values.workers);
const PROFILES = 1000;
const METRIC = "Placed Order";
const DRAIN_TIMEOUT_MS = 120_000;
// The flow's code step: reads the event and returns an output the webhook body then renders.
const CODE_SOURCE = `export default async function (event, profile) {
  return { locale: event?.properties?.customer_locale ?? "none" };
}
`;

type TRunResult = {
  concurrency: number;
  accepted: number;
  delivered: number;
  duplicates: number;
  lost: number;
  deliveredPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Deliveries without the code step's output in their body (must be 0). */
  withoutCodeOutput: number;
  /** Per delivered event: CPU ms by process group, worker round trips, PostgreSQL commits. */
  perEvent: { cpuMs: Record<string, number>; workerQueries: number; commits: number; walBytes: number };
  loadAverage: number[];
  /** Concurrency 1 only: median ms from the event's time to each stage (stageTimeline). */
  stages?: Record<string, number>;
};

/** The receiver: records each delivery's latency by the event's unique id. */
function startReceiver() {
  const arrivals = new Map<string, number>();
  // Deliveries beyond the first of an event (retries the receiver saw), by unique id.
  const repeats = new Map<string, number>();
  let deliveries = 0;
  let lastArrival = 0;
  // Events whose delivery did not carry the code step's output.
  const withoutCodeOutput = new Set<string>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const now = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        uniqueId: string;
        time: string;
        locale: string;
      };
      deliveries++;
      if (body.locale !== "de-DE") withoutCodeOutput.add(body.uniqueId);
      lastArrival = now;
      if (arrivals.has(body.uniqueId)) repeats.set(body.uniqueId, (repeats.get(body.uniqueId) ?? 0) + 1);
      else arrivals.set(body.uniqueId, now - Date.parse(body.time));
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise<{
    url: string;
    arrivals: Map<string, number>;
    repeats: Map<string, number>;
    withoutCodeOutput: Set<string>;
    stats: () => { deliveries: number; lastArrival: number };
    close: () => void;
  }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/hook`,
        arrivals,
        repeats,
        withoutCodeOutput,
        stats: () => ({ deliveries, lastArrival }),
        close: () => server.close(),
      });
    });
  });
}

function startWorker(databaseUrl: string, secrets: Record<string, string>): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, "lib/bench-worker.ts"), {
    // BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the worker.
    execArgv: [...(process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx"],
    env: {
      ...process.env,
      ...secrets,
      ...(values.trace ? { BENCH_TRACE_FILE: path.resolve(values.trace, "worker-trace.tsv") } : {}),
      DATABASE_URL: databaseUrl,
      HOOKFLOW_WEBHOOK_ALLOWLIST: "127.0.0.1/32",
      CONCURRENCY: values["worker-concurrency"],
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`bench worker exited with ${code}`)));
  });
}

async function main() {
  const receiver = await startReceiver();
  const server = await startBenchServer({
    port: Number(values.port),
    name: "e2e",
    env: { HOOKFLOW_WORKER: "0" },
  });
  (globalThis as { hookflowDb?: unknown }).hookflowDb = server.database;
  // Publishing (in this process) applies the server's URL rule: http only where private targets
  // are allowed, as they are for this loopback receiver.
  process.env.HOOKFLOW_WEBHOOK_ALLOWLIST = "127.0.0.1/32";
  const workers: ChildProcess[] = [];
  const results: TRunResult[] = [];
  try {
    const metricId = await ensureMetric(server.workspaceId, METRIC);
    const functionId = await deployBenchFunction(server.workspaceId);
    await publishTestFlow({
      workspaceId: server.workspaceId,
      nodes: [
        {
          id: "trigger",
          type: "metric-trigger",
          position: { x: 0, y: 0 },
          config: { metricId, filters: { match: "all", groups: [] } },
        },
        { id: "code", type: "code", position: { x: 0, y: 0 }, config: { functionId } },
        {
          id: "hook",
          type: "webhook",
          position: { x: 0, y: 0 },
          config: {
            url: receiver.url,
            headers: [],
            body: '{"uniqueId": "{{ event.unique_id }}", "time": "{{ event.time }}", "email": "{{ person.email }}", "locale": "{{ outputs.code.locale }}"}',
          },
        },
      ],
      settings: { reentry: { mode: "always" } },
    });
    for (let index = 0; index < WORKERS; index++)
      workers.push(await startWorker(server.databaseUrl, server.secrets));
    for (const concurrency of CONCURRENCY) {
      for (let round = 0; round < REPEAT; round++) {
        if (process.env.BENCH_PG_STATEMENTS) await resetStatements(server);
        const result = await runOnce(server, receiver, workers, concurrency);
        results.push(result);
        if (process.env.BENCH_PG_STATEMENTS) await printStatements(server, result.delivered);
        console.log(
          `c=${String(concurrency).padStart(2)} #${round + 1}: ${Math.round(result.deliveredPerSecond).toLocaleString()} delivered/s, latency p50 ${result.p50} ms p99 ${result.p99} ms, accepted ${result.accepted}, delivered ${result.delivered}, lost ${result.lost}, duplicates ${result.duplicates}, non-2xx ${result.non2xx}, without code output ${result.withoutCodeOutput}`,
        );
        console.log(
          `      per event: CPU ms ${JSON.stringify(result.perEvent.cpuMs)}, worker round trips ${result.perEvent.workerQueries}, commits ${result.perEvent.commits}, WAL ${result.perEvent.walBytes} B; load ${result.loadAverage.join(" ")}${result.stages ? `\n      stages (median ms after the event's time): ${JSON.stringify(result.stages)}` : ""}`,
        );
      }
    }
  } finally {
    for (const worker of workers) {
      worker.kill("SIGTERM");
      await new Promise((resolve) => worker.once("exit", resolve));
    }
    await server.stop();
    receiver.close();
  }
  report(results);
}

// BENCH_PG_STATEMENTS=1 with TMP_PG_EXTRA loading pg_stat_statements (docs/PERFORMANCE.md): each
// run's statements by total (planning + execution) time, per delivered event.
async function resetStatements(server: Awaited<ReturnType<typeof startBenchServer>>) {
  await server.database.pool.query("create extension if not exists pg_stat_statements");
  await server.database.pool.query("select pg_stat_statements_reset()");
}

async function printStatements(server: Awaited<ReturnType<typeof startBenchServer>>, events: number) {
  const top = await server.database.pool.query<{
    calls: string;
    generic: string;
    exec: number;
    plan: number;
    query: string;
  }>(
    // generic_plan_calls (pg_stat_statements 1.12, PostgreSQL 18; null before): calls that ran a
    // cached generic plan (no planning).
    `select calls::text, to_jsonb(s) ->> 'generic_plan_calls' as generic, total_exec_time as exec,
            total_plan_time as plan,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 100) as query
     from pg_stat_statements s order by total_exec_time + total_plan_time desc limit 14`,
  );
  const sum = await server.database.pool.query<{ exec: number; plan: number }>(
    "select sum(total_exec_time) as exec, sum(total_plan_time) as plan from pg_stat_statements",
  );
  const per = (value: number) => ((value * 1000) / Math.max(1, events)).toFixed(0);
  console.log(`      statements µs/event: exec ${per(sum.rows[0]!.exec)}, plan ${per(sum.rows[0]!.plan)}`);
  for (const row of top.rows)
    console.log(
      `        exec ${per(row.exec)} plan ${per(row.plan)} calls ${row.calls} (generic ${row.generic}): ${row.query}`,
    );
}

/** A deployed JavaScript function declaring the output the webhook body uses. */
async function deployBenchFunction(workspaceId: string): Promise<string> {
  const created = await createCodeFunction({
    workspaceId,
    name: "e2e locale",
    language: "javascript",
    template: "blank",
    userId: null,
  });
  const saved = await saveCodeDraft({
    workspaceId,
    functionId: created.id,
    source: CODE_SOURCE,
    settings: readCodeSettings({ outputs: [{ name: "locale", type: "string", default: "" }] }),
    userId: null,
  });
  if (saved.compileErrors.length > 0) throw new Error(JSON.stringify(saved.compileErrors));
  await deployCodeFunction({ workspaceId, functionId: created.id, userId: null });
  return created.id;
}

/** Round trips the worker processes made so far (bench-worker.ts counts them). */
async function workerQueries(workers: ChildProcess[]): Promise<number> {
  const counts = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<number>((resolve) => {
          const onMessage = (message: { queries?: number }) => {
            if (typeof message?.queries !== "number") return;
            worker.off("message", onMessage);
            resolve(message.queries);
          };
          worker.on("message", onMessage);
          worker.send("stats");
        }),
    ),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

async function databaseCounters(server: Awaited<ReturnType<typeof startBenchServer>>) {
  const result = await server.database.pool.query<{ commits: string; wal_bytes: string }>(
    `select (select xact_commit from pg_stat_database where datname = current_database()) as commits,
            (select wal_bytes from pg_stat_wal) as wal_bytes`,
  );
  const row = result.rows[0]!;
  return { commits: Number(row.commits), walBytes: Number(row.wal_bytes) };
}

/**
 * Where a lone event's latency goes, from the rows it left (medians, ms after the event's
 * `time`): stored (the ingestion transaction's start), run started (the trigger job's
 * transaction), code round started (its step claimed), code round committed (the invocation row,
 * written in that commit), webhook round committed (the delivery row, after the request) — and
 * the arrival at the receiver, between the last two.
 */
async function stageTimeline(
  server: Awaited<ReturnType<typeof startBenchServer>>,
  receiver: Awaited<ReturnType<typeof startReceiver>>,
  prefix: string,
): Promise<Record<string, number>> {
  const rows = await server.database.pool.query<Record<string, string>>(
    `select e.unique_id, extract(epoch from e.time) * 1000 as t0,
            extract(epoch from e.created_at) * 1000 as stored,
            extract(epoch from r.started_at) * 1000 as run_started,
            extract(epoch from c.started_at) * 1000 as code_round_started,
            extract(epoch from i.created_at) * 1000 as code_round_committed,
            extract(epoch from d.created_at) * 1000 as hook_round_committed
     from events e
     join runs r on r.event_id = e.id
     join steps c on c.run_id = r.id and c.node_id = 'code'
     join steps h on h.run_id = r.id and h.node_id = 'hook'
     left join code_invocations i on i.step_id = c.id
     left join webhook_deliveries d on d.step_id = h.id
     where e.unique_id like $1`,
    [`${prefix}-%`],
  );
  const stages: Record<string, number[]> = {};
  const traced: string[] = [];
  for (const row of rows.rows) {
    const t0 = Number(row.t0);
    const arrival = receiver.arrivals.get(row.unique_id as string);
    if (values.trace) {
      const times = [row.stored, row.run_started, row.code_round_started, row.code_round_committed];
      traced.push(
        [t0, ...times.map(Number), t0 + (arrival ?? Number.NaN), Number(row.hook_round_committed)].join("\t"),
      );
    }
    const points: Record<string, number | undefined> = {
      stored: Number(row.stored) - t0,
      runStarted: Number(row.run_started) - t0,
      codeRoundStarted: Number(row.code_round_started) - t0,
      codeRoundCommitted: Number(row.code_round_committed) - t0,
      arrived: arrival,
      hookRoundCommitted: Number(row.hook_round_committed) - t0,
    };
    for (const [name, value] of Object.entries(points)) {
      if (value === undefined || !Number.isFinite(value)) continue;
      const list = stages[name] ?? [];
      list.push(value);
      stages[name] = list;
    }
  }
  if (values.trace) {
    mkdirSync(values.trace, { recursive: true });
    const header =
      "t0\tstored\trunStarted\tcodeRoundStarted\tcodeRoundCommitted\tarrived\thookRoundCommitted";
    writeFileSync(
      path.join(values.trace, `events-${prefix}.tsv`),
      `${[header, ...traced.sort()].join("\n")}\n`,
    );
  }
  return Object.fromEntries(
    Object.entries(stages).map(([name, list]) => [name, Math.round(median(list) * 10) / 10]),
  );
}

async function runOnce(
  server: Awaited<ReturnType<typeof startBenchServer>>,
  receiver: Awaited<ReturnType<typeof startReceiver>>,
  workers: ChildProcess[],
  concurrency: number,
): Promise<TRunResult> {
  const prefix = randomUUID().slice(0, 8);
  let counter = 0;
  const queriesBefore = await workerQueries(workers);
  const countersBefore = await databaseCounters(server);
  const workerPids = workers.map((worker) => worker.pid ?? 0);
  const cpu = startCpuMonitor({
    loadGeneratorAndReceiver: () => [process.pid],
    web: () => processTree(server.pids.server),
    worker: () => workerPids,
    codeRunner: () => workerPids.flatMap((pid) => processTree(pid).filter((child) => child !== pid)),
    postgres: () => (server.pids.postgres ? processTree(server.pids.postgres) : []),
  });
  const started = Date.now();
  const result = await autocannon({
    url: server.baseUrl,
    connections: concurrency,
    duration: DURATION,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/api/events",
        headers: {
          authorization: `Klaviyo-API-Key ${server.apiKey}`,
          revision: "2024-10-15",
          "content-type": "application/vnd.api+json",
        },
        setupRequest: (request) => {
          const n = counter++;
          return {
            ...request,
            body: JSON.stringify({
              data: {
                type: "event",
                attributes: {
                  properties: { OrderId: n, customer_locale: "de-DE" },
                  time: new Date().toISOString(),
                  unique_id: `${prefix}-${n}`,
                  metric: { data: { type: "metric", attributes: { name: METRIC } } },
                  profile: {
                    data: { type: "profile", attributes: { email: `e2e.${n % PROFILES}@example.com` } },
                  },
                },
              },
            }),
          };
        },
      },
    ],
  });
  const accepted = result["2xx"];
  const mine = () => [...receiver.arrivals.keys()].filter((key) => key.startsWith(prefix)).length;
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (mine() < accepted && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const usage = cpu.stop();
  const queriesAfter = await workerQueries(workers);
  const countersAfter = await databaseCounters(server);
  const latencies = [...receiver.arrivals.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .map(([, latency]) => latency);
  const delivered = latencies.length;
  const { lastArrival } = receiver.stats();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
  return {
    concurrency,
    accepted,
    delivered,
    duplicates: [...receiver.repeats.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .reduce((sum, [, count]) => sum + count, 0),
    lost: Math.max(0, accepted - delivered),
    deliveredPerSecond: delivered / ((lastArrival - started) / 1000),
    p50: percentile(50),
    p99: percentile(99),
    non2xx: result.non2xx,
    withoutCodeOutput: [...receiver.withoutCodeOutput].filter((key) => key.startsWith(prefix)).length,
    perEvent: {
      cpuMs: Object.fromEntries(
        Object.entries(usage.cpuSeconds).map(([name, seconds]) => [
          name,
          Math.round((seconds / Math.max(1, delivered)) * 1e6) / 1e3,
        ]),
      ),
      workerQueries: Math.round(((queriesAfter - queriesBefore) / Math.max(1, delivered)) * 100) / 100,
      commits:
        Math.round(((countersAfter.commits - countersBefore.commits) / Math.max(1, delivered)) * 100) / 100,
      walBytes: Math.round((countersAfter.walBytes - countersBefore.walBytes) / Math.max(1, delivered)),
    },
    loadAverage: usage.loadAverage,
    stages: concurrency === 1 ? await stageTimeline(server, receiver, prefix) : undefined,
  };
}

function report(results: TRunResult[]) {
  const lines = [
    `End-to-end benchmark, ${new Date().toISOString()}`,
    `Machine: ${machineDescription()}`,
    `Command: npm run bench:e2e -- --duration ${DURATION} --repeat ${REPEAT} --workers ${WORKERS} --worker-concurrency ${values["worker-concurrency"]}`,
    "",
    "| concurrency | delivered events/s (median) | latency p50 ms (median) | latency p99 ms (median) | accepted | lost | duplicates |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const concurrency of CONCURRENCY) {
    const runs = results.filter((result) => result.concurrency === concurrency);
    lines.push(
      `| ${concurrency} | ${Math.round(median(runs.map((r) => r.deliveredPerSecond))).toLocaleString("en-US")} | ${median(runs.map((r) => r.p50))} | ${median(runs.map((r) => r.p99))} | ${runs.reduce((s, r) => s + r.accepted, 0)} | ${runs.reduce((s, r) => s + r.lost, 0)} | ${runs.reduce((s, r) => s + r.duplicates, 0)} |`,
    );
  }
  lines.push(
    "",
    "Per delivered event (medians): CPU ms per process group, worker round trips to PostgreSQL, PostgreSQL commits, WAL bytes; load average at the end of the runs",
    "",
    "| concurrency | bench (autocannon + receiver) | web | worker | code runner | PostgreSQL | machine (all processes) | worker round trips | commits | WAL B | load |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  );
  for (const concurrency of CONCURRENCY) {
    const runs = results.filter((result) => result.concurrency === concurrency);
    const cpu = (name: string) => median(runs.map((r) => r.perEvent.cpuMs[name] ?? 0)).toFixed(2);
    lines.push(
      `| ${concurrency} | ${cpu("loadGeneratorAndReceiver")} | ${cpu("web")} | ${cpu("worker")} | ${cpu("codeRunner")} | ${cpu("postgres")} | ${cpu("machine")} | ${median(runs.map((r) => r.perEvent.workerQueries))} | ${median(runs.map((r) => r.perEvent.commits))} | ${median(runs.map((r) => r.perEvent.walBytes))} | ${runs.map((r) => r.loadAverage[0]).join(", ")} |`,
    );
  }
  const stageRuns = results.filter((result) => result.stages);
  if (stageRuns.length > 0) {
    const names = Object.keys(stageRuns[0]!.stages!);
    lines.push(
      "",
      "Concurrency 1, median ms after the event's time (median over runs): " +
        names
          .map((name) => `${name} ${median(stageRuns.map((r) => r.stages![name] ?? Number.NaN))}`)
          .join(", "),
    );
  }
  const text = lines.join("\n");
  console.log(`\n${text}`);
  const dir = path.resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const stamp = Date.now();
  writeFileSync(path.join(dir, `e2e-${stamp}.md`), `${text}\n`);
  writeFileSync(path.join(dir, `e2e-${stamp}.json`), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
