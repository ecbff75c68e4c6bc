import type pg from "pg";
import { SEGMENT_SWEEP_EVERY_MS, sweepSegments } from "@/lib/audience/segments/sweep-segments";
import { PRUNE_INVOCATIONS_EVERY_MS, pruneInvocations } from "@/lib/code/prune-invocations";
import { noteIfDatabaseUnavailable } from "@/lib/engine/database-health";
import { scanDateTriggers } from "@/lib/engine/date-scan";
import { sweepEngine } from "@/lib/engine/sweep";
import { moduleLog } from "@/lib/log";

export const SWEEP_EVERY_MS = 10_000;
export const DATE_SCAN_EVERY_MS = 5 * 60_000;

/**
 * The in-process scheduler of a worker process: the sweeper every 10 s, the date scan at start
 * and every 5 minutes (it scans a window of the next 24 h with catch-up for missed days, so a
 * restart after downtime fires what was missed, once). Any number of processes may run it.
 * Each task runs again only after it finished (no overlap within a process).
 */
export function startScheduler(options: {
  database: pg.Pool;
  sweepEveryMs?: number;
  dateScanEveryMs?: number;
}) {
  const log = moduleLog("scheduler");
  const timers: NodeJS.Timeout[] = [];
  let isStopped = false;
  const every = (name: string, intervalMs: number, task: () => Promise<unknown>) => {
    const tick = async () => {
      try {
        await task();
      } catch (error) {
        noteIfDatabaseUnavailable(error);
        log.error({ err: error, task: name }, "scheduled task failed; it will run again");
      }
      if (!isStopped) timers.push(setTimeout(() => void tick(), intervalMs).unref());
    };
    void tick();
  };
  every("sweep", options.sweepEveryMs ?? SWEEP_EVERY_MS, () => sweepEngine({ database: options.database }));
  every("date-scan", options.dateScanEveryMs ?? DATE_SCAN_EVERY_MS, async () => {
    const result = await scanDateTriggers({ database: options.database });
    if (result.started > 0) log.info(result, "date scan started runs");
  });
  // Segments with time windows ("in the last 30 days") change with the clock: recomputed here.
  every("segment-sweep", SEGMENT_SWEEP_EVERY_MS, async () => {
    const result = await sweepSegments({ database: options.database });
    if (result.recomputed > 0 || result.failed > 0) log.info(result, "segment sweep recomputed segments");
  });
  // The code Logs tab keeps 30 days of invocations.
  every("code-invocation-prune", PRUNE_INVOCATIONS_EVERY_MS, async () => {
    const result = await pruneInvocations({ database: options.database });
    if (result.deleted > 0) log.info(result, "old code invocations deleted");
  });
  return {
    stop() {
      isStopped = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
