// `npx tsx bench/queue-compare.ts [--jobs 10000 --workers 1,10 --repeat 3]`
// (`--soak-minutes 60 [--soak-rate 100]`: the side-by-side hour instead, see bench/queue-soak.ts)
// graphile-worker vs pg-boss on one fresh, durable embedded PostgreSQL (one database each):
//  a. transactional enqueue (a row insert + the job(s) in one `pg` transaction; 1 and 100 per txn),
//  b. no-op throughput with N pre-enqueued jobs (in-process, concurrency from --workers),
//  c. pickup latency (commit → handler start) at a steady enqueue rate,
//  d. a rolled-back transaction's job never runs (asserted),
//  e. how late a job scheduled 2 s (and 2.65 s, 3.3 s) ahead starts.
// Each measurement is repeated --repeat times; the table shows medians.
import { fork } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Logger, type Runner, run, runMigrations } from "graphile-worker";
import pg from "pg";
import PgBoss from "pg-boss";
import { clusterDirFor, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { machineDescription, median } from "./lib/bench-server";
import { runSoak } from "./queue-soak";
import { type SoakSpec, soakChild } from "./queue-soak-child";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "10000" },
    "single-jobs": { type: "string", default: "1000" },
    workers: { type: "string", default: "1,10" },
    repeat: { type: "string", default: "3" },
    rate: { type: "string", default: "200" },
    "latency-seconds": { type: "string", default: "5" },
    "throughput-cap-seconds": { type: "string", default: "10" },
    processes: { type: "string", default: "4" },
    // Internal: a worker process started by measureProcesses().
    child: { type: "string" },
    // Side-by-side soak of both libraries instead of the micro-measurements (bench/queue-soak.ts).
    "soak-minutes": { type: "string" },
    "soak-rate": { type: "string", default: "100" },
    // Internal: one side of the soak.
    "soak-child": { type: "string" },
  },
});
const JOBS = Number(values.jobs);
const SINGLE_JOBS = Number(values["single-jobs"]);
const CONCURRENCY = values.workers.split(",").map(Number);
const REPEAT = Number(values.repeat);
const RATE = Number(values.rate);
const LATENCY_SECONDS = Number(values["latency-seconds"]);
const CAP_MS = Number(values["throughput-cap-seconds"]) * 1000;
const PROCESSES = Number(values.processes);
const BATCH = 100;
const DATA_DIR = path.resolve(".data/bench-queue");

type Payload = { seq: number };
type Handler = (payload: Payload) => void;
type WorkerOptions = { concurrency: number; batchSize?: number; pollMs?: number };

