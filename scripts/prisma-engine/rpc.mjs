// The JSON-RPC 2.0 server of the schema-engine shim (see README.md, "JSON-RPC
// server"): newline-delimited requests on stdin, answers on stdout, handled one
// at a time, in order; each one goes to the wasm engine (or, for
// `createDatabase`, to node-postgres).

import readline from "node:readline";

import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";

import { dropShadowDatabase, shadowDatabases } from "./adapter.mjs";
import { describeUrl, quoteIdent, withMaintenanceClient } from "./datasource.mjs";
import { callEngine, createEngine, panicMessage } from "./engine.mjs";
import { resolveExternalErrors, toUserFacingError } from "./errors.mjs";
import { logLine, SHIM_NAME, writeStderr } from "./log.mjs";

const RPC_ERROR_CODE = 4466; // what the native engine uses for every application error

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

export async function serveRpc(args, datasource) {
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
