import type { TPgTx } from "@/lib/ingestion/pg-transaction";

const WINDOW_MS = 1_000;

/**
 * Start times for `count` invocations of one function under its rate limit (`perSecond` per
 * one-second window), none before `earliest`. Fixed windows kept in code_function_rate_windows:
 * a window that is full sends the rest to the next one — queued (a later run_at), never dropped.
 * The row is locked for the caller's transaction, so concurrent dispatch jobs share the budget.
 * Measured intent, not precision: windows start at the first invocation that opens them, so at
 * most `perSecond` invocations START in any window; retries go through here too.
 */
export async function allocateRateSlots(
  tx: TPgTx,
  options: { functionId: string; perSecond: number; count: number; earliest: Date },
): Promise<Date[]> {
  if (options.count === 0) return [];
  await tx.query(
    `insert into code_function_rate_windows (function_id, window_start, count) values ($1, $2, 0)
     on conflict (function_id) do nothing`,
    [options.functionId, options.earliest],
  );
  const locked = await tx.query<{ window_start: Date; count: number }>(
    "select window_start, count from code_function_rate_windows where function_id = $1 for update",
    [options.functionId],
  );
  const earliest = options.earliest.getTime();
  let windowStart = locked.rows[0]!.window_start.getTime();
  let used = locked.rows[0]!.count;
  const slots: Date[] = [];
  for (let index = 0; index < options.count; index++) {
    if (earliest >= windowStart + WINDOW_MS) {
      windowStart = earliest;
      used = 0;
    }
    if (used >= options.perSecond) {
      windowStart += WINDOW_MS;
      used = 0;
    }
    slots.push(new Date(Math.max(windowStart, earliest)));
    used++;
  }
  await tx.query(
    "update code_function_rate_windows set window_start = $2, count = $3 where function_id = $1",
    [options.functionId, new Date(windowStart), used],
  );
  return slots;
}
