// Datasource URLs and plain node-postgres connections for the schema-engine
// shim (see README.md): parsing the `--datasource` argument, PostgreSQL-only
// URL checks, `?schema=` → `search_path`, and the short-lived clients used for
// database administration statements.

import pg from "pg";

import { UserFacingError } from "./errors.mjs";
import { SHIM_NAME } from "./log.mjs";

export function parseDatasourceArg(raw) {
  if (raw === undefined) return {};
  const parsed = JSON.parse(raw);
  return { url: parsed.url ?? undefined, shadowDatabaseUrl: parsed.shadowDatabaseUrl ?? undefined };
}

export function describeUrl(url) {
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

export function urlWithDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

/**
 * A pool whose connections get `search_path` set from the `?schema=` URL parameter, like the
 * native engine. It goes in the start-up packet (`options`), so no query has to be queued.
 */
export function makePool(info) {
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
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Like the native engine: administration statements go through the `postgres` database, else `template1`. */
export async function withMaintenanceClient(info, fn) {
  try {
    return await withClient(urlWithDatabase(info.url, "postgres"), fn);
  } catch (error) {
    if (error?.code !== "3D000") throw error;
    return await withClient(urlWithDatabase(info.url, "template1"), fn);
  }
}