/** What the benchmark needs from a queue; both implementations enqueue with plain SQL on `client`. */
type Queue = {
  label: string;
  /** Enqueues inside the caller's open transaction. */
  enqueue(client: pg.PoolClient, task: string, payloads: Payload[], runAt?: Date): Promise<void>;
  startWorker(task: string, options: WorkerOptions, handler: Handler): Promise<() => Promise<void>>;
  /** Jobs of `task` still stored (not completed). */
  pending(task: string): Promise<number>;
  reset(): Promise<void>;
  close(): Promise<void>;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const quietLogger = new Logger(() => () => {});
let taskCounter = 0;
const nextTask = () => `bench_${++taskCounter}`;

async function graphileQueue(url: string, pool: pg.Pool): Promise<Queue> {
  await runMigrations({ connectionString: url, logger: quietLogger });
  return {
    label: "graphile-worker",
    async enqueue(client, task, payloads, runAt) {
      if (payloads.length === 1) {
        await client.query("select graphile_worker.add_job($1, $2::json, run_at => $3)", [
          task,
          JSON.stringify(payloads[0]),
          runAt ?? null,
        ]);
        return;
      }
      await client.query(
        `select count(*) from graphile_worker.add_jobs((
           select array_agg(row($1, p, null, $3::timestamptz, null, null, null, null)::graphile_worker.job_spec)
           from json_array_elements($2::json) p))`,
        [task, JSON.stringify(payloads), runAt ?? null],
      );
    },
    async startWorker(task, options, handler) {
      const runner: Runner = await run({
        connectionString: url,
        concurrency: options.concurrency,
        maxPoolSize: options.concurrency + 2,
        pollInterval: options.pollMs ?? 2000,
        noHandleSignals: true,
        logger: quietLogger,
        taskList: { [task]: async (payload) => handler(payload as Payload) },
      });
      return () => runner.stop();
    },
    async pending(task) {
      const { rows } = await pool.query(
        `select count(*)::int as n from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = $1`,
        [task],
      );
      return rows[0].n;
    },
    async reset() {
      await pool.query("delete from graphile_worker._private_jobs");
    },
    async close() {},
  };
}

async function pgBossQueue(url: string, pool: pg.Pool): Promise<Queue> {
  const boss = new PgBoss({ connectionString: url, max: 14, supervise: true, schedule: false });
  boss.on("error", (error) => console.error("pg-boss:", error.message));
  await boss.start();
  const queues = new Set<string>();
  const ensureQueue = async (task: string) => {
    if (!queues.has(task)) await boss.createQueue(task);
    queues.add(task);
  };
  return {
    label: "pg-boss",
    async enqueue(client, task, payloads, runAt) {
      await ensureQueue(task);
      const db = { executeSql: (text: string, params: unknown[]) => client.query(text, params) };
      if (payloads.length === 1) {
        await boss.send(task, payloads[0] as Payload, { db, ...(runAt ? { startAfter: runAt } : {}) });
        return;
      }
      await boss.insert(
        payloads.map((data) => ({ name: task, data, ...(runAt ? { startAfter: runAt } : {}) })),
        { db },
      );
    },
    async startWorker(task, options, handler) {
      await ensureQueue(task);
      const ids: string[] = [];
      for (let i = 0; i < options.concurrency; i++) {
        ids.push(
          await boss.work<Payload>(
            task,
            { batchSize: options.batchSize ?? 1, pollingIntervalSeconds: (options.pollMs ?? 2000) / 1000 },
            async (jobs) => {
              for (const job of jobs) handler(job.data);
            },
          ),
        );
      }
      return async () => {
        for (const id of ids) await boss.offWork({ id });
        await sleep(50);
      };
    },
    async pending(task) {
      const { rows } = await pool.query(
        "select count(*)::int as n from pgboss.job where name = $1 and state < 'completed'",
        [task],
      );
      return rows[0].n;
    },
    async reset() {
      await pool.query("delete from pgboss.job");
      await pool.query("delete from pgboss.archive");
    },
    async close() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

/** One transaction: the business row plus its job(s). */
async function transaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>, commit = true) {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await work(client);
    await client.query(commit ? "commit" : "rollback");
  } finally {
    client.release();
  }
}

const insertEvent = (client: pg.PoolClient, seq: number) =>
  client.query("insert into bench_event (seq) values ($1)", [seq]);

async function measureEnqueue(pool: pg.Pool, queue: Queue | null, perTxn: number, total: number) {
  const task = nextTask();
  if (queue) await transaction(pool, (c) => queue.enqueue(c, task, [{ seq: -1 }])); // creates queue/task
  const started = performance.now();
  for (let seq = 0; seq < total; seq += perTxn) {
    const payloads = Array.from({ length: perTxn }, (_, i) => ({ seq: seq + i }));
    await transaction(pool, async (client) => {
      await insertEvent(client, seq);
      if (queue) await queue.enqueue(client, task, payloads);
    });
  }
  const rate = total / ((performance.now() - started) / 1000);
  if (queue) await queue.reset();
  return rate;
}

async function measureThroughput(pool: pg.Pool, queue: Queue, options: WorkerOptions) {
  const task = nextTask();
  for (let seq = 0; seq < JOBS; seq += 1000) {
    const payloads = Array.from({ length: Math.min(1000, JOBS - seq) }, (_, i) => ({ seq: seq + i }));
    await transaction(pool, (client) => queue.enqueue(client, task, payloads));
  }
  let done = 0;
  let last = 0;
  const seen = new Set<number>();
  let duplicates = 0;
  // From starting the worker (its start-up included) to the last job's handler start.
  const first = performance.now();
  const stop = await queue.startWorker(task, options, ({ seq }) => {
    last = performance.now();
    done++;
    if (seen.has(seq)) duplicates++;
    seen.add(seq);
  });
  const deadline = performance.now() + CAP_MS;
  while (done < JOBS && performance.now() < deadline) await sleep(20);
  await stop();
  await queue.reset();
  if (duplicates > 0) throw new Error(`${queue.label}: ${duplicates} jobs ran twice`);
  return { rate: done > 0 ? done / ((last - first) / 1000) : 0, done };
}

type ChildSpec = { database: string; url: string; task: string; options: WorkerOptions };
type ChildReport = { started: number; done: number; last: number };
const makers = { bench_graphile: graphileQueue, bench_pgboss: pgBossQueue } as const;

/** Same as measureThroughput, with PROCESSES worker processes sharing the queue. */
async function measureProcesses(pool: pg.Pool, queue: Queue, spec: Omit<ChildSpec, "task">) {
  const task = nextTask();
  for (let seq = 0; seq < JOBS; seq += 1000) {
    const payloads = Array.from({ length: Math.min(1000, JOBS - seq) }, (_, i) => ({ seq: seq + i }));
    await transaction(pool, (client) => queue.enqueue(client, task, payloads));
  }
  const reports = new Map<number, ChildReport>();
  const children = Array.from({ length: PROCESSES }, (_, i) => {
    const child = fork(process.argv[1] as string, ["--child", JSON.stringify({ ...spec, task })]);
    child.on("message", (report: ChildReport) => reports.set(i, report));
    return child;
  });
  const total = () => [...reports.values()].reduce((sum, r) => sum + r.done, 0);
  const deadline = Date.now() + CAP_MS + 5000;
  while (total() < JOBS && Date.now() < deadline) await sleep(20);
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.send("stop");
        }),
    ),
  );
  const done = total();
  // From the first process's worker start (process start-up excluded) to the last handler start.
  const first = Math.min(...[...reports.values()].map((r) => r.started));
  const last = Math.max(...[...reports.values()].map((r) => r.last));
  await queue.reset();
  if (done > JOBS) throw new Error(`${queue.label}: ${done - JOBS} jobs ran twice`);
  return { rate: done > 0 ? done / ((last - first) / 1000) : 0, done };
}

