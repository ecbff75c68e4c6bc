import { openSecret } from "@/lib/crypto/secret-box";
import { type Db, prisma } from "@/lib/db/prisma";
import { findEventWebhookOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";

/**
 * The webhook's signing secret in clear, shown on demand (and the previous one while it still
 * signs, during a rotation). Callers must have authorised the user to see secrets.
 */
export async function revealSigningSecret(
  options: { workspaceId: string; webhookId: string; now?: Date },
  db: Db = prisma,
): Promise<{ secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null }> {
  const webhook = await findEventWebhookOrThrow(options, db);
  const now = options.now ?? new Date();
  const isPreviousValid =
    webhook.previousSecretEncrypted !== null &&
    webhook.previousSecretExpiresAt !== null &&
    webhook.previousSecretExpiresAt > now;
  return {
    secret: openSecret(webhook.secretEncrypted),
    previousSecret: isPreviousValid ? openSecret(webhook.previousSecretEncrypted!) : null,
    previousSecretExpiresAt: isPreviousValid ? webhook.previousSecretExpiresAt : null,
  };
}
