#!/usr/bin/env node
// Hookflow: a drop-in replacement for Prisma's native `schema-engine` binary.
//
// The unmodified Prisma CLI spawns this file when PRISMA_SCHEMA_ENGINE_BINARY
// points to it. It speaks the same protocol as the native binary (command-line
// flags, `cli <command>` sub-commands, newline-delimited JSON-RPC 2.0 on
// stdin/stdout, JSON log lines on stderr) and delegates the real work to the
// official `@prisma/schema-engine-wasm` build of the same Rust engine, which
// reaches PostgreSQL through `@prisma/adapter-pg`.
//
// PostgreSQL only. See README.md beside this file for the why, the how and the
// limits.

import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
} from "@prisma/driver-adapter-utils";
import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

const SHIM_NAME = "hookflow-schema-engine-shim";
// stderr carries JSON log lines only; pg's deprecation notices (pgpass, …) would break that.
process.noDeprecation = true;
const RPC_ERROR_CODE = 4466; // what the native engine uses for every application error
const PG_CHAR_OID = 18; // the one-byte internal `"char"` type (pg_constraint.contype, pg_class.relkind, …)
const PG_BPCHAR_OID = 1042; // `character(n)`: adapter-pg reads it as plain text, like `"char"` needs
const DEBUG = Boolean(process.env.HOOKFLOW_SCHEMA_ENGINE_DEBUG);
const SYSTEM_SCHEMAS_SQL = `nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`;

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const args = {
    datamodels: [],
    datasource: undefined,
    cli: undefined,
    version: false,
    help: false,
    ignored: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`Missing value for ${arg}`);
      return argv[++i];
    };
    if (arg === "--datamodels" || arg === "-d") args.datamodels.push(value());
    else if (arg === "--datasource") args.datasource = value();
    else if (arg === "--enabled-preview-features" || arg === "--extension-types")
      args.ignored.push([arg, value()]);
    else if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "cli") {
      args.cli = argv[i + 1];
      i++;
    } else throw new Error(`Unknown argument: ${arg}`);
  }
  return args;
}

const USAGE = `${SHIM_NAME}: Prisma schema-engine protocol served by @prisma/schema-engine-wasm (PostgreSQL only)

USAGE:
  schema-engine.mjs [--datamodels <schema.prisma>]... [--datasource '{"url": "...", "shadowDatabaseUrl": "..."}']
      JSON-RPC 2.0 server on stdin/stdout (what the Prisma CLI spawns)
  schema-engine.mjs --datasource '<json>' cli <can-connect-to-database|create-database|drop-database>
  schema-engine.mjs --version
`;

// ---------------------------------------------------------------------------
// Logging (stderr carries JSON log lines, like the native engine)
// ---------------------------------------------------------------------------

function logLine(level, message, extraFields = {}, target = "schema_engine::logger") {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level,
    fields: { message, ...extraFields },
    target,
  });
}

function writeStderr(line) {
  try {
    fs.writeSync(2, `${line}\n`);
  } catch {
    // stderr closed: nothing sensible left to do
  }
}

// ---------------------------------------------------------------------------
// Datasource URLs
// ---------------------------------------------------------------------------

function parseDatasourceArg(raw) {
  if (raw === undefined) return {};
  const parsed = JSON.parse(raw);
  return { url: parsed.url ?? undefined, shadowDatabaseUrl: parsed.shadowDatabaseUrl ?? undefined };
}

class UserFacingError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function describeUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new UserFacingError(
      "P1013",
      "The provided database string is invalid. The URL could not be parsed.",
    );
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    throw new UserFacingError(
      "P1013",
      `The provided database string is invalid. ${SHIM_NAME} only supports PostgreSQL URLs (postgres:// or postgresql://), got \`${u.protocol}\`.`,
    );
  }
  const socketHost = u.searchParams.get("host");
  const host = u.hostname || socketHost || "localhost";
  const port = u.port || "5432";
  return {
    url,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
    schema: u.searchParams.get("schema") || undefined,
    user: decodeURIComponent(u.username) || undefined,
    location: `${host}:${port}`,
  };
}

function urlWithDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

