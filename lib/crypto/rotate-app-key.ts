import type pg from "pg";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";

// Every column holding a value sealed with the app key. A new sealed column must be added here
// (rotate-app-key.test.ts fails when a column named *_encrypted or ciphertext is missing).
export const SEALED_COLUMNS = [
  { table: "secrets", column: "ciphertext" },
  { table: "workspaces", column: "flow_webhook_secret_encrypted" },
  { table: "event_webhooks", column: "secret_encrypted" },
  { table: "event_webhooks", column: "previous_secret_encrypted" },
] as const;

export type TRotationResult = { resealed: number; alreadyCurrent: number };

/**
 * Re-seals every sealed value under `toKey`, in ONE transaction (all or nothing): each value is
 * opened with `toKey` (already rotated: left alone, so a re-run after a crash is safe) or else with
 * one of `fromKeys`. A value that none of the keys opens aborts the whole rotation, naming its row:
 * nothing is re-sealed, so no value is left under a key the operator is about to discard.
 */
export async function rotateAppKey(options: {
  pool: pg.Pool;
  fromKeys: readonly string[];
  toKey: string;
}): Promise<TRotationResult> {
  const client = await options.pool.connect();
  const result: TRotationResult = { resealed: 0, alreadyCurrent: 0 };
  try {
    await client.query("begin");
    for (const { table, column } of SEALED_COLUMNS) {
      const rows = await client.query<{ id: string; sealed: string }>(
        `select id, ${column} as sealed from ${table} where ${column} is not null order by id for update`,
      );
      for (const row of rows.rows) {
        if (opensWith(row.sealed, options.toKey)) {
          result.alreadyCurrent++;
          continue;
        }
        const plaintext = openWithAny(row.sealed, options.fromKeys, `${table}.${column} of row ${row.id}`);
        await client.query(`update ${table} set ${column} = $2 where id = $1`, [
          row.id,
          sealSecret(plaintext, options.toKey),
        ]);
        result.resealed++;
      }
    }
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function opensWith(sealed: string, key: string): boolean {
  try {
    openSecret(sealed, key);
    return true;
  } catch {
    return false;
  }
}

function openWithAny(sealed: string, keys: readonly string[], what: string): string {
  for (const key of keys) {
    try {
      return openSecret(sealed, key);
    } catch {
      // Not this key: try the next one.
    }
  }
  throw new Error(`${what} cannot be opened with the current or the previous app key; nothing was changed`);
}
