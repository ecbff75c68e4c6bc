// PostgreSQL is reachable but cannot store anything right now: SQLSTATE class 53 "insufficient
// resources" — 53100 disk_full ("could not extend file …: No space left on device"), 53200
// out_of_memory, 53000. (53300 too_many_connections is "unavailable": is-database-unavailable.ts.)
// Found by the disk-full fault bench (bench/faults.ts, docs/RELIABILITY.md): every ingestion
// request answered a generic 500 while the data folder's disk was full. Like an outage, it is
// temporary and nothing was stored, so the API answers 503 + Retry-After and the client retries.

const OUT_OF_RESOURCES = new Set(["53000", "53100", "53200"]);

export function isDatabaseOutOfResources(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const candidate = error as {
    code?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: { code?: unknown; originalCode?: unknown } } };
  };
  if (typeof candidate.code === "string" && OUT_OF_RESOURCES.has(candidate.code)) return true;
  const adapterCause = candidate.meta?.driverAdapterError?.cause;
  if (
    adapterCause &&
    [adapterCause.code, adapterCause.originalCode].some((code) => OUT_OF_RESOURCES.has(String(code)))
  )
    return true;
  return isDatabaseOutOfResources(candidate.cause, depth + 1);
}