/**
 * A pool whose connections get `search_path` set from the `?schema=` URL parameter, like the
 * native engine. It goes in the start-up packet (`options`), so no query has to be queued.
 */
function makePool(info) {
  if (!info.schema) return new pg.Pool({ connectionString: info.url });
  // node-postgres lets the URL's own `options` parameter win over the config: merge it here.
  const url = new URL(info.url);
  const fromUrl = url.searchParams.get("options");
  url.searchParams.delete("options");
  const searchPath = quoteIdent(info.schema).replace(/[\\\s]/g, "\\$&"); // backslash-escaped for `options`
  return new pg.Pool({
    connectionString: url.toString(),
    options: `${fromUrl ? `${fromUrl} ` : ""}-c search_path=${searchPath}`,
  });
}

/** Runs `fn` with a short-lived client on `url` (database administration statements). */
async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Maps node-postgres / socket errors to Prisma's P1xxx user-facing errors. */
function toUserFacingError(error, info) {
  if (error instanceof UserFacingError) return error;
  const code = error?.code;
  const loc = info?.location ?? "the database server";
  if (code === "3D000")
    return new UserFacingError(
      "P1003",
      `Database \`${info.database}\` does not exist on the database server at \`${loc}\`.`,
    );
  if (code === "42P04")
    return new UserFacingError(
      "P1009",
      `Database \`${info.database}\` already exists on the database server at \`${loc}\``,
    );
  if (code === "28P01" || code === "28000") {
    return new UserFacingError(
      "P1000",
      `Authentication failed against database server, the provided database credentials for \`${info.user ?? ""}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${loc}\`.`,
    );
  }
  if (code === "42501")
    return new UserFacingError(
      "P1010",
      `User \`${info.user ?? ""}\` was denied access on the database \`${info.database}\``,
    );
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH" || code === "ENOENT") {
    return new UserFacingError(
      "P1001",
      `Can't reach database server at \`${loc}\`\n\nPlease make sure your database server is running at \`${loc}\`.`,
    );
  }
  if (code === "ETIMEDOUT") {
    return new UserFacingError(
      "P1002",
      `The database server at \`${loc}\` was reached but timed out.\n\nPlease try again.\n\nPlease make sure your database server is running at \`${loc}\`.`,
    );
  }
  if (/SSL|TLS|certificate/i.test(error?.message ?? ""))
    return new UserFacingError("P1011", `Error opening a TLS connection: ${error.message}`);
  return new UserFacingError(undefined, error?.message ?? String(error));
}

// ---------------------------------------------------------------------------
// `cli <command>` mode
// ---------------------------------------------------------------------------

async function runCliCommand(command, datasource) {
  writeStderr(logLine("INFO", `Starting ${SHIM_NAME} (cli ${command})`, {}, "schema_engine_cli"));
  let info;
  try {
    if (!datasource.url)
      throw new UserFacingError(
        "P1012",
        "The `--datasource` argument with a `url` is required for `cli` commands.",
      );
    info = describeUrl(datasource.url);
    if (command === "can-connect-to-database") {
      await withClient(info.url, (c) => c.query("SELECT 1"));
    } else if (command === "create-database") {
      await withMaintenanceClient(info, (c) => c.query(`CREATE DATABASE ${quoteIdent(info.database)}`));
    } else if (command === "drop-database") {
      await withMaintenanceClient(info, (c) => c.query(`DROP DATABASE ${quoteIdent(info.database)}`));
    } else {
      throw new UserFacingError(undefined, `Unknown cli command: ${command}`);
    }
    return 0;
  } catch (error) {
    const ufe = toUserFacingError(error, info);
    const fields = ufe.code ? { error_code: ufe.code } : {};
    writeStderr(logLine("ERROR", ufe.message, fields));
    return 1;
  }
}

/** Like the native engine: administration statements go through the `postgres` database, else `template1`. */
async function withMaintenanceClient(info, fn) {
  try {
    return await withClient(urlWithDatabase(info.url, "postgres"), fn);
  } catch (error) {
    if (error?.code !== "3D000") throw error;
    return await withClient(urlWithDatabase(info.url, "template1"), fn);
  }
}

// ---------------------------------------------------------------------------
// Driver adapter with the adapter-pg workarounds
// ---------------------------------------------------------------------------

