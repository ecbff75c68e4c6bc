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

// This file is the entry point: command-line arguments, `--version`, and the
// `cli <command>` sub-commands. The rest lives beside it:
//   log.mjs         JSON log lines on stderr
//   datasource.mjs  datasource URLs, node-postgres clients
//   errors.mjs      error translation (P1xxx, P3018, "External error id#N")
//   adapter.mjs     adapter-pg workarounds ("char" columns, shadow database, executeScript)
//   engine.mjs      loading and calling the wasm engine
//   rpc.mjs         the JSON-RPC server on stdin/stdout

import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";

import {
  describeUrl,
  parseDatasourceArg,
  quoteIdent,
  withClient,
  withMaintenanceClient,
} from "./datasource.mjs";
import { loadWasm } from "./engine.mjs";
import { toUserFacingError, UserFacingError } from "./errors.mjs";
import { logLine, SHIM_NAME, writeStderr } from "./log.mjs";
import { serveRpc } from "./rpc.mjs";

// stderr carries JSON log lines only; pg's deprecation notices (pgpass, …) would break that.
process.noDeprecation = true;

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
