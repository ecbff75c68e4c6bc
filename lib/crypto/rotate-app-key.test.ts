import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rotateAppKey, SEALED_COLUMNS } from "@/lib/crypto/rotate-app-key";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { createTestDatabase } from "@/test/database";

// The app key being replaced: accepted by openSecret while HOOKFLOW_APP_KEY_PREVIOUS names it.
// (Set before anything reads the environment; HOOKFLOW_APP_KEY is vitest.config.ts's, the new key.)
const OLD_KEY = randomBytes(32).toString("base64");
process.env.HOOKFLOW_APP_KEY_PREVIOUS = OLD_KEY;
const NEW_KEY = process.env.HOOKFLOW_APP_KEY as string;
const db = await createTestDatabase();

async function sealedValues() {
  const values: string[] = [];
  for (const { table, column } of SEALED_COLUMNS) {
    const rows = await db.pool.query<{ sealed: string }>(
      `select ${column} as sealed from ${table} where ${column} is not null order by id`,
    );
    values.push(...rows.rows.map((row) => row.sealed));
  }
  return values;
}

async function seedSealedWith(key: string) {
  const workspace = await db.prisma.workspace.create({
    data: { name: "Rotation", flowWebhookSecretEncrypted: sealSecret("whsec_flow", key) },
  });
  await db.prisma.secret.create({
    data: { workspaceId: workspace.id, name: "API_TOKEN", ciphertext: sealSecret("token-1", key) },
  });
  await db.prisma.eventWebhook.create({
    data: {
      workspaceId: workspace.id,
      name: "Hook",
      url: "https://example.com",
      secretEncrypted: sealSecret("whsec_current", key),
      previousSecretEncrypted: sealSecret("whsec_previous", key),
    },
  });
  return workspace;
}

describe("rotating the app key", () => {
  it("knows every sealed column of the schema", async () => {
    const columns = await db.pool.query<{ name: string }>(
      `select table_name || '.' || column_name as name from information_schema.columns
       where table_schema = 'public' and (column_name like '%\\_encrypted' or column_name = 'ciphertext')`,
    );
    expect(columns.rows.map((row) => row.name).sort()).toEqual(
      SEALED_COLUMNS.map(({ table, column }) => `${table}.${column}`).sort(),
    );
  });

  it("accepts the previous key while rotating, then re-seals everything under the new key in one go", async () => {
    await seedSealedWith(OLD_KEY);
    // During the rotation, processes started with both keys open old values (no key argument).
    const before = await sealedValues();
    expect(before.map((sealed) => openSecret(sealed)).sort()).toEqual(
      ["token-1", "whsec_current", "whsec_flow", "whsec_previous"].sort(),
    );
    expect(() => openSecret(before[0]!, NEW_KEY)).toThrow();

    expect(await rotateAppKey({ pool: db.pool, fromKeys: [OLD_KEY], toKey: NEW_KEY })).toEqual({
      resealed: 4,
      alreadyCurrent: 0,
    });
    const after = await sealedValues();
    expect(after.map((sealed) => openSecret(sealed, NEW_KEY)).sort()).toEqual(
      before.map((sealed) => openSecret(sealed, OLD_KEY)).sort(),
    );
    for (const sealed of after) expect(() => openSecret(sealed, OLD_KEY)).toThrow();

    // A second run (e.g. after a crash between commit and the operator's next step) changes nothing.
    expect(await rotateAppKey({ pool: db.pool, fromKeys: [OLD_KEY], toKey: NEW_KEY })).toEqual({
      resealed: 0,
      alreadyCurrent: 4,
    });
  });

  it("changes nothing when one value opens with neither key, and names its row", async () => {
    await seedSealedWith(OLD_KEY);
    const stranger = await db.prisma.secret.create({
      data: {
        workspaceId: (await db.prisma.workspace.findFirstOrThrow()).id,
        name: "FOREIGN",
        ciphertext: sealSecret("x", randomBytes(32).toString("base64")),
      },
    });
    const before = await sealedValues();
    await expect(rotateAppKey({ pool: db.pool, fromKeys: [OLD_KEY], toKey: NEW_KEY })).rejects.toThrow(
      `secrets.ciphertext of row ${stranger.id} cannot be opened`,
    );
    expect(await sealedValues()).toEqual(before);
  });

  it("`npm run rotate-app-key -- --generate` rotates a generated key in the data folder", async () => {
    await db.pool.query(
      "delete from secrets; delete from event_webhooks; update workspaces set flow_webhook_secret_encrypted = null",
    );
    await seedSealedWith(OLD_KEY);
    const dataDir = mkdtempSync(path.join(tmpdir(), "hookflow-rotate-"));
    const secretsFile = path.join(dataDir, "secrets.json");
    writeFileSync(secretsFile, JSON.stringify({ HOOKFLOW_APP_KEY: OLD_KEY, AUTH_SECRET: "a".repeat(44) }));
    const { HOOKFLOW_APP_KEY: _current, HOOKFLOW_APP_KEY_PREVIOUS: _previous, ...environment } = process.env;
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/rotate-app-key.ts", "--generate"], {
      env: { ...environment, DATABASE_URL: db.url, HOOKFLOW_DATA_DIR: dataDir, HOOKFLOW_DEMO: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/re-sealed 4 values/);
    const stored = JSON.parse(readFileSync(secretsFile, "utf8"));
    expect(stored).toEqual({ HOOKFLOW_APP_KEY: expect.any(String), AUTH_SECRET: "a".repeat(44) });
    expect(stored.HOOKFLOW_APP_KEY).not.toBe(OLD_KEY);
    for (const sealed of await sealedValues())
      expect(openSecret(sealed, stored.HOOKFLOW_APP_KEY)).toMatch(/^(whsec_|token)/);
  });
});
