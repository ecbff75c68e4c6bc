import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const GENERATED = ["AUTH_SECRET", "HOOKFLOW_APP_KEY", "CRON_SECRET"] as const;
type GeneratedName = (typeof GENERATED)[number];
const PREVIOUS_KEY = "HOOKFLOW_APP_KEY_PREVIOUS";

/**
 * Secrets the operator did not set are generated once and kept in <data>/secrets.json (0600), so a
 * single box works with no configuration and survives restarts. Several app instances must share
 * the values: set them in the environment then (README, Configuration).
 */
export function ensureLocalSecrets(
  dataDir: string,
  environment: Record<string, string | undefined>,
): Record<GeneratedName, string> & { HOOKFLOW_APP_KEY_PREVIOUS?: string } {
  const file = path.join(dataDir, "secrets.json");
  const stored: Partial<Record<GeneratedName | typeof PREVIOUS_KEY, string>> = existsSync(file)
    ? JSON.parse(readFileSync(file, "utf8"))
    : {};
  let changed = false;
  const result = {} as Record<GeneratedName, string> & { HOOKFLOW_APP_KEY_PREVIOUS?: string };
  // Left by `npm run rotate-app-key -- --generate` only while a rotation is unfinished.
  const previous = environment[PREVIOUS_KEY] ?? stored[PREVIOUS_KEY];
  if (previous) result[PREVIOUS_KEY] = previous;
  for (const name of GENERATED) {
    const fromEnv = environment[name];
    if (fromEnv) {
      result[name] = fromEnv;
      continue;
    }
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString("base64");
      changed = true;
    }
    result[name] = stored[name];
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return result;
}
