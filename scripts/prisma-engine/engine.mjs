// The wasm schema engine (@prisma/schema-engine-wasm): loading it under Node 20,
// building it on the patched adapter factory (or the offline placeholder), and
// calling its methods with the workarounds of README.md points 4 and 6.

import fs from "node:fs";
import { fileURLToPath } from "node:url";

import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";

import { makeAdapterFactory, makeOfflineFactory } from "./adapter.mjs";
import { describeUrl } from "./datasource.mjs";
import {
  describeDatabaseError,
  lastScriptError,
  migrationFailedError,
  resolveExternalErrors,
  setErrorRegistry,
  setLastScriptError,
} from "./errors.mjs";
import { logLine, writeStderr } from "./log.mjs";

let wasmReady = false;
export let panicMessage;

export function loadWasm() {
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

export async function createEngine(datamodels, datasource) {
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
      setErrorRegistry(bound.errorRegistry);
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
  setErrorRegistry(bound.errorRegistry);
  return engine;
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

export async function callEngine(engine, method, params) {
  setLastScriptError(undefined);
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
