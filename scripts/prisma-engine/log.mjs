// Logging for the schema-engine shim (see README.md). stderr carries JSON log
// lines, like the native engine: the Prisma CLI collects and parses them.

import fs from "node:fs";

export const SHIM_NAME = "hookflow-schema-engine-shim";
export const DEBUG = Boolean(process.env.HOOKFLOW_SCHEMA_ENGINE_DEBUG);

export function logLine(level, message, extraFields = {}, target = "schema_engine::logger") {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level,
    fields: { message, ...extraFields },
    target,
  });
}

export function writeStderr(line) {
  try {
    fs.writeSync(2, `${line}\n`);
  } catch {
    // stderr closed: nothing sensible left to do
  }
}
