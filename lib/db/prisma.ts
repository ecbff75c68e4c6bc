import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { type Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { moduleLog } from "@/lib/log";

export type Db = PrismaClient | Prisma.TransactionClient;

export type Database = { prisma: PrismaClient; pool: pg.Pool };

export function createDatabase(connectionString: string, poolSize = 10): Database {
  // Connections, once opened, are kept (min = max): closing idle ones after a lull and opening
  // them again at the next burst costs a PostgreSQL backend start each time, and made the
  // server's memory follow the connection count up and down in the soak (docs/RELIABILITY.md).
  const pool = new pg.Pool({ connectionString, max: poolSize, min: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it and the next query reports the outage to its caller.
  pool.on("error", (error) => moduleLog("db").warn({ err: error }, "idle client error"));
  // Same for a client that errors while checked out between queries (e.g. graphile-worker's
  // LISTEN connection when the server goes away): its owner sees the failure on its next query.
  pool.on("connect", (client) => {
    client.on("error", (error) => moduleLog("db").warn({ err: error }, "client error"));
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { prisma, pool };
}

const globalForDb = globalThis as unknown as { hookflowDb?: Database };

function database(): Database {
  if (!globalForDb.hookflowDb) {
    const { DATABASE_URL, HOOKFLOW_DB_POOL_SIZE } = env();
    if (!DATABASE_URL) throw new Error("DATABASE_URL is not set: start Hookflow with `npm start`");
    globalForDb.hookflowDb = createDatabase(DATABASE_URL, HOOKFLOW_DB_POOL_SIZE);
  }
  return globalForDb.hookflowDb;
}

/** The process-wide Prisma client (lazily connected, one pool per process). */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_target, property) => {
    const client = database().prisma;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** The raw pool, for the few hot paths that need multi-row SQL (ingestion). */
export function pool(): pg.Pool {
  return database().pool;
}
