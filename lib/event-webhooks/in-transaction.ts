import type { Db } from "@/lib/db/prisma";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Runs `work` in a new transaction, or in the caller's when `db` already is a transaction client
 * (it lacks `$connect`; `"$transaction" in db` is unreliable here — see lib/workspaces/workspace-lock.ts).
 */
export function inTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return typeof (db as { $connect?: unknown }).$connect === "function"
    ? (db as PrismaClient).$transaction(work)
    : work(db as Prisma.TransactionClient);
}
