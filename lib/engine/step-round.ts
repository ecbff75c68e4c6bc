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
 * parameter: the statement behaves as its parameterised form. Single-row inserts with the same
 * text (one per step of the round: invocation rows) become one multi-row insert: PostgreSQL
 * parses, plans and starts one statement per table instead of one per row.
 */
export async function writeDeferred(tx: pg.PoolClient, statements: readonly TDeferredStatement[]) {
  const sql = deferredSql(statements);
  if (sql) await tx.query(sql);
}

/**
 * The SQL text writeDeferred sends ("" for none): the engine appends it to its BEGIN
 * (run-steps.ts), so a round's deferred writes cost no round trip of their own.
 */
export function deferredSql(statements: readonly TDeferredStatement[]): string {
  if (statements.length === 0) return "";
  // Rows of one mergeable text are written where its first statement was; every other statement
  // keeps its place.
  const byText = new Map<string, TDeferredStatement[]>();
  for (const statement of statements) {
    const group = byText.get(statement.text);
    if (group) group.push(statement);
    else byText.set(statement.text, [statement]);
  }
  const sql: string[] = [];
  const tuples = new Map<string, ReturnType<typeof valuesTupleOf>>();
  for (const [text, group] of byText) tuples.set(text, group.length > 1 ? valuesTupleOf(text) : null);
  const written = new Set<string>();
  for (const statement of statements) {
    const group = byText.get(statement.text)!;
    const tuple = tuples.get(statement.text);
    if (!tuple) {
      sql.push(inlined(statement.text, statement.values));
    } else if (!written.has(statement.text)) {
      written.add(statement.text);
      const rows = group.map((row) => inlined(tuple.text, row.values)).join(",\n");
      sql.push(`${statement.text.slice(0, tuple.start)}${rows}${statement.text.slice(tuple.end)}`);
    }
  }
  return sql.join(";\n");
}

function inlined(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)\b/g, (_, index: string) => sqlLiteral(values[Number(index) - 1]));
}

/**
 * Where the one VALUES tuple of `insert … values (…) [on conflict (…) [where …] do nothing]` is, if the
 * statement is that and nothing else: only then is a multi-row form the same as the statements
 * one after the other (a conflict of two rows of one statement is an error with DO UPDATE, and
 * RETURNING or a CTE would change meaning). In INSERT, every row of a VALUES list is coerced to
 * the target columns, as a single row is.
 */
function valuesTupleOf(text: string): { start: number; end: number; text: string } | null {
  if (!/^\s*insert\s+into\s/i.test(text) || /\b(returning|select|with)\b/i.test(text)) return null;
  const matches = [...text.matchAll(/\bvalues\s*\(/gi)];
  if (matches.length !== 1) return null;
  const start = matches[0]!.index + matches[0]![0].length - 1;
  let depth = 0;
  let end = -1;
  for (let index = start; index < text.length && end < 0; index++) {
    const character = text[index]!;
    // A quoted identifier or literal (a cast to an enum type): skipped whole.
    if (character === "'" || character === '"') {
      index = text.indexOf(character, index + 1);
      if (index < 0) return null;
      continue;
    }
    if (character === "(") depth++;
    if (character === ")" && --depth === 0) end = index + 1;
  }
  if (end < 0) return null;
  const rest = text.slice(end);
  // The conflict target may name a partial unique index's predicate (`where … do nothing`).
  if (!/^\s*(on\s+conflict\s*(\([^)]*\)\s*(where\s(?:(?!\bdo\b)[^;])*)?)?\s*do\s+nothing\s*)?$/i.test(rest))
    return null;
  return { start, end, text: text.slice(start, end) };
}

const { prepareValue } = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils;

/** A value as an escaped SQL literal, converted to text as pg would send it as a parameter. */
export function sqlLiteral(value: unknown): string {
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
