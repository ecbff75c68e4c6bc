import path from "node:path";
import pg from "pg";
import { createDatabaseIfMissing, migrateDeploy } from "@/lib/db/bootstrap";
import { type EmbeddedServer, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";

// One disposable PostgreSQL for the whole test run (or the server in HOOKFLOW_TEST_DATABASE_URL,
// an admin URL). A template database is migrated once; every test file clones it (test/database.ts),
// which takes ~50 ms instead of a migration per file.
// Names carry the pid of the vitest process that made them, so a run only cleans up databases of
// runs that are no longer alive, never those of a run going on beside it.
export const TEST_DATABASE_PREFIX = `hookflow_t${process.pid}_`;
export const TEMPLATE_DATABASE = `${TEST_DATABASE_PREFIX}template`;

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
  const existing = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname ~ '^hookflow_t[0-9]+_'",
  );
  for (const { datname } of existing.rows) {
    const pid = Number(/^hookflow_t(\d+)_/.exec(datname)?.[1]);
    if (pid === process.pid || !isAlive(pid)) {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
    }
  }
  await admin.end();
  await createDatabaseIfMissing(adminUrl, TEMPLATE_DATABASE);
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
  await migrateDeploy(templateUrl, { quiet: true });
  process.env.HOOKFLOW_TEST_ADMIN_URL = adminUrl;
  process.env.HOOKFLOW_TEST_TEMPLATE = TEMPLATE_DATABASE;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function teardown() {
  await server?.stop();
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
