import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

// Bulk actions on a busy flow touch thousands of rows (a replay of every failed run); Prisma's
// default of 5 s for an interactive transaction is too short for that, an unbounded one too long.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 };

/**
 * Runs `work` in a transaction: a new one on a client, or the caller's when `db` already is a
 * transaction client — so run actions compose (turning a flow off cancels its runs in its own
 * transaction).
 */
export function inTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(work, TRANSACTION_OPTIONS) : work(db);
}
