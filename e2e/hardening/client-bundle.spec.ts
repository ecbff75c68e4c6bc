import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The client bundle (.next/static, what any visitor downloads) holds no secret and none of the
// code that handles them. Checked against the production build Playwright runs on, with the
// running e2e server's generated secrets (.data/e2e/secrets.json) and the machine's own.

const ROOT = path.resolve(import.meta.dirname, "../..");

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

function generatedSecrets(): Record<string, string> {
  const found: Record<string, string> = {};
  for (const file of [".data/e2e/secrets.json", ".data/secrets.json"]) {
    try {
      for (const [name, value] of Object.entries(JSON.parse(readFileSync(path.join(ROOT, file), "utf8")))) {
        found[`${file} ${name}`] = String(value);
      }
    } catch {
      // Not there on this machine: nothing to look for from it.
    }
  }
  return found;
}

test("the client bundle holds no secret value and no secret-handling code", () => {
  const files = filesUnder(path.join(ROOT, ".next/static")).filter((file) =>
    /\.(js|css|json|map)$/.test(file),
  );
  expect(files.length).toBeGreaterThan(10);
  const needles: Record<string, string> = {
    ...generatedSecrets(),
    "the app key's variable name": "HOOKFLOW_APP_KEY",
    "the session secret's variable name": "AUTH_SECRET",
    "the cron secret's variable name": "CRON_SECRET",
    "the secret box cipher": "aes-256-gcm",
    "the database URL": "postgresql://",
  };
  expect(Object.keys(needles).length).toBeGreaterThan(5);
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const [label, needle] of Object.entries(needles)) {
      if (text.includes(needle)) found.push(`${label} in ${path.relative(ROOT, file)}`);
    }
  }
  expect(found).toEqual([]);
});
