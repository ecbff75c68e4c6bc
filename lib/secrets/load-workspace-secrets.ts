import { openSecret } from "@/lib/crypto/secret-box";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

/**
 * The workspace's secrets (those not tied to one code function), decrypted — only at send time,
 * and only those named (all when `names` is null). Never log or store the result.
 */
export async function loadWorkspaceSecrets(
  db: TPgTx,
  workspaceId: string,
  names: readonly string[] | null,
): Promise<Record<string, string>> {
  if (names !== null && names.length === 0) return {};
  const rows = await db.query<{ name: string; ciphertext: string }>(
    `select name, ciphertext from secrets
     where workspace_id = $1 and function_id is null and ($2::text[] is null or name = any($2::text[]))`,
    [workspaceId, names],
  );
  const secrets: Record<string, string> = Object.create(null);
  for (const row of rows.rows) secrets[row.name] = openSecret(row.ciphertext);
  return secrets;
}
