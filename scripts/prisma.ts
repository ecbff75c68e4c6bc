// `npm run prisma -- <args>`: the Prisma CLI against Hookflow's database (the embedded server,
// started for the duration, unless DATABASE_URL is set), with the offline schema engine.
// Examples: `npm run prisma -- migrate dev --name add_x`, `npm run prisma -- migrate status`.
import { ensureConfiguredDatabase, loadConfig, runPrisma } from "@/lib/db/bootstrap";

async function main() {
  const { config, dataDir } = loadConfig();
  const database = await ensureConfiguredDatabase(config, dataDir, "hookflow");
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
