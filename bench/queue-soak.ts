// `npm run bench:queues -- --soak-minutes 60 [--soak-rate 100]`: graphile-worker and pg-boss SIDE BY
// SIDE for the same hour on one durable embedded PostgreSQL (one database each), so both see the same
// machine noise. Each queue runs in its own child process (producer + worker, as `npm start` runs
// the app and a worker in one process) with our workload shape:
//  - a steady rate of transactions "insert an event row + enqueue its step job" (the engine's shape),
//  - a handler that does the engine step's small write in one transaction (update the event row,
//    insert a result row),
//  - every 5 s a job scheduled 2 s ahead,
//  - 1 job in 100 fails on its first attempt (rolled back) and is retried by the queue.
// Every minute the parent samples: pickup latency (commit → handler start, first attempts) p50/p99,
// jobs completed, ready backlog, retries completed, scheduled lateness, the child's RSS, the queue
// schema's on-disk size, live and dead tuples and autovacuum runs. Samples stream to
// bench/results/queue-soak-<ts>.jsonl; a CSV and a Markdown summary (first vs last 10 minutes)
// are written at the end, with a final loss/duplicate check from the result rows.
import { fork } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { clusterDirFor, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { machineDescription } from "./lib/bench-server";
import type { ChildSample, SoakSpec } from "./queue-soak-child";

const DATA_DIR = path.resolve(".data/bench-queue-soak");
const RESULTS = path.resolve("bench/results");
const LIBRARIES = [
  { database: "soak_graphile", library: "graphile-worker", schema: "graphile_worker" },
  { database: "soak_pgboss", library: "pg-boss", schema: "pgboss" },
] as const;

type Sample = ChildSample & {
  minute: number;
  library: string;
  backlog: number;
  queueBytes: number;
  liveTuples: number;
  deadTuples: number;
  autovacuums: number;
  load1: number;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Ready = due and not taken by a worker (future retries and scheduled jobs are not backlog).
const BACKLOG_SQL: Record<string, string> = {
  graphile_worker: `select count(*)::int as n from graphile_worker._private_jobs
    where run_at <= now() and locked_at is null and attempts < max_attempts`,
  pgboss: `select count(*)::int as n from pgboss.job
    where state in ('created', 'retry') and start_after <= now()`,
};

// Partitions (pg-boss 10 partitions pgboss.job per queue) are plain tables in the same schema.
const STORAGE_SQL = `
  select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes,
         coalesce(sum(s.n_live_tup), 0)::bigint as live, coalesce(sum(s.n_dead_tup), 0)::bigint as dead,
         coalesce(sum(s.autovacuum_count), 0)::int as autovacuums
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  left join pg_stat_user_tables s on s.relid = c.oid
  where n.nspname = $1 and c.relkind = 'r'`;

async function sampleDatabase(pool: pg.Pool, schema: string) {
  const backlog = await pool.query(BACKLOG_SQL[schema] as string);
  const { rows } = await pool.query(STORAGE_SQL, [schema]);
  const row = rows[0];
  return {
    backlog: backlog.rows[0].n as number,
    queueBytes: Number(row.bytes),
    liveTuples: Number(row.live),
    deadTuples: Number(row.dead),
    autovacuums: Number(row.autovacuums),
  };
}

export async function runSoak(options: { minutes: number; rate: number; script: string }) {
  const clusterDir = clusterDirFor(DATA_DIR);
  for (const dir of [DATA_DIR, clusterDir, `${clusterDir}.owner`]) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(RESULTS, { recursive: true });
  const stamp = Date.now();
  const jsonl = path.join(RESULTS, `queue-soak-${stamp}.jsonl`);
  const server = await startEmbeddedPostgres({ dataDir: DATA_DIR, log: (line) => console.error(line) });
  const samples: Sample[] = [];
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    for (const { database } of LIBRARIES) await admin.query(`create database ${database}`);
    await admin.end();

    const sides = await Promise.all(
      LIBRARIES.map(async (lib) => {
        const url = server.databaseUrl(lib.database);
        const pool = new pg.Pool({ connectionString: url, max: 2 });
        await pool.query(`create table soak_event (id bigserial primary key, seq int not null,
          status text not null default 'new', attempts int not null default 0,
          created_at timestamptz not null default now())`);
        await pool.query(`create table soak_result (id bigserial primary key, event_id bigint not null,
          output jsonb not null, created_at timestamptz not null default now())`);
        const spec: SoakSpec = { library: lib.library, url, rate: options.rate };
        const child = fork(options.script, ["--soak-child", JSON.stringify(spec)]);
        await new Promise<void>((resolve, reject) => {
          child.once("message", () => resolve());
          child.once("exit", (code) => reject(new Error(`${lib.library} child exited ${code}`)));
        });
        return { ...lib, pool, child };
      }),
    );
    const ask = (child: (typeof sides)[number]["child"], command: string) =>
      new Promise<ChildSample>((resolve) => {
        child.once("message", (sample: ChildSample) => resolve(sample));
        child.send(command);
      });

    for (const side of sides) side.child.send("start");
    const begin = Date.now();
    for (let minute = 1; minute <= options.minutes; minute++) {
      await sleep(begin + minute * 60_000 - Date.now());
      const load1 = (await import("node:os")).loadavg()[0] as number;
      await Promise.all(
        sides.map(async (side) => {
          const sample: Sample = {
            minute,
            library: side.library,
            ...(await ask(side.child, "sample")),
            ...(await sampleDatabase(side.pool, side.schema)),
            load1,
          };
          samples.push(sample);
          appendFileSync(jsonl, `${JSON.stringify(sample)}\n`);
          console.error(formatSample(sample));
        }),
      );
    }

    // Stop producing, let the queues drain, then check every event ran its step exactly once.
    const finals = await Promise.all(
      sides.map(async (side) => {
        await ask(side.child, "stop-producing");
        const deadline = Date.now() + 60_000;
        let pending = 1;
        while (pending > 0 && Date.now() < deadline) {
          await sleep(1000);
          const { rows } = await side.pool.query(
            "select count(*)::int as n from soak_event where status <> 'done'",
          );
          pending = rows[0].n;
        }
        const { rows } = await side.pool.query(`select
            (select count(*) from soak_event)::int as events,
            (select count(*) from soak_event where status <> 'done')::int as not_done,
            (select count(*) from (select event_id from soak_result group by 1 having count(*) > 1) d)::int
              as duplicated`);
        await ask(side.child, "exit");
        await side.pool.end();
        return { library: side.library, ...rows[0] };
      }),
    );
    appendFileSync(jsonl, `${JSON.stringify({ finals })}\n`);
    writeReports(stamp, samples, finals, options);
  } finally {
    await server.stop();
  }
}

function formatSample(s: Sample) {
  return `[${s.minute} min] ${s.library}: ${s.completed} done, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, backlog ${s.backlog}, retries ${s.retriesDone}, sched late ${s.scheduledLateMedian} ms, rss ${(s.rss / 2 ** 20).toFixed(0)} MB, queue ${(s.queueBytes / 2 ** 20).toFixed(1)} MB, dead ${s.deadTuples}`;
}

const COLUMNS: Array<keyof Sample> = [
  "minute",
  "library",
  "produced",
  "completed",
  "p50",
  "p99",
  "max",
  "enqueueP50",
  "enqueueP99",
  "backlog",
  "failures",
  "retriesDone",
  "retryDelayMedian",
  "scheduledCount",
  "scheduledLateMedian",
  "scheduledLateMax",
  "rss",
  "heapUsed",
  "queueBytes",
  "liveTuples",
  "deadTuples",
  "autovacuums",
  "load1",
];

function writeReports(
  stamp: number,
  samples: Sample[],
  finals: Array<Record<string, unknown>>,
  options: { minutes: number; rate: number },
) {
  const csv = [COLUMNS.join(","), ...samples.map((s) => COLUMNS.map((c) => s[c]).join(","))];
  writeFileSync(path.join(RESULTS, `queue-soak-${stamp}.csv`), `${csv.join("\n")}\n`);
  const window = Math.min(10, Math.max(1, Math.floor(options.minutes / 3)));
  const avg = (rows: Sample[], key: keyof Sample) =>
    rows.reduce((sum, r) => sum + Number(r[key]), 0) / Math.max(1, rows.length);
  const lines = [
    `Queue soak, ${new Date(stamp).toISOString()}, ${machineDescription()}`,
    `${options.minutes} min side by side, ${options.rate} txn/s each (event row + job), durable embedded PostgreSQL.`,
    "",
    `| library | window | jobs/min | pickup p50 / p99 ms | enqueue txn p50 / p99 ms | backlog | retries | sched. late median / max ms | RSS MB | queue MB | dead tuples |`,
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const { library } of LIBRARIES) {
    const mine = samples.filter((s) => s.library === library);
    for (const [label, rows] of [
      [`first ${window} min`, mine.slice(0, window)],
      [`last ${window} min`, mine.slice(-window)],
      ["all", mine],
    ] as const) {
      const f = (key: keyof Sample, digits = 1) => avg(rows, key).toFixed(digits);
      lines.push(
        `| ${library} | ${label} | ${f("completed", 0)} | ${f("p50")} / ${f("p99")} | ${f("enqueueP50")} / ${f("enqueueP99")} | ${f("backlog", 0)} | ${rows.reduce((n, r) => n + r.retriesDone, 0)} | ${f("scheduledLateMedian", 0)} / ${Math.max(...rows.map((r) => r.scheduledLateMax))} | ${(avg(rows, "rss") / 2 ** 20).toFixed(0)} | ${(avg(rows, "queueBytes") / 2 ** 20).toFixed(1)} | ${f("deadTuples", 0)} |`,
      );
    }
  }
  lines.push("", "Final check after draining:", "", "```", JSON.stringify(finals, null, 2), "```");
  writeFileSync(path.join(RESULTS, `queue-soak-${stamp}.md`), `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
}
