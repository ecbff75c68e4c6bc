import { openSecret } from "@/lib/crypto/secret-box";

/** How long a rotated-out secret keeps signing: receivers get a day to switch. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export type TSealedSecrets = {
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
};

/**
 * The secrets that sign a request sent at `now`: the current one, plus the previous one until
 * its expiry — Standard Webhooks puts one `v1,` signature per secret in webhook-signature, and a
 * receiver accepts the request if any of them verifies.
 */
export function activeSigningSecrets(webhook: TSealedSecrets, now: Date): string[] {
  const secrets = [openSecret(webhook.secretEncrypted)];
  if (
    webhook.previousSecretEncrypted &&
    webhook.previousSecretExpiresAt &&
    webhook.previousSecretExpiresAt > now
  ) {
    secrets.push(openSecret(webhook.previousSecretEncrypted));
  }
  return secrets;
}
