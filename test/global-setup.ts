import path from "node:path";
import pg from "pg";
import { createDatabaseIfMissing, migrateDeploy } from "@/lib/db/bootstrap";
import { type EmbeddedServer, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";

// One disposable PostgreSQL for the whole test run (or the server in HOOKFLOW_TEST_DATABASE_URL,
// an admin URL). A template database is migrated once; every test file clones it (test/database.ts),
// which takes ~50 ms instead of a migration per file.
export const TEMPLATE_DATABASE = "hookflow_test_template";

let server: EmbeddedServer | null = null;

export async function setup() {
  let adminUrl = process.env.HOOKFLOW_TEST_DATABASE_URL;
  if (!adminUrl) {
    server = await startEmbeddedPostgres({
      dataDir: path.resolve(".data/test-postgres"),
      isEphemeral: true,
      log: (line) => {
        if (/FATAL|PANIC|initialising|adopting/.test(line)) console.log(line);
      },
    });
    adminUrl = server.adminUrl;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const stale = await admin.query(
    "select datname from pg_database where datname like 'hookflow_test_%' or datname like 'prisma_migrate_shadow_db_%'",
  );
  for (const row of stale.rows) {
    await admin.query(`drop database if exists ${pg.escapeIdentifier(row.datname)} with (force)`);
  }
  await admin.end();
  await createDatabaseIfMissing(adminUrl, TEMPLATE_DATABASE);
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
  await migrateDeploy(templateUrl, { quiet: true });
  process.env.HOOKFLOW_TEST_ADMIN_URL = adminUrl;
}

export async function teardown() {
  await server?.stop();
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
