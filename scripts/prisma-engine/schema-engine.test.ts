// End-to-end tests of the schema-engine shim: the real, unmodified Prisma CLI, pointed at
// schema-engine.mjs through PRISMA_SCHEMA_ENGINE_BINARY, against a real PostgreSQL started here
// with the embedded PostgreSQL. Nothing is mocked. Run: npx vitest run scripts/prisma-engine
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterDirFor, type EmbeddedServer, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHIM = path.join(import.meta.dirname, "schema-engine.mjs");
const PRISMA_CLI = path.join(ROOT, "node_modules/prisma/build/index.js");
const STEP_TIMEOUT = 45_000;

const SCHEMA_V1 = `
generator client {
  provider = "prisma-client"
  output   = "../generated"
}

datasource db {
  provider = "postgresql"
}

model Author {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`;

// Adds a relation (a foreign key) and an enum: describing them reads `"char"` columns
// (pg_constraint.contype, …), which adapter-pg alone cannot deserialize.
const SCHEMA_V2 = `${SCHEMA_V1.replace("  email String @unique\n", "  email String @unique\n  posts Post[]\n")}
enum Status {
  DRAFT
  PUBLISHED
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  status   Status @default(DRAFT)
  authorId Int
  author   Author @relation(fields: [authorId], references: [id])
}
`;

// A migration that adapter-pg's `executeScript` (which splits on every `;`) cannot run:
// a plpgsql body between $$ with semicolons inside, and a ';' string literal.
const FUNCTION_MIGRATION = `-- a function with a $$ body, and ';' inside string literals
CREATE FUNCTION "join_with_semicolon"(a text, b text) RETURNS text AS $$
DECLARE
  separator text := ';';
BEGIN
  RETURN a || separator || b;
END;
$$ LANGUAGE plpgsql;

INSERT INTO "Author" ("email") VALUES (join_with_semicolon('first', 'second'));
INSERT INTO "Author" ("email") VALUES ('semi;colon@example.com');
`;

type Run = { code: number | null; stdout: string; stderr: string; ms: number };

let server: EmbeddedServer;
let dataDir: string;
let projectDir: string;
const timings: string[] = [];

function databaseUrl(database: string): string {
  return server.databaseUrl(database);
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) }),
    );
  });
}

/** `prisma <args>` with the real CLI, in the temporary project, on `database`, through the shim. */
async function prisma(args: string[], database: string, cwd = projectDir): Promise<Run> {
  const result = await run(process.execPath, [PRISMA_CLI, ...args], {
    cwd,
    env: {
      DATABASE_URL: databaseUrl(database),
      PRISMA_SCHEMA_ENGINE_BINARY: SHIM,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
      NO_COLOR: "1",
    },
  });
  timings.push(`prisma ${args.join(" ")}: ${result.ms} ms`);
  return result;
}