async function childMain(spec: ChildSpec) {
  const pool = new pg.Pool({ connectionString: spec.url, max: 2 });
  const queue = await makers[spec.database as keyof typeof makers](spec.url, pool);
  const report: ChildReport = { started: Date.now(), done: 0, last: 0 };
  const stop = await queue.startWorker(spec.task, spec.options, () => {
    report.done++;
    report.last = Date.now();
  });
  const timer = setInterval(() => process.send?.(report), 20);
  process.on("message", async () => {
    await stop();
    clearInterval(timer);
    process.send?.(report);
    await queue.close();
    await pool.end();
    process.disconnect();
    process.exit(0);
  });
}

async function measureLatency(pool: pg.Pool, queue: Queue, options: WorkerOptions) {
  const task = nextTask();
  const total = RATE * LATENCY_SECONDS;
  const committedAt = new Array<number>(total).fill(0);
  const startedAt = new Array<number>(total).fill(0);
  let done = 0;
  const stop = await queue.startWorker(task, options, ({ seq }) => {
    startedAt[seq] = performance.now();
    done++;
  });
  await sleep(500);
  const begin = performance.now();
  for (let seq = 0; seq < total; seq++) {
    const wait = begin + (seq * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    await transaction(pool, async (client) => {
      await insertEvent(client, seq);
      await queue.enqueue(client, task, [{ seq }]);
    });
    committedAt[seq] = performance.now();
  }
  const achievedRate = total / ((performance.now() - begin) / 1000);
  const deadline = performance.now() + 10_000;
  while (done < total && performance.now() < deadline) await sleep(20);
  await stop();
  await queue.reset();
  // A handler may start before the enqueuer's COMMIT round-trip returns: clamp at 0.
  const latencies = startedAt
    .map((start, i) => Math.max(0, start - (committedAt[i] as number)))
    .filter((_, i) => startedAt[i]! > 0)
    .sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: pick(0.5), p99: pick(0.99), achievedRate, missed: total - latencies.length };
}

