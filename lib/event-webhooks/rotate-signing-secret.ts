import { sealSecret } from "@/lib/crypto/secret-box";
import { type Db, prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { findEventWebhookOrThrow } from "@/lib/event-webhooks/find-in-workspace-or-throw";
import { inTransaction } from "@/lib/event-webhooks/in-transaction";
import { ROTATION_OVERLAP_MS } from "@/lib/event-webhooks/signing-secrets";
import { generateSigningSecret } from "@/lib/webhooks/sign-request";

/**
 * Replaces the signing secret. The old one keeps signing for 24 h (requests carry both
 * signatures), so receivers can switch without dropping a request. Rotating again within those
 * 24 h retires the older secret at once: only one previous secret is kept.
 */
export async function rotateSigningSecret(
  options: { workspaceId: string; webhookId: string; now?: Date },
  db: Db = prisma,
): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
  const now = options.now ?? new Date();
  const secret = generateSigningSecret();
  const previousSecretExpiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  await inTransaction(db, async (tx) => {
    const webhook = await findEventWebhookOrThrow(options, tx);
    // Conditional on the secret read: two rotations at once cannot both demote the same secret.
    const updated = await tx.eventWebhook.updateMany({
      where: { id: webhook.id, secretEncrypted: webhook.secretEncrypted },
      data: {
        secretEncrypted: sealSecret(secret),
        previousSecretEncrypted: webhook.secretEncrypted,
        previousSecretExpiresAt,
      },
    });
    if (updated.count === 0)
      throw new HookflowError("conflict", "The signing secret was rotated at the same moment; try again");
  });
  return { secret, previousSecretExpiresAt };
}
