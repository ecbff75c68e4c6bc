import pg from "pg";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

// A round is the steps one job executes together and commits in one transaction (run-steps.ts).
// Handlers' own database work used to be per step — a code step read its function and secrets
// and inserted its invocation row, a webhook step inserted its attempt row, each a round trip and
// the inserts each a durable commit of their own: 4 round trips and 2 WAL flushes per event,
// the bulk of the worker's database traffic in bench:e2e (docs/PERFORMANCE.md). A round gives
// handlers two things instead:
// - shared reads: an identical read (same SQL, same values) is sent once per round, and every
//   step of the round gets its result (a function's deployed version, its secrets);
// - deferred writes: rows recorded in the round's commit, all of them in one round trip, in the
//   same transaction as the steps' results. That is the engine's contract made literal: a step's
//   record and the run's advance commit together, or neither does and the step runs again (with
//   the same idempotency key). An attempt whose round failed to commit is not recorded; its
//   re-execution is. Writes must therefore be idempotent inserts/upserts keyed by what a
//   re-execution keeps (the idempotency key), never increments a retry would double.

export type TDeferredStatement = { text: string; values: readonly unknown[] };

export type TStepRound = {
  /** A TPgTx for handlers: selects shared across the round, inserts/updates deferred to its commit. */
  database: TPgTx;
  /** Queues a statement for the round's commit. */
  defer: (statement: TDeferredStatement) => void;
};

export function createStepRound(pool: TPgTx): TStepRound & { deferred: TDeferredStatement[] } {
  const deferred: TDeferredStatement[] = [];
  const reads = new Map<string, Promise<pg.QueryResult>>();
  const defer = (statement: TDeferredStatement) => {
    deferred.push(statement);
  };
  const query = (text: string, values: readonly unknown[] = []): Promise<pg.QueryResult> => {
    if (/^\s*(insert|update|delete)\b/i.test(text)) {
      defer({ text, values });
      // What a write's caller may read back of it: nothing yet (it happens at commit).
      return Promise.resolve({ command: "", rowCount: 1, oid: 0, fields: [], rows: [] });
    }
    const key = `${text}\u0000${JSON.stringify(values)}`;
    let read = reads.get(key);
    if (!read) {
      read = pool.query(text, values as unknown[]);
      // A failed read is not cached: another step of the round may try again.
      read.catch(() => reads.delete(key));
      reads.set(key, read);
    }
    return read;
  };
  return { database: { query } as unknown as TPgTx, defer, deferred };
}

/**
 * Writes a round's deferred statements on the commit's transaction in ONE round trip: the
 * statements as one simple-protocol query with their values inlined as escaped literals
 * (PostgreSQL's extended protocol takes one statement per Parse, and pg does not pipeline).
 * Each value is converted to text by pg's own prepareValue (as it would be sent as a parameter)
 * and inlined as an escaped literal, which PostgreSQL types from its context like an untyped
 * parameter: the statement behaves as its parameterised form.
 */
export async function writeDeferred(tx: pg.PoolClient, statements: readonly TDeferredStatement[]) {
  if (statements.length === 0) return;
  const sql = statements
    .map((statement) =>
      statement.text.replace(/\$(\d+)\b/g, (_, index: string) =>
        literal(statement.values[Number(index) - 1]),
      ),
    )
    .join(";\n");
  await tx.query(sql);
}

const { prepareValue } = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils;

function literal(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return "null";
  if (Buffer.isBuffer(prepared)) return ` E'\\\\x${prepared.toString("hex")}'`;
  // pg's escapeLiteral walks the string a character at a time (measured: a visible share of the
  // worker's CPU with a round's JSON documents); replaceAll does the same escaping natively. An
  // E'' string, where only ' and \ are special, is right whatever standard_conforming_strings is.
  const text = String(prepared);
  return text.includes("\\")
    ? ` E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`
    : `'${text.replaceAll("'", "''")}'`;
}
