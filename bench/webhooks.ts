// `npm run bench:webhooks [-- --repeat 3 --batch-sizes 1,100 --events 30000,200000]`
// Event webhooks through the product's real path: events POSTed to the ingestion API of the
// production build (HOOKFLOW_WORKER=0) → delivery rows (batch size 1 or window 0: sealed in the
// ingestion transaction, deliverer woken by pg_notify; windowed: dispatch job → batches) →
// deliverer job in a separate engine worker process (bench/lib/bench-worker.ts) → signed request
// to a loopback receiver in this process → attempt row. Two phases per batch size and round, each
// on a webhook of its own (a fresh metric as its only topic):
// - throughput: N events through the bulk endpoint (1,000 per request, so ingestion — up to
//   ~30k events/s, docs/PERFORMANCE.md — is not what limits), then wait until the receiver has every
//   stored event. Rate = requests (or events) received / (last arrival − start of ingestion).
// - latency: single events (POST /api/events) at a fixed rate below capacity (--latency-rate,
//   200/s), so the figure is the pipeline's own delay, not a backlog.
// Added latency = arrival at the receiver − the event's created_at: the start of the ingestion
// transaction that stored the event AND its delivery row or dispatch job (same commit), so it
// includes that commit, the dispatch job if any, batching and the deliverer. Also reported from
// the delivery row's created_at (the same ingestion transaction at batch size 1 — "dispatch hop"
// 0 —, the dispatch transaction or the opening of the batch when windowed).
// Checks: every stored event received (lost = 0), repeats counted, attempt rows = deliveries,
// a sample of signatures verified with standardwebhooks.
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { ensureMetric } from "@/lib/engine/testing/engine-fixtures";
import { env } from "@/lib/env";
import { createEventWebhook } from "@/lib/event-webhooks/create-event-webhook";
import { revealSigningSecret } from "@/lib/event-webhooks/reveal-signing-secret";
import { type BenchServer, machineDescription, median, startBenchServer } from "./lib/bench-server";
import { cpuDelta, cpuSnapshot, type TCpuSnapshot } from "./lib/webhook-bench-cpu";
import { startBenchReceiver, type TBenchReceiver, type TReceiverPhase } from "./lib/webhook-bench-receiver";

const { values } = parseArgs({
  options: {
    repeat: { type: "string", default: "3" },
    port: { type: "string", default: "3202" },
    "batch-sizes": { type: "string", default: "1,100" },
    // Events per throughput run, one figure per batch size (multiples of 1,000).
    events: { type: "string", default: "30000,200000" },
    // A batch of 1 is full (due) at once, so the window only matters for larger batches: there it
    // bounds the latency phase (plus the 100 ms wake-up rounding and the worker's 500 ms poll).
    "window-ms": { type: "string", default: "50" },
    "max-concurrency": { type: "string", default: "16" },
    workers: { type: "string", default: "1" },
    "worker-concurrency": { type: "string", default: "4" },
    "ingest-connections": { type: "string", default: "2" },
    "latency-rate": { type: "string", default: "200" },
    "latency-duration": { type: "string", default: "10" },
    phases: { type: "string", default: "throughput,latency" },
  },
});
const REPEAT = Number(values.repeat);
const BATCH_SIZES = values["batch-sizes"].split(",").map(Number);
const EVENTS = values.events.split(",").map(Number);
const WINDOW_MS = Number(values["window-ms"]);
const MAX_CONCURRENCY = Number(values["max-concurrency"]);
const WORKERS = Number(values.workers);
const LATENCY_RATE = Number(values["latency-rate"]);
const LATENCY_DURATION = Number(values["latency-duration"]);
const PHASES = values.phases.split(",") as TPhase[];
const BULK_PROFILES = 100;
const BULK_EVENTS_PER_PROFILE = 10;
const PROFILES = 1000;
/** A phase fails when nothing new has arrived for this long while events are missing. */
const STALL_TIMEOUT_MS = 60_000;
/** After the last expected event, repeats (retries, double sends) still get this long to show. */
const SETTLE_MS = 1_000;

type TPhase = "throughput" | "latency";

