// Error translation for the schema-engine shim (see README.md, point 6):
// node-postgres errors → Prisma's P1xxx codes (`cli` commands, createDatabase),
// "External error id#N" → the adapter's original message, and a migration that
// fails in `applyMigrations` → the native engine's P3018.

export class UserFacingError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Maps node-postgres / socket errors to Prisma's P1xxx user-facing errors. */
export function toUserFacingError(error, info) {
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

// { script, error } of the last failed executeScript, for P3018. Set by the
// patched adapter (adapter.mjs), cleared by `callEngine` before each call.
export let lastScriptError;

export function setLastScriptError(value) {
  lastScriptError = value;
}

let errorRegistry; // of the adapter factory the engine runs on

export function setErrorRegistry(registry) {
  errorRegistry = registry;
}

/**
 * JS errors thrown inside the adapter (anything that is not a
 * DriverAdapterError) reach the engine as an id into the factory's error
 * registry, and come back as "External error id#N": put the original message back.
 */
export function resolveExternalErrors(error, registry = errorRegistry) {
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

export function describeDatabaseError({ script, error }) {
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
export function migrationFailedError(params, error) {
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
