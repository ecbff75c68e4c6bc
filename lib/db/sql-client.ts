import type { Prisma } from "@/lib/generated/prisma/client";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/**
 * A Prisma interactive transaction seen as a pg query client, so domain code written for raw SQL
 * (the engine's enqueue functions) joins a Prisma transaction. Rows come back as Prisma
 * deserialises them (bigint as BigInt): callers read counts and ids, not job rows.
 */
export function sqlClientOf(tx: Prisma.TransactionClient): TPgTx {
  return {
    query: (async (text: string, values?: unknown[]) => {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...(values ?? []));
      return { rows, rowCount: rows.length, command: "SELECT", oid: 0, fields: [] };
    }) as TPgTx["query"],
  };
}
