import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { spawnRecordingWorker, type TRecordingWorker } from "@/lib/engine/reliability/recording-workers";
import {
  insertTriggeredEvents,
  publishSplitWebhookFlow,
  waitForCompletedRuns,
  webhookStepsOf,
} from "@/lib/engine/reliability/reliability-fixtures";
import { waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startLoopbackReceiver } from "@/lib/engine/testing/loopback-receiver";
import { createTestDatabase } from "@/test/database";

// Issue 4, "Scale beyond one machine": several worker processes on one PostgreSQL — every step
// executed, none twice (no crash here, so exactly once), the work shared between the processes.
// The same load is run with 1, 2 and 4 processes and the throughput printed for
// docs/RELIABILITY.md; only correctness is asserted (on 2 shared cores, more processes cannot
// be expected to go faster).

const RUNS_PER_PHASE = 4_000;
// ~20 events per batch is what the API commits under load; 100 keeps the job count (40 per
// phase) high enough for 16 queue slots to share, without making the test about queue overhead.
const EVENTS_PER_TRIGGER_JOB = 100;
const CONCURRENCY_PER_PROCESS = 4;

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture("Scale");
const receiver = await startLoopbackReceiver();
const workers: TRecordingWorker[] = [];

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await receiver.close();
});

type TPhase = {
  processes: number;
  seconds: number;
  runsPerSecond: number;
  byWorker: number[];
  /** CPU time the worker processes spent on the phase's load (start-up excluded), s. */
  workerCpuSeconds: number;
};

async function runPhase(processes: number): Promise<TPhase> {
  const { flowId, metricId } = await publishSplitWebhookFlow({
    workspaceId,
    metricName: `Scale ${processes}`,
    receiverUrl: receiver.url,
  });
  const phaseWorkers = await Promise.all(
    Array.from({ length: processes }, (_, index) =>
      spawnRecordingWorker({
        databaseUrl: db.url,
        receiverUrl: receiver.url,
        concurrency: CONCURRENCY_PER_PROCESS,
        name: `p${processes}-${index}`,
      }),
    ),
  );
  workers.push(...phaseWorkers);
  // Registration is the first heartbeat, written just after the queue workers start.
  await waitFor(
    async () => {
      const registered = await db.pool.query<{ n: number }>(
        "select count(distinct process_id)::int as n from engine_workers",
      );
      return registered.rows[0]!.n === processes;
    },
    { what: `${processes} registered worker processes` },
  );

  const cpu = () => phaseWorkers.reduce((sum, worker) => sum + (worker.cpuSeconds() ?? Number.NaN), 0);
  const cpuAtStart = cpu();
  const startedAt = Date.now();
  await insertTriggeredEvents(db.pool, {
    workspaceId,
    metricId,
    count: RUNS_PER_PHASE,
    label: `scale-${processes}`,
    eventsPerJob: EVENTS_PER_TRIGGER_JOB,
  });
  const done = await waitForCompletedRuns(db.pool, {
    flowId,
    count: RUNS_PER_PHASE,
    timeoutMs: 60_000,
    onPoll: () => {
      const dead = phaseWorkers.find((worker) => !worker.isRunning());
      if (dead) throw new Error(`a worker died:\n${dead.output()}`);
    },
  });
  const seconds = (Date.now() - startedAt) / 1000;

  expect(done.runs).toEqual({ completed: RUNS_PER_PHASE });
  expect(done.steps).toEqual({ completed: 2 * RUNS_PER_PHASE });
  const retried = await db.pool.query<{ n: number }>(
    "select count(*)::int as n from steps s join runs r on r.id = s.run_id where r.flow_id = $1 and s.attempts <> 1",
    [flowId],
  );
  // On failure, say why those steps ran again (their failed attempts' errors, a few).
  const why = await db.pool.query<{ history: unknown }>(
    `select s.attempt_history as history from steps s join runs r on r.id = s.run_id
     where r.flow_id = $1 and s.attempts <> 1 limit 3`,
    [flowId],
  );
  expect(retried.rows[0]!.n, JSON.stringify(why.rows)).toBe(0);
  // Exactly one delivery per webhook step, and nothing else delivered for this flow.
  const steps = await webhookStepsOf(db.pool, flowId);
  expect(steps).toHaveLength(RUNS_PER_PHASE);
  const keys = new Set(steps.map((step) => step.key));
  const requests = receiver.requests.filter((request) => request.key !== null && keys.has(request.key));
  const perKey = new Map<string, number>();
  for (const request of requests) perKey.set(request.key!, (perKey.get(request.key!) ?? 0) + 1);
  expect(requests.every((request) => request.status === 200)).toBe(true);
  expect(perKey.size).toBe(RUNS_PER_PHASE);
  expect([...perKey.values()].filter((count) => count !== 1)).toEqual([]);

  const byPid = new Map<number, number>();
  for (const request of requests) {
    const pid = (JSON.parse(request.body) as { workerPid: number }).workerPid;
    byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
  }
  if (processes > 1) expect(byPid.size).toBeGreaterThan(1);

  const workerCpuSeconds = cpu() - cpuAtStart;
  // Graceful stop: running jobs finish, the registrations go, the processes exit 0.
  await Promise.all(phaseWorkers.map((worker) => worker.stop()));
  for (const worker of phaseWorkers) expect((await worker.exited).code, worker.output()).toBe(0);
  const left = await db.pool.query("select 1 from engine_workers");
  expect(left.rowCount).toBe(0);

  return {
    processes,
    seconds,
    runsPerSecond: RUNS_PER_PHASE / seconds,
    byWorker: [...byPid.values()].sort((a, b) => b - a),
    workerCpuSeconds,
  };
}

describe("several worker processes on one database", () => {
  it("execute every step exactly once with 1, 2 and 4 processes, sharing the work", async () => {
    const phases: TPhase[] = [];
    for (const processes of [1, 2, 4]) phases.push(await runPhase(processes));
    for (const phase of phases) {
      console.log(
        `[reliability] ${phase.processes} worker process(es) × concurrency ${CONCURRENCY_PER_PROCESS}: ` +
          `${RUNS_PER_PHASE} runs (${2 * RUNS_PER_PHASE} steps) in ${phase.seconds.toFixed(1)} s = ` +
          `${phase.runsPerSecond.toFixed(0)} runs/s; worker CPU ${phase.workerCpuSeconds.toFixed(1)} s; ` +
          `webhook deliveries per process: ${phase.byWorker.join(", ")}`,
      );
    }
  }, 150_000);
});
