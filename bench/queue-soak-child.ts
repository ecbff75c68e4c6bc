// One side of the queue soak (bench/queue-soak.ts): producer + worker of one library in this process,
// driven by the parent over IPC ("start", "sample", "stop-producing", "exit").
import { Logger, run } from "graphile-worker";
import pg from "pg";
import PgBoss from "pg-boss";

export type SoakSpec = { library: "graphile-worker" | "pg-boss"; url: string; rate: number };
export type ChildSample = {
  produced: number;
  completed: number;
  p50: number;
  p99: number;
  max: number;
  enqueueP50: number;
  enqueueP99: number;
  failures: number;
  retriesDone: number;
  retryDelayMedian: number;
  scheduledCount: number;
  scheduledLateMedian: number;
  scheduledLateMax: number;
  rss: number;
  heapUsed: number;
};
type Job = { kind: "step"; seq: number; eventId: string } | { kind: "scheduled"; due: number };

const CONCURRENCY = 4; // the engine worker's default
const POLL_MS = 500;
const FAIL_EVERY = 100; // 1 job in 100 fails once
const SCHEDULE_EVERY_MS = 5000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

export async function soakChild(spec: SoakSpec) {
  const pool = new pg.Pool({ connectionString: spec.url, max: CONCURRENCY + 8 });
  const committedAt = new Map<number, number>();
  const startedAt = new Map<number, number>();
  const failedAt = new Map<number, number>();
  let minute = emptyMinute();

  // The engine step's shape: one transaction updating the run's row and inserting the step result.
  async function handle(job: Job) {
    if (job.kind === "scheduled") {
      minute.scheduledLate.push(Date.now() - job.due);
      return;
    }
    if (!failedAt.has(job.seq)) startedAt.set(job.seq, performance.now());
    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query("update soak_event set status = 'done', attempts = attempts + 1 where id = $1", [
        job.eventId,
      ]);
      await client.query("insert into soak_result (event_id, output) values ($1, $2)", [
        job.eventId,
        JSON.stringify({ ok: true, seq: job.seq }),
      ]);
      if (job.seq % FAIL_EVERY === 42 && !failedAt.has(job.seq)) {
        failedAt.set(job.seq, Date.now());
        minute.failures++;
        throw new Error(`planned first-attempt failure of ${job.seq}`);
      }
      await client.query("commit");
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    const failed = failedAt.get(job.seq);
    if (failed !== undefined) {
      minute.retriesDone++;
      minute.retryDelays.push(Date.now() - failed);
      failedAt.delete(job.seq);
    }
    minute.completed++;
  }

  const queue =
    spec.library === "graphile-worker"
      ? await graphileSide(spec.url, handle)
      : await pgBossSide(spec.url, handle);

  let producing = false;
  let inFlight = 0;
  async function produce(seq: number) {
    inFlight++;
    const client = await pool.connect();
    const begin = performance.now();
    try {
      await client.query("begin");
      const { rows } = await client.query("insert into soak_event (seq) values ($1) returning id", [seq]);
      await queue.enqueue(client, { kind: "step", seq, eventId: String(rows[0].id) });
      await client.query("commit");
      committedAt.set(seq, performance.now());
      minute.enqueueMs.push(performance.now() - begin);
      minute.produced++;
    } finally {
      client.release();
      inFlight--;
    }
  }
  async function produceLoop() {
    const begin = performance.now();
    let nextScheduled = Date.now();
    for (let seq = 0; producing; seq++) {
      const wait = begin + (seq * 1000) / spec.rate - performance.now();
      if (wait > 0) await sleep(wait);
      while (inFlight >= 16) await sleep(1);
      void produce(seq).catch((error) => console.error(`${spec.library} produce:`, error.message));
      if (Date.now() >= nextScheduled) {
        nextScheduled += SCHEDULE_EVERY_MS;
        const due = Date.now() + 2000;
        const client = await pool.connect();
        await queue
          .enqueue(client, { kind: "scheduled", due }, new Date(due))
          .finally(() => client.release());
      }
    }
  }

  function takeSample(): ChildSample {
    // Pickup latency: commit returned → handler started (clamped at 0: NOTIFY can beat the COMMIT reply).
    const latencies: number[] = [];
    for (const [seq, start] of startedAt) {
      const commit = committedAt.get(seq);
      if (commit === undefined) continue;
      latencies.push(Math.max(0, start - commit));
      startedAt.delete(seq);
      committedAt.delete(seq);
    }
    const m = minute;
    minute = emptyMinute();
    const memory = process.memoryUsage();
    return {
      produced: m.produced,
      completed: m.completed,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: quantile(latencies, 1),
      enqueueP50: quantile(m.enqueueMs, 0.5),
      enqueueP99: quantile(m.enqueueMs, 0.99),
      failures: m.failures,
      retriesDone: m.retriesDone,
      retryDelayMedian: quantile(m.retryDelays, 0.5),
      scheduledCount: m.scheduledLate.length,
      scheduledLateMedian: quantile(m.scheduledLate, 0.5),
      scheduledLateMax: quantile(m.scheduledLate, 1),
      rss: memory.rss,
      heapUsed: memory.heapUsed,
    };
  }

  process.on("message", async (command: string) => {
    if (command === "start") {
      producing = true;
      void produceLoop();
    } else if (command === "sample") {
      process.send?.(takeSample());
    } else if (command === "stop-producing") {
      producing = false;
      while (inFlight > 0) await sleep(10);
      process.send?.(takeSample());
    } else if (command === "exit") {
      await queue.stop();
      await pool.end();
      process.send?.(takeSample());
      process.disconnect();
      process.exit(0);
    }
  });
  process.send?.({ ready: true });
}

