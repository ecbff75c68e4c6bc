// `npm run rotate-app-key`: re-seals every secret stored in the database (workspace and code
// secrets, webhook signing secrets) under a new app key, in one transaction. Procedure and
// background: docs/RELIABILITY.md, "Secrets".
//
//   With keys in the environment (several processes, or any deployment that sets them):
//     1. every process: HOOKFLOW_APP_KEY=<new> HOOKFLOW_APP_KEY_PREVIOUS=<old>, restarted
//     2. npm run rotate-app-key            (same environment)
//     3. every process: HOOKFLOW_APP_KEY_PREVIOUS removed, restarted
//   With the key generated into <data>/secrets.json (one box, `npm start`):
//     stop Hookflow; npm run rotate-app-key -- --generate; start Hookflow.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { rotateAppKey } from "@/lib/crypto/rotate-app-key";
import { ensureConfiguredDatabase, loadConfig } from "@/lib/db/bootstrap";
import { createDatabase } from "@/lib/db/prisma";

async function main() {
  const { config, dataDir } = loadConfig();
  const isGenerate = process.argv.includes("--generate");
  const secretsFile = path.join(dataDir, "secrets.json");
  let keys: { from: string; to: string };
  if (isGenerate) {
    if (config.HOOKFLOW_APP_KEY) {
      throw new Error(
        "HOOKFLOW_APP_KEY is set in the environment: rotate with HOOKFLOW_APP_KEY_PREVIOUS instead of --generate",
      );
    }
    if (!existsSync(secretsFile))
      throw new Error(`No generated key to rotate: ${secretsFile} does not exist`);
    const stored = JSON.parse(readFileSync(secretsFile, "utf8")) as Record<string, string>;
    // A previous unfinished run left both keys: finish that rotation rather than start another.
    keys = stored.HOOKFLOW_APP_KEY_PREVIOUS
      ? { from: stored.HOOKFLOW_APP_KEY_PREVIOUS, to: stored.HOOKFLOW_APP_KEY as string }
      : { from: stored.HOOKFLOW_APP_KEY as string, to: randomBytes(32).toString("base64") };
    // Both keys are on disk before anything is re-sealed, so a crash at any point leaves every
    // value openable (start accepts the previous key while it is in the file).
    writeSecrets(secretsFile, { ...stored, HOOKFLOW_APP_KEY: keys.to, HOOKFLOW_APP_KEY_PREVIOUS: keys.from });
  } else {
    if (!config.HOOKFLOW_APP_KEY || !config.HOOKFLOW_APP_KEY_PREVIOUS) {
      throw new Error(
        "Set HOOKFLOW_APP_KEY to the new key and HOOKFLOW_APP_KEY_PREVIOUS to the old one (or use --generate on a single box with a generated key)",
      );
    }
    keys = { from: config.HOOKFLOW_APP_KEY_PREVIOUS, to: config.HOOKFLOW_APP_KEY };
  }
  const handle = await ensureConfiguredDatabase(config, dataDir, "rotate-app-key");
  const database = createDatabase(handle.url, 2);
  try {
    const result = await rotateAppKey({ pool: database.pool, fromKeys: [keys.from], toKey: keys.to });
    console.log(
      `[rotate-app-key] re-sealed ${result.resealed} values (${result.alreadyCurrent} already under the new key)`,
    );
    if (isGenerate) {
      const stored = JSON.parse(readFileSync(secretsFile, "utf8")) as Record<string, string>;
      delete stored.HOOKFLOW_APP_KEY_PREVIOUS;
      writeSecrets(secretsFile, stored);
      console.log(`[rotate-app-key] ${secretsFile} holds the new key only; start Hookflow`);
    } else {
      console.log(
        "[rotate-app-key] done: remove HOOKFLOW_APP_KEY_PREVIOUS from every process and restart them",
      );
    }
  } finally {
    await database.pool.end();
    await database.prisma.$disconnect();
    await handle.stop();
  }
}

function writeSecrets(file: string, values: Record<string, string>) {
  writeFileSync(file, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
}

main().catch((error: unknown) => {
  console.error(`[rotate-app-key] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
