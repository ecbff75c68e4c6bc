// The driver adapter handed to the wasm schema engine, with the workarounds for
// the @prisma/adapter-pg 7.10.1 bugs (see README.md, points 1–3 and 5):
// `"char"` columns, the shadow database, `executeScript`, and the placeholder
// adapter used when the database cannot be reached.

import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum, DriverAdapterError } from "@prisma/driver-adapter-utils";

import {
  describeUrl,
  makePool,
  quoteIdent,
  urlWithDatabase,
  withClient,
  withMaintenanceClient,
} from "./datasource.mjs";
import { setLastScriptError } from "./errors.mjs";
import { DEBUG, logLine, SHIM_NAME, writeStderr } from "./log.mjs";

const PG_CHAR_OID = 18; // the one-byte internal `"char"` type (pg_constraint.contype, pg_class.relkind, …)
const PG_BPCHAR_OID = 1042; // `character(n)`: adapter-pg reads it as plain text, like `"char"` needs
const SYSTEM_SCHEMAS_SQL = `nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`;

const charColumns = new AsyncLocalStorage();

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
        setLastScriptError({ script, error });
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

export const shadowDatabases = new Set(); // created by us, dropped on dispose or at exit

export async function dropShadowDatabase(info, name) {
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
export function makeAdapterFactory(main, shadowUrl) {
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
export function makeOfflineFactory(main, originalError) {
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