type TRunResult = {
  phase: TPhase;
  batchSize: number;
  stored: number;
  deliveries: number;
  deliveriesPerSecond: number;
  eventsPerSecond: number;
  ingestSeconds: number;
  seconds: number;
  lost: number;
  repeatedEvents: number;
  repeatedRequests: number;
  deliveryRows: number;
  succeededRows: number;
  attemptRows: number;
  signaturesVerified: number;
  signatureFailures: number;
  /** From the event's created_at (ingestion commit = dispatch enqueued) to arrival, ms. */
  p50: number;
  p99: number;
  max: number;
  /** From the delivery row's created_at to arrival, ms. */
  deliveryP50: number;
  deliveryP99: number;
  /** Batch size 1: from the event's created_at to its delivery row's (the dispatch job's hop), ms. */
  dispatchP50: number;
  dispatchP99: number;
  /** CPU ms per delivery by process tree (server, postgres, worker, bench = receiver + load). */
  cpuMsPerDelivery: TCpuSnapshot;
  /** Committed transactions (pg_stat_database) per delivery, ingestion included. */
  transactionsPerDelivery: number;
  loadAverage: number[];
};

function startWorker(server: BenchServer): Promise<ChildProcess> {
  const child = fork(path.join(import.meta.dirname, "lib/bench-worker.ts"), {
    // BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the worker.
    execArgv: [...(process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx"],
    env: {
      ...process.env,
      ...server.secrets,
      DATABASE_URL: server.databaseUrl,
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

function bulkBody(metric: string, prefix: string, request: number): string {
  const entries = Array.from({ length: BULK_PROFILES }, (_, p) => ({
    type: "event-bulk-create",
    attributes: {
      profile: {
        data: {
          type: "profile",
          attributes: { email: `hook.${(request * BULK_PROFILES + p) % PROFILES}@example.com` },
        },
      },
      events: {
        data: Array.from({ length: BULK_EVENTS_PER_PROFILE }, (_, e) => ({
          type: "event",
          attributes: {
            properties: {
              OrderId: `${request}-${p}-${e}`,
              Items: [{ ProductName: "Linen Shirt", Quantity: 1 }],
            },
            value: 59,
            unique_id: `${prefix}-${request}-${p}-${e}`,
            metric: { data: { type: "metric", attributes: { name: metric } } },
          },
        })),
      },
    },
  }));
  return JSON.stringify({
    data: { type: "event-bulk-create-job", attributes: { "events-bulk-create": { data: entries } } },
  });
}

function singleBody(metric: string, prefix: string, n: number): string {
  return JSON.stringify({
    data: {
      type: "event",
      attributes: {
        properties: { OrderId: n, Items: [{ ProductName: "Linen Shirt", Quantity: 1 }] },
        value: 59,
        unique_id: `${prefix}-${n}`,
        metric: { data: { type: "metric", attributes: { name: metric } } },
        profile: { data: { type: "profile", attributes: { email: `hook.${n % PROFILES}@example.com` } } },
      },
    },
  });
}

const API_HEADERS = (server: BenchServer) => ({
  authorization: `Klaviyo-API-Key ${server.apiKey}`,
  revision: "2024-10-15",
  "content-type": "application/vnd.api+json",
});

async function main() {
  // The bench process creates the webhooks: its SSRF check must allow the loopback receiver.
  process.env.HOOKFLOW_WEBHOOK_ALLOWLIST = "127.0.0.1/32";
  const receiver = await startBenchReceiver();
  const server = await startBenchServer({
    port: Number(values.port),
    name: "webhooks",
    env: { HOOKFLOW_WORKER: "0" },
  });
  // Secrets are sealed here and opened by the worker: both must use the server's app key.
  Object.assign(process.env, server.secrets);
  if (env().HOOKFLOW_APP_KEY !== server.secrets.HOOKFLOW_APP_KEY)
    throw new Error("the configuration was read before the server's secrets were set");
  (globalThis as { hookflowDb?: unknown }).hookflowDb = server.database;
  const workers: ChildProcess[] = [];
  const results: TRunResult[] = [];
  try {
    for (let index = 0; index < WORKERS; index++) workers.push(await startWorker(server));
    for (const [index, batchSize] of BATCH_SIZES.entries()) {
      for (let round = 0; round < REPEAT; round++) {
        for (const phase of PHASES) {
          const roots: Record<string, number> = { server: server.pids.server };
          if (server.pids.postgres) roots.postgres = server.pids.postgres;
          for (const [n, worker] of workers.entries()) roots[`worker${n + 1}`] = worker.pid ?? 0;
          const result = await runOnce(
            server,
            receiver,
            phase,
            batchSize,
            EVENTS[index] ?? EVENTS[0]!,
            roots,
          );
          results.push(result);
          console.log(
            `  cpu ms/delivery ${Object.entries(result.cpuMsPerDelivery)
              .map(([name, ms]) => `${name} ${ms.toFixed(3)}`)
              .join(
                ", ",
              )}; transactions/delivery ${result.transactionsPerDelivery.toFixed(2)}; load ${result.loadAverage.map((l) => l.toFixed(1)).join(" ")}\n` +
              `${phase.padEnd(10)} batch ${String(batchSize).padStart(3)} #${round + 1}: ${Math.round(result.deliveriesPerSecond).toLocaleString("en-US")} deliveries/s, ${Math.round(result.eventsPerSecond).toLocaleString("en-US")} events/s over ${result.seconds.toFixed(1)} s (ingest ${result.ingestSeconds.toFixed(1)} s); latency p50 ${result.p50} p99 ${result.p99} max ${result.max} ms (from delivery row p50 ${result.deliveryP50} p99 ${result.deliveryP99}; dispatch hop p50 ${result.dispatchP50} p99 ${result.dispatchP99}); stored ${result.stored}, lost ${result.lost}, repeated events ${result.repeatedEvents}, deliveries ${result.deliveries}/${result.deliveryRows} rows (${result.succeededRows} succeeded), attempts ${result.attemptRows}, signatures ${result.signaturesVerified} ok ${result.signatureFailures} bad`,
          );
        }
      }
    }
  } finally {
    for (const worker of workers) {
      worker.kill("SIGTERM");
      await new Promise((resolve) => worker.once("exit", resolve));
    }
    await server.stop();
    await receiver.close();
  }
  report(results);
}

async function runOnce(
  server: BenchServer,
  receiver: TBenchReceiver,
  phase: TPhase,
  batchSize: number,
  events: number,
  roots: Record<string, number>,
): Promise<TRunResult> {
  const prefix = randomUUID().slice(0, 8);
  const metric = `Bench webhooks ${phase} ${batchSize} ${prefix}`;
  const metricId = await ensureMetric(server.workspaceId, metric);
  const webhook = await createEventWebhook({
    workspaceId: server.workspaceId,
    input: {
      name: metric,
      url: receiver.url,
      topics: [metricId],
      batchSize,
      batchWindowMs: WINDOW_MS,
      maxConcurrency: MAX_CONCURRENCY,
    },
  });
  const { secret } = await revealSigningSecret({ workspaceId: server.workspaceId, webhookId: webhook.id });
  const received = receiver.reset(secret);
  const commits = async () =>
    Number(
      (
        await server.database.pool.query<{ n: string }>(
          "select xact_commit::text as n from pg_stat_database where datname = current_database()",
        )
      ).rows[0]?.n ?? 0,
    );
  const commitsBefore = await commits();
  if (process.env.BENCH_PG_STATEMENTS) await resetStatements(server);
  const cpuBefore = cpuSnapshot(roots);
  const started = Date.now();
  let counter = 0;
  const load =
    phase === "throughput"
      ? autocannon({
          url: server.baseUrl,
          connections: Number(values["ingest-connections"]),
          amount: Math.ceil(events / (BULK_PROFILES * BULK_EVENTS_PER_PROFILE)),
          timeout: 60,
          requests: [
            {
              method: "POST",
              path: "/api/event-bulk-create-jobs",
              headers: API_HEADERS(server),
              setupRequest: (request) => ({ ...request, body: bulkBody(metric, prefix, counter++) }),
            },
          ],
        })
      : // overallRate paces the requests (autocannon option, absent from bench/lib/autocannon.d.ts).
        autocannon({
          url: server.baseUrl,
          connections: 8,
          duration: LATENCY_DURATION,
          timeout: 30,
          overallRate: LATENCY_RATE,
          requests: [
            {
              method: "POST",
              path: "/api/events",
              headers: API_HEADERS(server),
              setupRequest: (request) => ({ ...request, body: singleBody(metric, prefix, counter++) }),
            },
          ],
        } as Parameters<typeof autocannon>[0]);
  const loadResult = await load;
  const ingestSeconds = (Date.now() - started) / 1000;
  if (loadResult.non2xx > 0 || loadResult.errors > 0)
    console.warn(
      `  ingestion: ${loadResult.non2xx} non-2xx, ${loadResult.errors} errors (not counted as lost)`,
    );
  const pool = server.database.pool;
  // Requests still in flight when autocannon stops its clock are answered (and stored) after it
  // returns: the stored events are read again until the receiver has them all and none is new.
  const loadStored = () =>
    pool.query<{ id: string; created_at: Date }>("select id, created_at from events where metric_id = $1", [
      metricId,
    ]);
  let stored = await loadStored();
  let cpuAfter: TCpuSnapshot | undefined;
  let commitsAfter: number | undefined;
  for (;;) {
    await waitForEvents(received, stored.rows.length);
    cpuAfter ??= cpuSnapshot(roots);
    commitsAfter ??= await commits();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const again = await loadStored();
    if (again.rows.length === stored.rows.length) break;
    stored = again;
  }

  if (process.env.BENCH_PG_STATEMENTS) await printStatements(server, received.requestArrivals.size);
  const deliveryRows = await pool.query<{ message_id: string; created_at: Date; status: string }>(
    "select message_id, created_at, status from webhook_deliveries where event_webhook_id = $1 and not is_test",
    [webhook.id],
  );
  const attempts = await pool.query<{ count: number }>(
    `select count(*)::int as count from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id
     where d.event_webhook_id = $1`,
    [webhook.id],
  );
  const dispatchHops = await pool.query<{ ms: number }>(
    `select (extract(epoch from d.created_at - e.created_at) * 1000)::float8 as ms
     from webhook_deliveries d cross join unnest(d.event_ids) as x(id) join events e on e.id = x.id
     where d.event_webhook_id = $1 and not d.is_test`,
    [webhook.id],
  );
  const eventLatencies = stored.rows
    .map((row) => (received.eventArrivals.get(row.id) ?? Number.NaN) - row.created_at.getTime())
    .filter((latency) => !Number.isNaN(latency));
  const deliveryLatencies = deliveryRows.rows
    .map((row) => (received.requestArrivals.get(row.message_id) ?? Number.NaN) - row.created_at.getTime())
    .filter((latency) => !Number.isNaN(latency));
  const seconds = (received.lastArrival - started) / 1000;
  const deliveries = received.requestArrivals.size;
  const cpu = cpuDelta(cpuBefore, cpuAfter ?? cpuSnapshot(roots));
  const cpuMsPerDelivery = Object.fromEntries(
    Object.entries({ ...cpu, total: Object.values(cpu).reduce((a, b) => a + b, 0) }).map(([name, ms]) => [
      name,
      ms / Math.max(1, deliveries),
    ]),
  );
  return {
    cpuMsPerDelivery,
    transactionsPerDelivery: ((commitsAfter ?? (await commits())) - commitsBefore) / Math.max(1, deliveries),
    loadAverage: loadavg(),
    phase,
    batchSize,
    stored: stored.rows.length,
    deliveries,
    deliveriesPerSecond: deliveries / seconds,
    eventsPerSecond: received.eventArrivals.size / seconds,
    ingestSeconds,
    seconds,
    lost: stored.rows.length - eventLatencies.length,
    repeatedEvents: received.repeatedEvents,
    repeatedRequests: received.repeatedRequests,
    deliveryRows: deliveryRows.rows.length,
    succeededRows: deliveryRows.rows.filter((row) => row.status === "succeeded").length,
    attemptRows: attempts.rows[0]?.count ?? 0,
    signaturesVerified: received.verified,
    signatureFailures: received.verifyFailures,
    p50: percentile(eventLatencies, 50),
    p99: percentile(eventLatencies, 99),
    max: percentile(eventLatencies, 100),
    deliveryP50: percentile(deliveryLatencies, 50),
    deliveryP99: percentile(deliveryLatencies, 99),
    dispatchP50: percentile(
      dispatchHops.rows.map((row) => row.ms),
      50,
    ),
    dispatchP99: percentile(
      dispatchHops.rows.map((row) => row.ms),
      99,
    ),
  };
}

// BENCH_PG_STATEMENTS=1 with TMP_PG_EXTRA loading pg_stat_statements (docs/PERFORMANCE.md):
// the phase's statements by total time, per delivery.
async function resetStatements(server: BenchServer) {
  await server.database.pool.query("create extension if not exists pg_stat_statements");
  await server.database.pool.query("select pg_stat_statements_reset()");
}

async function printStatements(server: BenchServer, deliveries: number) {
  const top = await server.database.pool.query<{
    calls: string;
    exec: number;
    plan: number;
    wal: string;
    rows: string;
    query: string;
  }>(
    `select calls::text, total_exec_time as exec, total_plan_time as plan, wal_bytes::text as wal, rows::text,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
     from pg_stat_statements order by total_exec_time + total_plan_time desc limit 14`,
  );
  const per = (value: number) => ((value * 1000) / Math.max(1, deliveries)).toFixed(1);
  for (const row of top.rows)
    console.log(
      `  stmt µs/delivery exec ${per(row.exec)} plan ${per(row.plan)} wal B ${(Number(row.wal) / Math.max(1, deliveries)).toFixed(0)} calls ${row.calls} rows ${row.rows}: ${row.query}`,
    );
}

async function waitForEvents(received: TReceiverPhase, expected: number): Promise<void> {
  let seen = -1;
  let progressAt = Date.now();
  while (received.eventArrivals.size < expected) {
    if (received.eventArrivals.size !== seen) {
      seen = received.eventArrivals.size;
      progressAt = Date.now();
    } else if (Date.now() - progressAt > STALL_TIMEOUT_MS) {
      console.warn(`  stalled at ${seen} of ${expected} events`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function report(results: TRunResult[]) {
  const format = (value: number) => Math.round(value).toLocaleString("en-US");
  const lines = [
    `Event webhook benchmark, ${new Date().toISOString()}`,
    `Machine: ${machineDescription()}`,
    `Command: npm run bench:webhooks -- --repeat ${REPEAT} --batch-sizes ${values["batch-sizes"]} --events ${values.events} --window-ms ${WINDOW_MS} --max-concurrency ${MAX_CONCURRENCY} --workers ${WORKERS} --worker-concurrency ${values["worker-concurrency"]} --latency-rate ${LATENCY_RATE} --latency-duration ${LATENCY_DURATION}`,
    "",
    "| phase | batch size | deliveries/s | events/s | latency p50 ms | latency p99 ms | from delivery row p50 / p99 ms | events stored | lost | repeated | deliveries = attempt rows | signatures checked (bad) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
  ];
  for (const batchSize of BATCH_SIZES) {
    for (const phase of PHASES) {
      const runs = results.filter((result) => result.batchSize === batchSize && result.phase === phase);
      if (runs.length === 0) continue;
      const sum = (pick: (run: TRunResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
      const isConsistent = runs.every(
        (run) => run.attemptRows === run.deliveryRows && run.deliveries === run.deliveryRows,
      );
      lines.push(
        `| ${phase} | ${batchSize} | ${format(median(runs.map((r) => r.deliveriesPerSecond)))} | ${format(median(runs.map((r) => r.eventsPerSecond)))} | ${median(runs.map((r) => r.p50))} | ${median(runs.map((r) => r.p99))} | ${median(runs.map((r) => r.deliveryP50))} / ${median(runs.map((r) => r.deliveryP99))} | ${format(sum((r) => r.stored))} | ${sum((r) => r.lost)} | ${sum((r) => r.repeatedEvents)} | ${isConsistent ? "yes" : "NO"} (${format(sum((r) => r.attemptRows))}) | ${sum((r) => r.signaturesVerified)} (${sum((r) => r.signatureFailures)}) |`,
      );
    }
  }
  lines.push(
    "",
    "CPU per delivery (ms, medians; /proc per process tree; the box is shared, CPU time is what our processes spent) and what two cores of our own would allow (2,000 ms ÷ total):",
    "",
    "| phase | batch size | postgres | worker | web server | bench (receiver, load) | total | 2 cores ÷ total | transactions / delivery | load average (1 min) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const batchSize of BATCH_SIZES) {
    for (const phase of PHASES) {
      const runs = results.filter((result) => result.batchSize === batchSize && result.phase === phase);
      if (runs.length === 0) continue;
      const cpu = (name: string) => median(runs.map((run) => run.cpuMsPerDelivery[name] ?? 0));
      const workers = median(
        runs.map((run) =>
          Object.entries(run.cpuMsPerDelivery)
            .filter(([name]) => name.startsWith("worker"))
            .reduce((total, [, ms]) => total + ms, 0),
        ),
      );
      lines.push(
        `| ${phase} | ${batchSize} | ${cpu("postgres").toFixed(3)} | ${workers.toFixed(3)} | ${cpu("server").toFixed(3)} | ${cpu("bench").toFixed(3)} | ${cpu("total").toFixed(3)} | ${format(2000 / cpu("total"))}/s | ${median(runs.map((run) => run.transactionsPerDelivery)).toFixed(2)} | ${median(runs.map((run) => run.loadAverage[0] ?? 0)).toFixed(1)} |`,
      );
    }
  }
  const text = lines.join("\n");
  console.log(`\n${text}`);
  const dir = path.resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const stamp = Date.now();
  writeFileSync(path.join(dir, `webhooks-${stamp}.md`), `${text}\n`);
  writeFileSync(path.join(dir, `webhooks-${stamp}.json`), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
