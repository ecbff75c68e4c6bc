import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { generateSigningSecret } from "@/lib/webhooks/sign-request";

// The workspace's signing secret for flow webhook requests, made on first use. Kept decrypted in
// memory for a minute: signing happens on every delivery, the secret changes only by rotation.
const CACHE_MS = 60_000;
const globalForSecrets = globalThis as unknown as {
  hookflowFlowSecrets?: Map<string, { secret: string; until: number }>;
};

export async function flowWebhookSecret(db: TPgTx, workspaceId: string): Promise<string> {
  globalForSecrets.hookflowFlowSecrets ??= new Map();
  const cache = globalForSecrets.hookflowFlowSecrets;
  const cached = cache.get(workspaceId);
  if (cached && cached.until > Date.now()) return cached.secret;
  const found = await db.query<{ sealed: string | null }>(
    "select flow_webhook_secret_encrypted as sealed from workspaces where id = $1",
    [workspaceId],
  );
  if (found.rows.length === 0) throw new Error(`Workspace ${workspaceId} does not exist`);
  let sealed = found.rows[0]?.sealed ?? null;
  if (!sealed) {
    // coalesce: two processes making the first secret at once keep the one that landed first.
    const made = await db.query<{ sealed: string }>(
      `update workspaces set flow_webhook_secret_encrypted = coalesce(flow_webhook_secret_encrypted, $2)
       where id = $1 returning flow_webhook_secret_encrypted as sealed`,
      [workspaceId, sealSecret(generateSigningSecret())],
    );
    sealed = made.rows[0]!.sealed;
  }
  const secret = openSecret(sealed);
  cache.set(workspaceId, { secret, until: Date.now() + CACHE_MS });
  return secret;
}
