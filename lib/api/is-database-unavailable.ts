// Tells "PostgreSQL cannot be reached right now" apart from every other failure, so the API can
// answer 503 + Retry-After (the client retries later; nothing was stored) instead of a 500.
// Measured shapes (Prisma 7 + @prisma/adapter-pg, node-pg 8): a refused connection reaches us as
// PrismaClientKnownRequestError P1001 with meta.driverAdapterError.cause.kind
// "DatabaseNotReachable", or from the raw pool as a Node socket error (ECONNREFUSED); a server
// shutdown as SQLSTATE 57P01 (Prisma wraps it in P2010 with cause.code "57P01").

const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const CONNECTION_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Client was closed and is not queryable",
  "Cannot use a pool after calling end",
];

/**
 * SQLSTATE 08xxx (connection exception), 57P01-03 (shutdown, cannot connect now), 53300 (too
 * many connections), 57014 (our statement timeout fired: the database is too slow right now).
 */
function isUnavailableSqlState(code: unknown): boolean {
  return (
    typeof code === "string" &&
    (/^08/.test(code) || /^57P0[123]$/.test(code) || code === "53300" || code === "57014")
  );
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const candidate = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
  };
  if (candidate.name === "PrismaClientInitializationError") return true;
  if (typeof candidate.code === "string") {
    if (SOCKET_CODES.has(candidate.code) || PRISMA_CODES.has(candidate.code)) return true;
    if (isUnavailableSqlState(candidate.code)) return true;
  }
  const adapterCause = candidate.meta?.driverAdapterError?.cause;
  if (
    adapterCause &&
    (ADAPTER_KINDS.has(String(adapterCause.kind)) || isUnavailableSqlState(adapterCause.code))
  ) {
    return true;
  }
  if (
    typeof candidate.message === "string" &&
    CONNECTION_MESSAGES.some((text) => (candidate.message as string).includes(text))
  ) {
    return true;
  }
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  ) {
    return true;
  }
  return isDatabaseUnavailable(candidate.cause, depth + 1);
}