const charColumns = new AsyncLocalStorage();
let lastScriptError; // { script, error } of the last failed executeScript, for P3018

/**
 * Fixes, on one adapter-pg queryable (adapter or transaction), the two bugs
 * that break the schema engine:
 *  - columns of the internal `"char"` type (OID 18) throw
 *    "Unsupported column type char"; they are read as text and reported as
 *    one-character (`Character`) columns;
 *  - `executeScript` splits the script on every `;` (breaks `$$` bodies and
 *    string literals, and is not atomic); the script is sent whole as one
 *    simple-protocol query, as the native engine does.
 */
function patchQueryable(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const found = charColumns.getStore();
    result?.fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_BPCHAR_OID;
        found?.push(index);
      }
    });
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = (query) => {
    const found = [];
    return charColumns.run(found, async () => {
      const result = await queryRaw(query);
      for (const index of found) result.columnTypes[index] = ColumnTypeEnum.Character;
      return result;
    });
  };
  if (typeof queryable.executeScript === "function") {
    queryable.executeScript = async (script) => {
      try {
        await queryable.client.query(script);
      } catch (error) {
        lastScriptError = { script, error };
        if (typeof error?.code === "string" && typeof error?.severity === "string") {
          // Keep PostgreSQL's own code and message (adapter-pg would turn e.g. 42P01 into "No such table").
          throw new DriverAdapterError({
            kind: "postgres",
            code: error.code,
            severity: error.severity,
            message: error.message,
            detail: error.detail,
            column: error.column,
            hint: error.hint,
          });
        }
        queryable.onError(error);
      }
    };
  }
  if (typeof queryable.startTransaction === "function") {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => patchQueryable(await startTransaction(...args));
  }
  if (DEBUG) {
    for (const name of [
      "queryRaw",
      "executeRaw",
      "executeScript",
      "startTransaction",
      "commit",
      "rollback",
      "dispose",
    ]) {
      if (typeof queryable[name] !== "function") continue;
      const original = queryable[name].bind(queryable);
      queryable[name] = (...args) => {
        const arg = args[0]?.sql ?? args[0];
        writeStderr(
          logLine(
            "DEBUG",
            `adapter.${name}${arg === undefined ? "" : ` ${String(arg).slice(0, 200)}`}`,
            {},
            SHIM_NAME,
          ),
        );
        return original(...args);
      };
    }
  }
  return queryable;
}

/** Connects an adapter-pg adapter to `info`, with the fixes above; `onDispose` runs after the pool is closed. */
async function connectAdapter(info, onDispose) {
  const factory = new PrismaPg(makePool(info), { schema: info.schema, disposeExternalPool: true });
  const adapter = patchQueryable(await factory.connect());
  if (onDispose) {
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      try {
        await dispose();
      } finally {
        await onDispose();
      }
    };
  }
  return adapter;
}

const shadowDatabases = new Set(); // created by us, dropped on dispose or at exit

async function dropShadowDatabase(info, name) {
  await withMaintenanceClient(info, async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } catch (error) {
      if (error?.code !== "42601") throw error; // PostgreSQL < 13 has no WITH (FORCE)
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
    }
  });
  shadowDatabases.delete(name);
}

/**
 * The factory handed to the engine. adapter-pg's own `connectToShadowDb`
 * passes `database` next to `connectionString`, and node-postgres lets the
 * string win: the "shadow" database would be the main database. Here the
 * shadow database is really created (or, with `shadowDatabaseUrl`, reset) and
 * connected to.
 */
function makeAdapterFactory(main, shadowUrl) {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectAdapter(main),
    connectToShadowDb: async () => {
      if (shadowUrl) {
        const shadow = describeUrl(shadowUrl);
        if (shadow.location === main.location && shadow.database === main.database) {
          throw new Error(
            "The shadow database you configured appears to be the same as the main database. Please specify another shadow database.",
          );
        }
        await withClient(shadow.url, async (client) => {
          const { rows } = await client.query(`SELECT nspname FROM pg_namespace WHERE ${SYSTEM_SCHEMAS_SQL}`);
          const script = rows.map((r) => `DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE;`).join("\n");
          await client.query(
            `${script}\nCREATE SCHEMA IF NOT EXISTS ${quoteIdent(shadow.schema ?? "public")};`,
          );
        });
        return connectAdapter(shadow);
      }
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await withMaintenanceClient(main, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
      shadowDatabases.add(name);
      const shadow = { ...main, url: urlWithDatabase(main.url, name), database: name };
      try {
        return await connectAdapter(shadow, () => dropShadowDatabase(main, name));
      } catch (error) {
        await dropShadowDatabase(main, name).catch(() => {});
        throw error;
      }
    },
  };
}

