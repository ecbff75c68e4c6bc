import type pg from "pg";
import { isDatabaseUnavailable } from "@/lib/api/is-database-unavailable";
import { moduleLog } from "@/lib/log";

// What this process last saw of PostgreSQL's availability. Two uses:
// - a job that failed because the database went away waits until it answers again before
//   failing: graphile-worker 0.17.3 records the failure with a call it does not await, and that
//   call's rejection (database still down) would end the process (docs/RELIABILITY.md);
// - the sweeper declares other workers dead only when this process has itself seen the database
//   up for longer than the dead-worker threshold: after an outage every heartbeat is stale, and
//   releasing live workers' jobs would run them twice at once.

const globalForHealth = globalThis as unknown as { hookflowLastDatabaseFailure?: number };

export function noteDatabaseFailure(now: number = Date.now()): void {
  globalForHealth.hookflowLastDatabaseFailure = now;
}

export function msSinceDatabaseFailure(now: number = Date.now()): number {
  const last = globalForHealth.hookflowLastDatabaseFailure;
  return last === undefined ? Number.POSITIVE_INFINITY : now - last;
}

/** Notes the failure if `error` means the database is out of reach; returns whether it did. */
export function noteIfDatabaseUnavailable(error: unknown): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  noteDatabaseFailure();
  return true;
}

/** Resolves once `select 1` succeeds (backoff 250 ms → 5 s), or when `signal` aborts. */
export async function waitForDatabase(database: pg.Pool, signal?: AbortSignal): Promise<void> {
  for (let delay = 250; !signal?.aborted; delay = Math.min(delay * 2, 5_000)) {
    try {
      await database.query("select 1");
      return;
    } catch (error) {
      noteDatabaseFailure();
      moduleLog("engine").warn({ err: error, retryInMs: delay }, "database unavailable; waiting");
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
