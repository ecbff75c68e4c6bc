import type pg from "pg";
import { sweepSegments } from "@/lib/audience/segments/sweep-segments";
import { scanDateTriggers } from "@/lib/engine/date-scan";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { processDueJobs } from "@/lib/engine/process-due-jobs";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { sweepEngine } from "@/lib/engine/sweep";
import { moduleLog } from "@/lib/log";

export const DEFAULT_CRON_BUDGET_MS = 50_000;

/**
 * One cron tick: recover dead workers' work, scan date triggers, sweep time-window segments, then
 * process due jobs until the budget is spent or nothing is due. Concurrent and repeated calls are safe: jobs are claimed with
 * SKIP LOCKED, runs are unique per occurrence, sweeps take each row once.
 */
export async function runCronTick(options: {
  database: pg.Pool;
  budgetMs?: number;
  handlers?: TStepHandlers;
}) {
  const began = Date.now();
  const budgetMs = options.budgetMs ?? DEFAULT_CRON_BUDGET_MS;
  const sweep = await sweepEngine({ database: options.database });
  // A failing date flow must not stop the tick: the jobs still get processed, the error reported.
  const dates = await scanDateTriggers({ database: options.database }).catch((error: unknown) => {
    moduleLog("engine").error({ err: error }, "date scan failed");
    return { flows: 0, started: 0, error: error instanceof Error ? error.message : String(error) };
  });
  // Time-window segments (only those not recomputed for 15 min), like the scheduler's sweep.
  const segments = await sweepSegments({ database: options.database }).catch((error: unknown) => {
    moduleLog("engine").error({ err: error }, "segment sweep failed");
    return {
      recomputed: 0,
      failed: 0,
      snapshots: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  });
  const jobs = await processDueJobs({
    database: options.database,
    handlers: options.handlers ?? STEP_HANDLERS,
    budgetMs: Math.max(0, budgetMs - (Date.now() - began)),
  });
  return {
    sweep,
    dates: {
      flows: dates.flows,
      started: dates.started,
      ...("error" in dates ? { error: dates.error } : {}),
    },
    segments,
    jobs,
    durationMs: Date.now() - began,
  };
}