/**
 * The wasm engine runs one query against the database as soon as it is
 * constructed, where the native engine connects lazily. So that commands
 * which need no database (`migrate diff --from-empty --to-schema …`) still
 * work when the database is unreachable, the engine is then built on this
 * placeholder: it answers the start-up probe, and every other query fails
 * with the original connection error.
 */
function makeOfflineFactory(main, originalError) {
  const fail = async () => {
    throw originalError;
  };
  const adapter = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    queryRaw: async (query) => {
      if (
        /^\s*SELECT EXISTS\(SELECT 1 FROM pg_namespace WHERE nspname = \$1\), version\(\)/.test(query.sql)
      ) {
        return {
          columnNames: ["exists", "version", "numeric_version"],
          columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
          rows: [[true, "PostgreSQL (unreachable; placeholder used by the schema-engine shim)", 160000]],
        };
      }
      return fail();
    },
    executeRaw: fail,
    executeScript: fail,
    startTransaction: fail,
    getConnectionInfo: () => ({ schemaName: main?.schema, supportsRelationJoins: true }),
    dispose: async () => {},
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => adapter,
    connectToShadowDb: fail,
  };
}

// ---------------------------------------------------------------------------
// The wasm engine
// ---------------------------------------------------------------------------

let wasmReady = false;
let panicMessage;

function loadWasm() {
  if (wasmReady) return;
  // The package entry point imports the .wasm file as an ES module, which
  // Node 20 cannot do: instantiate it by hand against the JS glue.
  const wasmPath = fileURLToPath(
    new URL("schema_engine_bg.wasm", import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
  );
  const module = new WebAssembly.Module(fs.readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": wasmBindings });
  wasmBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  // Rust panics report their message here, then trap with `RuntimeError: unreachable`.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      panicMessage = message;
    },
  };
  wasmReady = true;
}

async function createEngine(datamodels, datasource) {
  loadWasm();
  const files = datamodels.map((p) => [p, fs.readFileSync(p, "utf8")]);
  const options = { datamodels: files.length > 0 ? files : undefined };
  const log = (line) => writeStderr(String(line).trimEnd());

  let main;
  let mainError;
  try {
    main = datasource.url ? describeUrl(datasource.url) : undefined;
  } catch (error) {
    mainError = error;
  }
  if (main) {
    const bound = bindMigrationAwareSqlAdapterFactory(makeAdapterFactory(main, datasource.shadowDatabaseUrl));
    try {
      const engine = await wasmBindings.SchemaEngine.new(options, log, bound);
      errorRegistry = bound.errorRegistry;
      return engine;
    } catch (error) {
      mainError = resolveExternalErrors(error, bound.errorRegistry);
    }
  }
  mainError ??= new Error(
    "No datasource URL was given to the schema engine (set `datasource.url` in prisma.config.ts).",
  );
  writeStderr(
    logLine("WARN", `Database not available, commands that need it will fail: ${mainError.message}`),
  );
  const bound = bindMigrationAwareSqlAdapterFactory(makeOfflineFactory(main, mainError));
  const engine = await wasmBindings.SchemaEngine.new(options, log, bound);
  errorRegistry = bound.errorRegistry;
  return engine;
}

let errorRegistry; // of the adapter factory the engine runs on

/**
 * JS errors thrown inside the adapter (anything that is not a
 * DriverAdapterError) reach the engine as an id into the factory's error
 * registry, and come back as "External error id#N": put the original message back.
 */