async function checkRollback(pool: pg.Pool, queue: Queue, options: WorkerOptions) {
  const task = nextTask();
  const ran = new Set<number>();
  const stop = await queue.startWorker(task, options, ({ seq }) => {
    ran.add(seq);
  });
  await transaction(
    pool,
    async (client) => {
      await insertEvent(client, 1);
      await queue.enqueue(client, task, [{ seq: 1 }]);
    },
    false,
  );
  await transaction(pool, async (client) => {
    await insertEvent(client, 2);
    await queue.enqueue(client, task, [{ seq: 2 }]);
  });
  const deadline = performance.now() + 10_000;
  while (!ran.has(2) && performance.now() < deadline) await sleep(20);
  await sleep(1000);
  await stop();
  const stored = await queue.pending(task);
  await queue.reset();
  if (!ran.has(2)) throw new Error(`${queue.label}: the committed job did not run`);
  if (ran.has(1) || stored !== 0) throw new Error(`${queue.label}: a rolled-back job ran or is stored`);
  return "pass";
}

async function measureScheduled(pool: pg.Pool, queue: Queue, options: WorkerOptions, aheadMs: number) {
  const task = nextTask();
  let startedAt = 0;
  const stop = await queue.startWorker(task, options, () => {
    startedAt = Date.now();
  });
  await sleep(300);
  const runAt = new Date(Date.now() + aheadMs);
  await transaction(pool, (client) => queue.enqueue(client, task, [{ seq: 0 }], runAt));
  const deadline = Date.now() + 15_000;
  while (startedAt === 0 && Date.now() < deadline) await sleep(5);
  await stop();
  await queue.reset();
  if (startedAt === 0) throw new Error(`${queue.label}: the scheduled job did not run within 15 s`);
  return startedAt - runAt.getTime();
}

async function repeated(measure: () => Promise<number>): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < REPEAT; i++) results.push(await measure());
  return median(results);
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits }) : "—";

