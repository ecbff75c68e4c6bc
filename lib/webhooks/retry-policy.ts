// When a failed delivery is tried again: Svix's published schedule (about a day in all), with
// ±20 % jitter so receivers recovering from an outage are not hit in lockstep, and the
// receiver's Retry-After honoured when it asks for longer (capped at the last interval).
export const RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/** The first attempt plus one per scheduled retry. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/**
 * Delay before the next attempt after `failedAttempts` attempts failed (1-based), or null when
 * the schedule is exhausted.
 */
export function nextRetryDelayMs(
  failedAttempts: number,
  options: { retryAfterMs?: number; schedule?: readonly number[]; random?: () => number } = {},
): number | null {
  const schedule = options.schedule ?? RETRY_SCHEDULE_MS;
  const base = schedule[failedAttempts - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (0.8 + 0.4 * (options.random ?? Math.random)()));
  const ceiling = schedule[schedule.length - 1] ?? base;
  return options.retryAfterMs === undefined
    ? jittered
    : Math.min(Math.max(jittered, options.retryAfterMs), ceiling);
}

/** Which answers are worth another try: network failures, timeouts, 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: Date = new Date(),
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
