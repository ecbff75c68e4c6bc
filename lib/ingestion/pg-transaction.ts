import type pg from "pg";
import { isDatabaseUnavailable } from "@/lib/api/is-database-unavailable";
import { pool } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";

// Raw-SQL transactions for the ingestion hot path (multi-row statements through pg, one round
// trip each), with the retry policy that makes concurrent writers safe:
// - 23505 unique violation: another process created the same profile/metric between our read
//   and our write (or a batch's identifier changes collided). Everything rolled back; a new
//   attempt reads the committed row and updates it instead.
// - 23503 foreign key violation: a profile or metric we resolved was deleted meanwhile, or a
//   profile we meant to create lost an insert race (its row was skipped); the retry re-resolves.
// - 40P01 deadlock / 40001 serialization failure: PostgreSQL picked us as the victim; retry.
// Every statement in these transactions is idempotent on retry (events: ON CONFLICT on their
// unique id; profile updates are merges), so a retry can never double-apply.

export type TPgTx = Pick<pg.PoolClient, "query">;

const MAX_ATTEMPTS = 4;
const CONNECT_TIMEOUT_MS = 10_000;
// Bounds a hung database: a request is answered (503) rather than left waiting forever.
const STATEMENT_TIMEOUT_MS = 15_000;
const RETRYABLE_CODES = new Set(["23505", "23503", "40P01", "40001"]);

/** Thrown inside a transaction to ask for a fresh attempt (a race was detected). */
export class RetryableConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryableConflict";
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof RetryableConflict || RETRYABLE_CODES.has((error as { code?: string })?.code ?? "");
}

async function connect(database: pg.Pool): Promise<pg.PoolClient> {
  let timer: NodeJS.Timeout | undefined;
  const connecting = database.connect();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new HookflowError("unavailable", "No database connection became free in time; retry later")),
      CONNECT_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([connecting, timeout]);
  } catch (error) {
    // A connection that arrives after we gave up goes straight back to the pool.
    connecting.then((client) => client.release()).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `work` in a transaction on a pooled connection (acquired within 10 s, else 503), with a
 * statement timeout; retries the whole of `work` on the races above. `attempt` (1-based) lets
 * work bypass caches on a retry.
 */
export async function withPgTransaction<T>(
  work: (tx: pg.PoolClient, attempt: number) => Promise<T>,
  options: {
    database?: pg.Pool;
    /**
     * false: COMMIT returns before the WAL is flushed (synchronous_commit = off). Only for work
     * whose loss in a database crash is redone anyway — the engine's commits inside a queue job:
     * the job's own completion is a synchronous commit that flushes them, and a job that never
     * completed runs again (docs/decisions.md). Never for data an API acknowledges.
     */
    isDurableCommit?: boolean;
    /**
     * Statements (no parameters) sent with BEGIN in the same round trip, e.g. a row lock or the
     * engine round's deferred writes; each attempt sends them again. Only for SQL built from
     * trusted, validated values or values inlined as escaped literals (step-round.ts).
     */
    beginSql?: string;
  } = {},
): Promise<T> {
  return withRetriedConnection(options.database ?? pool(), async (client, attempt) => {
    await client.query(
      `${beginSql(options.isDurableCommit !== false)}${options.beginSql ? `; ${options.beginSql}` : ""}`,
    );
    const result = await work(client, attempt);
    await client.query("commit");
    return result;
  });
}

/** BEGIN with the statement timeout every transaction here has (and the flush choice). */
export function beginSql(isDurableCommit: boolean): string {
  return `begin; set local statement_timeout = ${STATEMENT_TIMEOUT_MS}${isDurableCommit ? "" : "; set local synchronous_commit = off"}`;
}

/**
 * One connection for `transaction` (which opens and commits its own transaction), retried whole
 * on the races above after a rollback; a connection that failed is destroyed, not pooled.
 */
export async function withRetriedConnection<T>(
  database: pg.Pool,
  transaction: (client: pg.PoolClient, attempt: number) => Promise<T>,
): Promise<T> {
  const client = await connect(database);
  let broken: Error | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(client, attempt);
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          broken = error as Error;
          throw error;
        }
        await client.query("rollback").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        if (broken || attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        // A little jitter so two batches that collided do not collide again in lockstep.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  } finally {
    client.release(broken);
  }
}