function expectSuccess(result: Run): void {
  expect(
    result.code,
    `exit code ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
  ).toBe(0);
}

async function query<T extends pg.QueryResultRow>(database: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function tables(database: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    database,
    "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
  );
  return rows.map((r) => r.table_name);
}

function migrationDirs(dir = projectDir): string[] {
  const migrations = path.join(dir, "prisma/migrations");
  return fs
    .readdirSync(migrations, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A throw-away Prisma project: schema, prisma.config.ts, and node_modules linked to the repo's. */
function makeProject(schema: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookflow-shim-project-"));
  fs.mkdirSync(path.join(dir, "prisma"));
  fs.writeFileSync(path.join(dir, "prisma/schema.prisma"), schema);
  fs.writeFileSync(
    path.join(dir, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
`,
  );
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

beforeAll(async () => {
  // A cluster of its own, through Hookflow's embedded PostgreSQL runner (as root it runs as the
  // postgres user, with binaries and data where that user can reach them).
  dataDir = path.join(os.tmpdir(), `hookflow-shim-pg-${randomUUID()}`);
  const started = performance.now();
  server = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
  timings.push(`embedded PostgreSQL initialise + start: ${Math.round(performance.now() - started)} ms`);
  projectDir = makeProject(SCHEMA_V1);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(clusterDirFor(dataDir), { recursive: true, force: true });
  console.log(`schema-engine shim timings:\n  ${timings.join("\n  ")}`);
}, 60_000);

describe("the executable itself", () => {
  it("prints a version like the native engine (`prisma version` calls --version)", async () => {
    const result = await run(SHIM, ["--version"], { cwd: ROOT });
    expectSuccess(result);
    expect(result.stdout).toMatch(/^schema-engine-cli [0-9a-f]{40}\n$/);
  });

  it("answers `cli can-connect-to-database` with P1003 for a missing database, and exit 0 once it exists", async () => {
    const datasource = JSON.stringify({ url: databaseUrl("not_created_yet") });
    const missing = await run(SHIM, ["--datasource", datasource, "cli", "can-connect-to-database"], {
      cwd: ROOT,
    });
    expect(missing.code).toBe(1);
    // The CLI drops the first stderr line and parses every other one as a JSON log line.
    const logLines = missing.stderr
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((line) => JSON.parse(line));
    expect(logLines).toContainEqual(
      expect.objectContaining({
        level: "ERROR",
        target: "schema_engine::logger",
        fields: expect.objectContaining({ error_code: "P1003" }),
      }),
    );
    const created = await run(SHIM, ["--datasource", datasource, "cli", "create-database"], { cwd: ROOT });
    expectSuccess(created);
    const ok = await run(SHIM, ["--datasource", datasource, "cli", "can-connect-to-database"], { cwd: ROOT });
    expectSuccess(ok);
  });
});

describe("the Prisma CLI through the shim", () => {
  it(
    "migrate dev --name init creates the database, a migration folder and the tables",
    async () => {
      const result = await prisma(["migrate", "dev", "--name", "init"], "app");
      expectSuccess(result);
      expect(migrationDirs()).toEqual([expect.stringMatching(/^\d{14}_init$/)]);
      const [init] = migrationDirs();
      const sql = fs.readFileSync(
        path.join(projectDir, "prisma/migrations", init ?? "", "migration.sql"),
        "utf8",
      );
      expect(sql).toContain('CREATE TABLE "Author"');
      expect(await tables("app")).toEqual(["Author", "_prisma_migrations"]);
    },
    STEP_TIMEOUT,
  );

  it(
    "migrate dev --name second creates a second migration for a schema change (relation + enum)",
    async () => {
      fs.writeFileSync(path.join(projectDir, "prisma/schema.prisma"), SCHEMA_V2);
      const result = await prisma(["migrate", "dev", "--name", "second"], "app");
      expectSuccess(result);
      const dirs = migrationDirs();
      expect(dirs).toHaveLength(2);
      expect(dirs[1]).toMatch(/_second$/);
      const sql = fs.readFileSync(
        path.join(projectDir, "prisma/migrations", dirs[1] ?? "", "migration.sql"),
        "utf8",
      );
      expect(sql).toContain('CREATE TYPE "Status"');
      expect(sql).toContain('FOREIGN KEY ("authorId") REFERENCES "Author"("id")');
      expect(await tables("app")).toEqual(["Author", "Post", "_prisma_migrations"]);
      // The shadow database was a real, separate one, and it is gone.
      const shadows = await query(
        "postgres",
        "select datname from pg_database where datname like 'prisma_migrate_shadow_db_%'",
      );
      expect(shadows).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    "applies a migration with a $$ plpgsql body and ';' literals (create-only, edit, migrate dev)",
    async () => {
      const created = await prisma(["migrate", "dev", "--create-only", "--name", "semicolons"], "app");
      expectSuccess(created);
      const dir = migrationDirs().find((name) => name.endsWith("_semicolons"));
      expect(dir).toBeDefined();
      fs.writeFileSync(
        path.join(projectDir, "prisma/migrations", dir ?? "", "migration.sql"),
        FUNCTION_MIGRATION,
      );

      const applied = await prisma(["migrate", "dev", "--name", "unused"], "app");
      expectSuccess(applied);
      expect(applied.stdout).toMatch(/in sync/);
      expect(migrationDirs()).toHaveLength(3); // nothing new: the schema did not change
      const emails = await query<{ email: string }>("app", 'select email from "Author" order by id');
      expect(emails.map((r) => r.email)).toEqual(["first;second", "semi;colon@example.com"]);
      const [fn] = await query<{ joined: string }>("app", "select join_with_semicolon('a', 'b') as joined");
      expect(fn?.joined).toBe("a;b");
    },
    STEP_TIMEOUT,
  );

  it(
    "migrate deploy applies every migration to a fresh, empty database",
    async () => {
      const result = await prisma(["migrate", "deploy"], "fresh");
      expectSuccess(result);
      expect(result.stdout).toContain("All migrations have been successfully applied.");
      expect(await tables("fresh")).toEqual(["Author", "Post", "_prisma_migrations"]);
      const applied = await query<{ migration_name: string }>(
        "fresh",
        "select migration_name from _prisma_migrations where finished_at is not null order by migration_name",
      );
      expect(applied.map((r) => r.migration_name)).toEqual(migrationDirs());
      const [fn] = await query<{ joined: string }>("fresh", "select join_with_semicolon('x', 'y') as joined");
      expect(fn?.joined).toBe("x;y");
    },
    STEP_TIMEOUT,
  );

  it(
    "migrate status reports the database as up to date",
    async () => {
      const result = await prisma(["migrate", "status"], "fresh");
      expectSuccess(result);
      expect(result.stdout).toContain("3 migrations found in prisma/migrations");
      expect(result.stdout).toContain("Database schema is up to date!");
    },
    STEP_TIMEOUT,
  );

  it(
    "migrate diff --from-empty --to-schema --script prints the SQL",
    async () => {
      const result = await prisma(
        ["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"],
        "app",
      );
      expectSuccess(result);
      expect(result.stdout).toContain('CREATE TABLE "Author"');
      expect(result.stdout).toContain('CREATE TABLE "Post"');
      expect(result.stdout).toContain('CREATE TYPE "Status" AS ENUM');
    },
    STEP_TIMEOUT,
  );

  it(
    "a failing migration is atomic and reported as P3018 with PostgreSQL's error",
    async () => {
      const dir = makeProject(SCHEMA_V1);
      try {
        const migration = path.join(dir, "prisma/migrations/20260101000000_broken");
        fs.mkdirSync(migration, { recursive: true });
        fs.writeFileSync(
          path.join(dir, "prisma/migrations/migration_lock.toml"),
          'provider = "postgresql"\n',
        );
        fs.writeFileSync(
          path.join(migration, "migration.sql"),
          'CREATE TABLE "Author" ("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL);\nSELECT 1 / 0;\n',
        );
        const result = await prisma(["migrate", "deploy"], "broken", dir);
        expect(result.code).not.toBe(0);
        const output = result.stdout + result.stderr;
        expect(output).toContain("P3018");
        expect(output).toContain("20260101000000_broken");
        expect(output).toContain("division by zero");
        expect(await tables("broken")).toEqual(["_prisma_migrations"]); // the CREATE TABLE was rolled back
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    STEP_TIMEOUT,
  );

  it(
    "prisma generate works offline with the variable set",
    async () => {
      const result = await prisma(["generate"], "app");
      expectSuccess(result);
      expect(result.stdout).toContain("Generated Prisma Client");
      expect(fs.existsSync(path.join(projectDir, "generated/client.ts"))).toBe(true);
    },
    STEP_TIMEOUT,
  );
});
