import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { type EmbeddedServer, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import type { TSuperviseOptions } from "@/lib/db/supervise-postgres";
import { migrateQueue } from "@/lib/engine/queue";
import { parseEnv, type TEnv } from "@/lib/env";

// Used by the command-line entry points (start, worker, seed, tests), never by the Next server:
// they decide which PostgreSQL Hookflow talks to and bring its schema up to date.

export const APP_DATABASE = "hookflow";
const ROOT = path.resolve(import.meta.dirname, "../..");
export const SCHEMA_ENGINE_SHIM = path.join(ROOT, "scripts/prisma-engine/schema-engine.mjs");

export type DatabaseHandle = { url: string; server: EmbeddedServer | null; stop: () => Promise<void> };

/** The command-line entry points' configuration: <root>/.env if present, then the environment. */
export function loadConfig(): { config: TEnv; dataDir: string } {
  const envFile = path.join(ROOT, ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = parseEnv(process.env);
  return { config, dataDir: path.resolve(ROOT, config.HOOKFLOW_DATA_DIR) };
}

/**
 * The configured database, with the embedded server's own log reduced to its problems. The
 * long-running owners (npm start, npm run worker) ask for `isSupervised`: an embedded server they
 * started is restarted if it exits on its own (lib/db/supervise-postgres.ts).
 */
export function ensureConfiguredDatabase(
  config: TEnv,
  dataDir: string,
  tag: string,
  options: { isSupervised?: boolean } = {},
): Promise<DatabaseHandle> {
  return ensureDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir,
    port: config.HOOKFLOW_PG_PORT,
    log: (line) => {
      if (!line.startsWith("[postgres]") || /FATAL|PANIC|ERROR/.test(line)) console.log(`[${tag}] ${line}`);
    },
    supervise: options.isSupervised
      ? { logError: (line) => console.error(`[${tag}] ERROR ${line}`) }
      : undefined,
  });
}

/** DATABASE_URL when set; otherwise the embedded server under the data folder, started if needed. */
export async function ensureDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  port?: number;
  log: (line: string) => void;
  supervise?: TSuperviseOptions;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) return { url: options.databaseUrl, server: null, stop: async () => {} };
  const server = await startEmbeddedPostgres({
    dataDir: path.join(options.dataDir, "postgres"),
    port: options.port,
    log: options.log,
    supervise: options.supervise,
  });
  await createDatabaseIfMissing(server.adminUrl, APP_DATABASE);
  return { url: server.databaseUrl(APP_DATABASE), server, stop: server.stop };
}

export async function createDatabaseIfMissing(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) {
      const from = template ? ` template ${pg.escapeIdentifier(template)}` : "";
      await client.query(`create database ${pg.escapeIdentifier(name)}${from}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * `prisma <args>` through the unmodified CLI. Offline there is no native schema engine, so the
 * CLI is pointed at our WASM-backed one (scripts/prisma-engine) unless the operator chose an
 * engine with PRISMA_SCHEMA_ENGINE_BINARY.
 */
export function runPrisma(
  args: string[],
  databaseUrl: string,
  options: { quiet?: boolean } = {},
): Promise<string> {
  const cli = path.join(ROOT, "node_modules/prisma/build/index.js");
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || SCHEMA_ENGINE_SHIM,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (!options.quiet) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      if (!options.quiet) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`prisma ${args.join(" ")} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** Our schema (Prisma migrations), then the job queue's own schema (graphile-worker's migrations). */
export async function migrateDeploy(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<string> {
  const output = await runPrisma(["migrate", "deploy"], databaseUrl, options);
  await migrateQueue(databaseUrl);
  return output;
}