async function main() {
  const clusterDir = clusterDirFor(DATA_DIR);
  for (const dir of [DATA_DIR, clusterDir, `${clusterDir}.owner`]) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  const server = await startEmbeddedPostgres({ dataDir: DATA_DIR, log: (line) => console.error(line) });
  const rows: string[] = [];
  const row = (...cells: string[]) => {
    rows.push(`| ${cells.join(" | ")} |`);
    console.error(rows.at(-1));
  };
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    for (const db of ["bench_graphile", "bench_pgboss"]) await admin.query(`create database ${db}`);
    await admin.end();

    const setups: Array<[string, (url: string, pool: pg.Pool) => Promise<Queue>, WorkerOptions[]]> = [
      ["bench_graphile", graphileQueue, CONCURRENCY.map((concurrency) => ({ concurrency }))],
      [
        "bench_pgboss",
        pgBossQueue,
        CONCURRENCY.flatMap((concurrency) => [
          { concurrency, pollMs: 500 },
          { concurrency, batchSize: BATCH, pollMs: 500 },
        ]),
      ],
    ];
    for (const [database, create, throughputOptions] of setups) {
      const url = server.databaseUrl(database);
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      await pool.query("create table bench_event (id bigserial primary key, seq int not null)");
      const queue = await create(url, pool);
      const L = queue.label;
      try {
        if (database === "bench_graphile") {
          row(
            "baseline (row only)",
            "enqueue, 1 per txn",
            `${fmt(await repeated(() => measureEnqueue(pool, null, 1, SINGLE_JOBS)))} txn/s`,
            "",
          );
        }
        const single = await repeated(() => measureEnqueue(pool, queue, 1, SINGLE_JOBS));
        row(L, "enqueue, 1 job per txn (+ row)", `${fmt(single)} jobs/s`, `${SINGLE_JOBS} jobs`);
        const batched = await repeated(() => measureEnqueue(pool, queue, BATCH, JOBS * 2));
        row(L, `enqueue, ${BATCH} jobs per txn (+ row)`, `${fmt(batched)} jobs/s`, `${JOBS * 2} jobs`);

        for (const options of throughputOptions) {
          const runs = [];
          for (let i = 0; i < REPEAT; i++) runs.push(await measureThroughput(pool, queue, options));
          const batch = options.batchSize ? `, batchSize ${options.batchSize}` : "";
          const poll = options.pollMs ? `, poll ${options.pollMs} ms` : "";
          row(
            L,
            `no-op throughput, concurrency ${options.concurrency}${batch}${poll}`,
            `${fmt(median(runs.map((r) => r.rate)))} jobs/s`,
            `${fmt(median(runs.map((r) => r.done)))} of ${JOBS} done (cap ${CAP_MS / 1000} s)`,
          );
        }

        if (PROCESSES > 1) {
          const options: WorkerOptions =
            database === "bench_graphile"
              ? { concurrency: 10 }
              : { concurrency: 10, batchSize: BATCH, pollMs: 500 };
          const runs = [];
          for (let i = 0; i < REPEAT; i++)
            runs.push(await measureProcesses(pool, queue, { database, url, options }));
          const batch = options.batchSize
            ? `, batchSize ${options.batchSize}, poll ${options.pollMs} ms`
            : "";
          row(
            L,
            `no-op throughput, ${PROCESSES} processes × concurrency ${options.concurrency}${batch}`,
            `${fmt(median(runs.map((r) => r.rate)))} jobs/s`,
            `${fmt(median(runs.map((r) => r.done)))} of ${JOBS} done`,
          );
        }

        const latencyOptions: WorkerOptions[] =
          database === "bench_graphile"
            ? [{ concurrency: 10 }]
            : [
                { concurrency: 10, batchSize: BATCH, pollMs: 2000 },
                { concurrency: 10, batchSize: BATCH, pollMs: 500 },
              ];
        for (const options of latencyOptions) {
          const runs = [];
          for (let i = 0; i < REPEAT; i++) runs.push(await measureLatency(pool, queue, options));
          const how =
            database === "bench_graphile"
              ? "LISTEN/NOTIFY"
              : `batchSize ${options.batchSize}, polling every ${options.pollMs} ms`;
          row(
            L,
            `pickup latency at ${RATE}/s for ${LATENCY_SECONDS} s, concurrency 10 (${how})`,
            `p50 ${fmt(median(runs.map((r) => r.p50)), 1)} ms, p99 ${fmt(median(runs.map((r) => r.p99)), 1)} ms`,
            `achieved ${fmt(median(runs.map((r) => r.achievedRate)))}/s, missed ${Math.max(...runs.map((r) => r.missed))}`,
          );
        }

        const rollbackOptions = { concurrency: 1, pollMs: 500 };
        row(L, "rolled-back txn's job never runs", await checkRollback(pool, queue, rollbackOptions), "");
        for (const pollMs of database === "bench_graphile" ? [2000] : [2000, 500]) {
          // 2 s ahead, then off the poll grid (2.65 s, 3.3 s): a job due exactly on the next poll would flatter a poller.
          const late: number[] = [];
          for (let i = 0; i < REPEAT; i++) {
            late.push(await measureScheduled(pool, queue, { concurrency: 1, pollMs }, 2000 + 650 * (i % 3)));
          }
          row(
            L,
            `job scheduled 2–3.3 s ahead starts late by (poll ${pollMs} ms)`,
            `${fmt(median(late))} ms`,
            `max ${fmt(Math.max(...late))} ms`,
          );
        }
      } finally {
        await queue.close();
        await pool.end();
      }
    }
  } finally {
    await server.stop();
  }
  console.log(`\nQueue comparison, ${new Date().toISOString().slice(0, 10)}, ${machineDescription()}`);
  console.log(
    `Durable PostgreSQL (fsync on), embedded, one database per library; medians of ${REPEAT} runs.\n`,
  );
  console.log("| library | measurement | median | notes |\n|---|---|---|---|");
  console.log(rows.join("\n"));
}

if (values.child) await childMain(JSON.parse(values.child) as ChildSpec);
else if (values["soak-child"]) await soakChild(JSON.parse(values["soak-child"]) as SoakSpec);
else if (values["soak-minutes"]) {
  await runSoak({
    minutes: Number(values["soak-minutes"]),
    rate: Number(values["soak-rate"]),
    script: process.argv[1] as string,
  });
} else await main();