function resolveExternalErrors(error, registry = errorRegistry) {
  const message = error?.message;
  if (typeof message !== "string" || !registry) return error;
  const resolved = message.replace(/External error id#(\d+)/g, (text, id) => {
    const original = registry.consumeError(Number(id))?.error;
    return original ? (original.message ?? String(original)) : text;
  });
  if (resolved === message) return error;
  const copy = new Error(resolved);
  if (error.code !== undefined) copy.code = error.code;
  if (error.meta !== undefined) copy.meta = error.meta;
  return copy;
}

/**
 * In the wasm engine, `evaluateDataLoss` and `createMigration` are not given
 * the adapter factory: they can only read the schema of the migration history
 * from a cache that `diagnoseMigrationHistory` / `devDiagnostic` fill (keyed by
 * the list of *applied* migrations). When that cache misses (typically: `migrate
 * dev` has just applied a pending migration), they fail with "PostgreSQL shadow
 * DB must be provided through an external factory", where the native engine
 * would create a shadow database. Fill the cache through
 * `diagnoseMigrationHistory` (which does get the factory) and retry once.
 */
const NO_SHADOW_FACTORY = /shadow DB must be provided through an external factory/;

async function callEngine(engine, method, params) {
  lastScriptError = undefined;
  try {
    try {
      return await engine[method](params);
    } catch (error) {
      if (
        !(method === "evaluateDataLoss" || method === "createMigration") ||
        !NO_SHADOW_FACTORY.test(error?.message ?? "")
      )
        throw error;
      await engine.diagnoseMigrationHistory({
        migrationsList: params.migrationsList,
        optInToShadowDatabase: true,
        filters: params.filters,
      });
      return await engine[method](params);
    }
  } catch (error) {
    if (method === "applyMigrations") throw migrationFailedError(params, error);
    if (error?.code === "P3006" && lastScriptError) {
      // "failed to apply cleanly to the shadow database": add PostgreSQL's own error.
      const { code, text } = describeDatabaseError(lastScriptError);
      const copy = new Error(
        `${error.message.trimEnd()}\n\nDatabase error code: ${code}\n\nDatabase error:\n${text}\n`,
      );
      copy.code = error.code;
      copy.meta = error.meta;
      throw copy;
    }
    throw error;
  }
}

function describeDatabaseError({ script, error }) {
  let text = `ERROR: ${error.message}`;
  if (error.detail) text += `\nDETAIL: ${error.detail}`;
  if (error.hint) text += `\nHINT: ${error.hint}`;
  if (error.position && script)
    text += `\n\nPosition: line ${script.slice(0, Number(error.position) - 1).split("\n").length}`;
  return { code: error.code ?? "N/A", text };
}

/**
 * The wasm engine reports a migration that fails in `applyMigrations` as a
 * bare connector error; the native engine reports P3018 with the migration
 * name and the database error. Rebuild that error from the script that failed.
 */
function migrationFailedError(params, error) {
  if (!lastScriptError || error?.code) return error;
  const migration = params?.migrationsList?.migrationDirectories?.find(
    (m) => m.migrationFile?.content?.value === lastScriptError.script,
  );
  if (!migration) return error;
  const { code, text: databaseError } = describeDatabaseError(lastScriptError);
  const meta = { migration_name: migration.path, database_error_code: code, database_error: databaseError };
  const failed = new UserFacingError(
    "P3018",
    `A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: ${meta.migration_name}\n\nDatabase error code: ${meta.database_error_code}\n\nDatabase error:\n${databaseError}\n`,
  );
  failed.meta = meta;
  return failed;
}

// ---------------------------------------------------------------------------
// JSON-RPC server
// ---------------------------------------------------------------------------

function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function rpcError(id, error, isPanic = false) {
  const message = typeof error === "string" ? error : (error?.message ?? String(error));
  const data = { is_panic: isPanic, message };
  if (!isPanic && error?.code && typeof error.code === "string" && /^P\d{4}$/.test(error.code))
    data.error_code = error.code;
  if (error?.meta) data.meta = error.meta;
  send({
    jsonrpc: "2.0",
    id,
    error: {
      code: RPC_ERROR_CODE,
      message: isPanic ? message : "An error happened. Check the data field for details.",
      data,
    },
  });
}

