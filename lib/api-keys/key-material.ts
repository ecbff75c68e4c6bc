import { createHash, randomBytes } from "node:crypto";

// Private keys look like Klaviyo's (`pk_` + secret) so existing integrations' config fits; the
// first 10 characters are stored in clear as the visible prefix.
const KEY_PREFIX = "pk_";
const VISIBLE_LENGTH = 10;

export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = KEY_PREFIX + randomBytes(24).toString("hex");
  return { key, prefix: key.slice(0, VISIBLE_LENGTH), keyHash: hashApiKey(key) };
}

/** SHA-256 suffices: the key has 192 random bits, so there is nothing to brute-force slowly. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