function emptyMinute() {
  return {
    produced: 0,
    completed: 0,
    failures: 0,
    retriesDone: 0,
    enqueueMs: [] as number[],
    retryDelays: [] as number[],
    scheduledLate: [] as number[],
  };
}

type Side = {
  enqueue(client: pg.PoolClient, job: Job, runAt?: Date): Promise<unknown>;
  stop(): Promise<void>;
};

async function graphileSide(url: string, handle: (job: Job) => Promise<void>): Promise<Side> {
  const runner = await run({
    connectionString: url,
    concurrency: CONCURRENCY,
    maxPoolSize: CONCURRENCY + 2,
    pollInterval: POLL_MS,
    noHandleSignals: true,
    logger: new Logger(() => () => {}),
    taskList: { step: async (payload) => handle(payload as Job) },
  });
  return {
    enqueue: (client, job, runAt) =>
      client.query("select graphile_worker.add_job('step', $1::json, run_at => $2, max_attempts => 4)", [
        JSON.stringify(job),
        runAt ?? null,
      ]),
    stop: () => runner.stop(),
  };
}

async function pgBossSide(url: string, handle: (job: Job) => Promise<void>): Promise<Side> {
  // Completed jobs archived after 60 s and deleted 10 min later: run history lives in our own
  // tables, so this is how we would deploy it (the defaults, 12 h / 7 days, only grow the table).
  const boss = new PgBoss({
    connectionString: url,
    max: CONCURRENCY + 2,
    supervise: true,
    schedule: false,
    archiveCompletedAfterSeconds: 60,
    deleteAfterMinutes: 10,
  });
  boss.on("error", (error) => console.error("pg-boss:", error.message));
  await boss.start();
  await boss.createQueue("step");
  // pg-boss 10 waits a full poll between fetches of one worker: batches keep up with the rate, and
  // a failing job is failed on its own so the rest of its batch completes.
  for (let i = 0; i < CONCURRENCY; i++) {
    await boss.work<Job>("step", { batchSize: 50, pollingIntervalSeconds: POLL_MS / 1000 }, async (jobs) => {
      for (const job of jobs) {
        await handle(job.data).catch((error: Error) => boss.fail("step", job.id, { message: error.message }));
      }
    });
  }
  return {
    enqueue: (client, job, runAt) =>
      boss.send("step", job, {
        db: { executeSql: (text: string, params: unknown[]) => client.query(text, params) },
        retryLimit: 3,
        retryDelay: 3,
        ...(runAt ? { startAfter: runAt } : {}),
      }),
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