async function serveRpc(args, datasource) {
  const enginePromise = createEngine(args.datamodels, datasource);
  enginePromise.catch(() => {}); // reported per request
  const pendingPrints = new Map();
  let nextOwnId = 1;
  let currentRequestId = null;
  let queue = Promise.resolve();
  let shuttingDown = false;

  const printToCli = (content) =>
    new Promise((resolve) => {
      const id = nextOwnId++;
      pendingPrints.set(id, resolve);
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });

  const shutdown = async (code) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const timer = setTimeout(() => process.exit(code), 3000);
    timer.unref();
    try {
      const engine = await Promise.race([
        enginePromise.catch(() => undefined),
        new Promise((r) => setTimeout(r, 500)),
      ]);
      engine?.free?.();
    } catch {
      // already gone
    }
    if (datasource.url && shadowDatabases.size > 0) {
      const main = describeUrl(datasource.url);
      await Promise.all([...shadowDatabases].map((name) => dropShadowDatabase(main, name).catch(() => {})));
    }
    process.exit(code);
  };

  const panic = (error) => {
    const message = panicMessage ?? error?.message ?? String(error);
    writeStderr(logLine("ERROR", message, { is_panic: true }));
    if (currentRequestId !== null) rpcError(currentRequestId, message, true);
    shutdown(101);
  };
  process.on("uncaughtException", panic);
  process.on("unhandledRejection", panic);
  process.on("SIGTERM", () => shutdown(0));
  process.on("SIGINT", () => shutdown(130));

  const handle = async (request) => {
    const { id, method, params } = request;
    currentRequestId = id;
    try {
      let result;
      if (method === "createDatabase") {
        const url = params?.datasource?.tag === "ConnectionString" ? params.datasource.url : datasource.url;
        const info = describeUrl(url);
        await withMaintenanceClient(info, (c) =>
          c.query(`CREATE DATABASE ${quoteIdent(info.database)}`),
        ).catch((e) => {
          throw toUserFacingError(e, info);
        });
        result = { databaseName: info.database };
      } else if (method === "getDatabaseDescription") {
        throw new Error(`${SHIM_NAME}: getDatabaseDescription is not supported by the Wasm schema engine.`);
      } else {
        const engine = await enginePromise;
        const wasmMethod = method === "getDatabaseVersion" ? "version" : method;
        if (typeof wasmBindings.SchemaEngine.prototype[wasmMethod] !== "function" || wasmMethod === "free") {
          throw new Error(`${SHIM_NAME}: unknown method \`${method}\`.`);
        }
        if (wasmMethod === "debugPanic") {
          engine.debugPanic();
        }
        result = await callEngine(engine, wasmMethod, params);
        if (wasmMethod === "diff" && result && typeof result.stdout === "string") {
          // The native engine prints through the CLI (which honours --output).
          await printToCli(result.stdout);
          result = { ...result, stdout: null };
        }
      }
      send({ jsonrpc: "2.0", id, result: result === undefined ? null : result });
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) return panic(error);
      rpcError(id, resolveExternalErrors(error));
    } finally {
      currentRequestId = null;
    }
  };

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (message.method === undefined && message.id !== undefined && pendingPrints.has(message.id)) {
      pendingPrints.get(message.id)();
      pendingPrints.delete(message.id);
      return;
    }
    if (typeof message.method !== "string") return;
    queue = queue.then(() => handle(message));
  });
  rl.on("close", () => {
    queue.then(() => shutdown(0));
  });
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.version) {
    loadWasm();
    process.stdout.write(`schema-engine-cli ${wasmBindings.version()}\n`);
    return 0;
  }
  let datasource;
  try {
    datasource = parseDatasourceArg(args.datasource);
  } catch (error) {
    writeStderr(logLine("INFO", `Starting ${SHIM_NAME}`, {}, "schema_engine_cli"));
    writeStderr(logLine("ERROR", `Invalid --datasource JSON: ${error.message}`, { error_code: "P1013" }));
    return 1;
  }
  if (args.cli !== undefined) return runCliCommand(args.cli, datasource);
  await serveRpc(args, datasource);
  return undefined; // keeps running until stdin closes
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error) => {
    writeStderr(logLine("ERROR", error?.stack ?? String(error)));
    process.exit(1);
  },
);
