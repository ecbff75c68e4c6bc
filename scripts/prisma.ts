// `npm run prisma -- <args>`: the Prisma CLI against Hookflow's database (the embedded server,
// started for the duration, unless DATABASE_URL is set), with the offline schema engine.
// Examples: `npm run prisma -- migrate dev --name add_x`, `npm run prisma -- migrate status`.
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureDatabase, runPrisma } from "@/lib/db/bootstrap";
import { parseEnv } from "@/lib/env";

const ROOT = path.resolve(import.meta.dirname, "..");

async function main() {
  if (existsSync(path.join(ROOT, ".env"))) process.loadEnvFile(path.join(ROOT, ".env"));
  const config = parseEnv(process.env);
  const database = await ensureDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: path.resolve(ROOT, config.HOOKFLOW_DATA_DIR),
    port: config.HOOKFLOW_PG_PORT,
    log: (line) => {
      if (!line.startsWith("[postgres]")) console.log(`[hookflow] ${line}`);
    },
  });
  let code = 0;
  try {
    await runPrisma(process.argv.slice(2), database.url);
  } catch {
    code = 1;
  } finally {
    await database.stop();
  }
  process.exit(code);
}

void main();
