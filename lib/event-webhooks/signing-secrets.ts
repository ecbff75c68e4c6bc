import { openSecret } from "@/lib/crypto/secret-box";

/** How long a rotated-out secret keeps signing: receivers get a day to switch. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export type TSealedSecrets = {
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
};

// Opened secrets by sealed value: the deliverer signs every request, and opening (an AES-GCM
// decipher) was ~2 % of its CPU (bench:webhooks profile). A sealed value only ever opens to the
// same secret; a rotation seals a new value. Bounded: cleared when full.
const opened = new Map<string, string>();
const MAX_OPENED = 1_000;

function openCached(sealed: string): string {
  let secret = opened.get(sealed);
  if (secret === undefined) {
    secret = openSecret(sealed);
    if (opened.size >= MAX_OPENED) opened.clear();
    opened.set(sealed, secret);
  }
  return secret;
}

/**
 * The secrets that sign a request sent at `now`: the current one, plus the previous one until
 * its expiry — Standard Webhooks puts one `v1,` signature per secret in webhook-signature, and a
 * receiver accepts the request if any of them verifies.
 */
export function activeSigningSecrets(webhook: TSealedSecrets, now: Date): string[] {
  const secrets = [openCached(webhook.secretEncrypted)];
  if (
    webhook.previousSecretEncrypted &&
    webhook.previousSecretExpiresAt &&
    webhook.previousSecretExpiresAt > now
  ) {
    secrets.push(openCached(webhook.previousSecretEncrypted));
  }
  return secrets;
}
