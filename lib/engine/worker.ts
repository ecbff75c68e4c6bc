import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { type Runner, run, type Task, type TaskList, type WorkerEvents } from "graphile-worker";
import type pg from "pg";
import { codeTaskList, type TCodeTaskOptions } from "@/lib/code/dispatch/code-tasks";
import { noteIfDatabaseUnavailable, waitForDatabase } from "@/lib/engine/database-health";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import type { TClaimedStep } from "@/lib/engine/load-step-batch";
import { startJoinRuns } from "@/lib/engine/on-audience-joined";
import { ENGINE_TASKS, queueLogger } from "@/lib/engine/queue";
import { DEFAULT_LEASE_MS, runClaimedSteps, runSteps, type TEngineOptions } from "@/lib/engine/run-steps";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { triggerEvents } from "@/lib/engine/trigger-events";
import {
  eventWebhookTaskList,
  type TEventWebhookTaskOptions,
} from "@/lib/event-webhooks/event-webhook-tasks";
import { moduleLog } from "@/lib/log";

/** Waiting trigger jobs a trigger job takes over (≤ 500 events each): bounds a job's size. */
const ABSORB_TRIGGER_JOBS = 8;

export type TWorkerOptions = {
  database: pg.Pool;
  /** Jobs run at once by this process (each job is a batch of up to 200 steps). */
  concurrency?: number;
  handlers?: TStepHandlers;
  /** How often scheduled (run_at) jobs are looked for; new jobs arrive by LISTEN/NOTIFY at once. */
  pollIntervalMs?: number;
  heartbeatMs?: number;
  engine?: Partial<Omit<TEngineOptions, "database" | "handlers">>;
  /** Event webhook delivery (tests inject a clock, a short retry schedule, a dispatcher). */
  eventWebhooks?: TEventWebhookTaskOptions;
  /** Event-subscribed code functions (tests inject a runtime, a clock, a short retry base). */
  code?: TCodeTaskOptions;
};

export type TEngineWorker = {
  processId: string;
  runner: Runner;
  stop: () => Promise<void>;
};

export function engineTaskList(options: {
  database: pg.Pool;
  handlers: TStepHandlers;
  engine?: TWorkerOptions["engine"];
  eventWebhooks?: TEventWebhookTaskOptions;
  code?: TCodeTaskOptions;
}): TaskList {
  const engine: TEngineOptions = {
    database: options.database,
    handlers: options.handlers,
    ...options.engine,
  };
  const leaseMs = engine.leaseMs ?? DEFAULT_LEASE_MS;
  // Trigger jobs run the first steps they create themselves (claimed in the same commit). A retry
  // of a trigger job also holds the steps its failed attempt claimed (found by job id) — besides
  // any it created this time, e.g. for jobs it absorbed now: it runs both.
  const thenRunClaimed = async (claimed: TClaimedStep[], jobId: string, attempt: number) => {
    if (claimed.length > 0) await runClaimedSteps(claimed, jobId, engine);
    if (claimed.length === 0 || attempt > 1) await runSteps([], jobId, engine);
  };
  // A job that failed because PostgreSQL went away waits for it to come back before failing, so
  // graphile-worker can record the failure (database-health.ts says why that matters).
  const guarded =
    (task: Task): Task =>
    async (payload, helpers) => {
      try {
        await task(payload, helpers);
      } catch (error) {
        if (noteIfDatabaseUnavailable(error)) await waitForDatabase(options.database);
        throw error;
      }
    };
  const tasks: Record<string, Task> = {
    [ENGINE_TASKS.triggerEvents]: async (payload, helpers) => {
      const { eventIds } = payload as { eventIds: string[] };
      const result = await triggerEvents(eventIds, {
        database: options.database,
        now: engine.now,
        claim: { jobId: helpers.job.id, leaseMs },
        absorbJobs: ABSORB_TRIGGER_JOBS,
      });
      await thenRunClaimed(result.claimed, helpers.job.id, helpers.job.attempts);
    },
    [ENGINE_TASKS.startJoinRuns]: async (payload, helpers) => {
      const result = await startJoinRuns(payload as Parameters<typeof startJoinRuns>[0], {
        database: options.database,
        now: engine.now,
        claim: { jobId: helpers.job.id, leaseMs },
      });
      await thenRunClaimed(result.claimed, helpers.job.id, helpers.job.attempts);
    },
    [ENGINE_TASKS.runSteps]: async (payload, helpers) => {
      await runSteps((payload as { stepIds: string[] }).stepIds, helpers.job.id, engine);
    },
    ...eventWebhookTaskList({ database: options.database, ...options.eventWebhooks }),
    ...codeTaskList({ database: options.database, ...options.code }),
  };
  return Object.fromEntries(Object.entries(tasks).map(([name, task]) => [name, guarded(task)]));
}

/**
 * Starts this process's queue workers. Their ids are registered with a heartbeat so that, if the
 * process dies, sweepEngine releases its jobs within seconds. stop() is graceful: running jobs
 * finish (or are returned to the queue), then the registration is removed.
 */
export async function startEngineWorker(options: TWorkerOptions): Promise<TEngineWorker> {
  const processId = `hookflow-${process.pid}-${randomBytes(4).toString("hex")}`;
  const workerIds = new Set<string>();
  const log = moduleLog("engine");
  const heartbeat = async () => {
    if (workerIds.size === 0) return;
    await options.database
      .query(
        `insert into engine_workers (worker_id, process_id, heartbeat_at)
         select unnest($1::text[]), $2, now()
         on conflict (worker_id) do update set heartbeat_at = now()`,
        [[...workerIds], processId],
      )
      .catch((error: unknown) => {
        noteIfDatabaseUnavailable(error);
        log.warn({ err: error }, "heartbeat failed; retrying");
      });
  };
  // Registered before the pool starts, so no worker's id is missed.
  const events = new EventEmitter() as WorkerEvents;
  // graphile-worker 0.17 locks jobs with the POOL's id (locked_by = "pool-…"); the individual
  // workers' ids are registered too, in case a later version locks by them.
  events.on("pool:create", ({ workerPool }) => {
    workerIds.add(workerPool.id);
    void heartbeat();
  });
  events.on("worker:create", ({ worker }) => {
    workerIds.add(worker.workerId);
    void heartbeat();
  });
  const runner = await run({
    events,
    pgPool: options.database,
    taskList: engineTaskList({
      database: options.database,
      handlers: options.handlers ?? STEP_HANDLERS,
      engine: options.engine,
      eventWebhooks: options.eventWebhooks,
      code: options.code,
    }),
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollIntervalMs ?? 500,
    noHandleSignals: true,
    logger: queueLogger(),
  });
  const timer = setInterval(() => void heartbeat(), options.heartbeatMs ?? 5_000);
  timer.unref();
  log.info({ processId, concurrency: options.concurrency ?? 4 }, "engine worker started");
  return {
    processId,
    runner,
    stop: async () => {
      clearInterval(timer);
      await runner.stop();
      await options.database
        .query("delete from engine_workers where process_id = $1", [processId])
        .catch((error: unknown) => log.warn({ err: error }, "could not remove worker registration"));
      log.info({ processId }, "engine worker stopped");
    },
  };
}
