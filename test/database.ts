import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { createDatabase, type Database } from "@/lib/db/prisma";
import { withDatabase } from "./global-setup";

/**
 * Gives the calling test file a database of its own, cloned from the migrated template, and makes
 * it the process's database (lib/db/prisma's `prisma` and `pool()`). Call at the top of the file:
 *   const db = await createTestDatabase();
 */
export async function createTestDatabase(): Promise<Database & { url: string }> {
  const adminUrl = process.env.HOOKFLOW_TEST_ADMIN_URL;
  if (!adminUrl)
    throw new Error("HOOKFLOW_TEST_ADMIN_URL is unset: run tests through vitest (test/global-setup.ts)");
  const template = process.env.HOOKFLOW_TEST_TEMPLATE as string;
  const name = template.replace(/template$/, randomBytes(6).toString("hex"));
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Concurrent clones of one template can briefly see each other as "users" of it (55006): retry.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(
        `create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`,
      );
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
  await admin.end();
  const url = withDatabase(adminUrl, name);
  process.env.DATABASE_URL = url;
  const database = createDatabase(url, 10);
  (globalThis as { hookflowDb?: Database }).hookflowDb = database;
  afterAll(async () => {
    await database.prisma.$disconnect();
    await database.pool.end();
  });
  return { ...database, url };
}
