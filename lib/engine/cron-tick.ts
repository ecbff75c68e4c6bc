import type pg from "pg";
import { scanDateTriggers } from "@/lib/engine/date-scan";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { processDueJobs } from "@/lib/engine/process-due-jobs";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { sweepEngine } from "@/lib/engine/sweep";

export const DEFAULT_CRON_BUDGET_MS = 50_000;

/**
 * One cron tick: recover dead workers' work, scan date triggers, then process due jobs until the
 * budget is spent or nothing is due. Concurrent and repeated calls are safe: jobs are claimed with
 * SKIP LOCKED, runs are unique per occurrence, sweeps take each row once.
 */
export async function runCronTick(options: { database: pg.Pool; budgetMs?: number; handlers?: TStepHandlers }) {
  const began = Date.now();
  const budgetMs = options.budgetMs ?? DEFAULT_CRON_BUDGET_MS;
  const sweep = await sweepEngine({ database: options.database });
  const dates = await scanDateTriggers({ database: options.database });
  const jobs = await processDueJobs({
    database: options.database,
    handlers: options.handlers ?? STEP_HANDLERS,
    budgetMs: Math.max(0, budgetMs - (Date.now() - began)),
  });
  return { sweep, dates: { flows: dates.flows, started: dates.started }, jobs, durationMs: Date.now() - began };
}
