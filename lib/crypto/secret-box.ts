import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// Secrets at rest (workspace secrets, webhook signing secrets) are sealed with AES-256-GCM under
// HOOKFLOW_APP_KEY (32 random bytes, base64; generated into the data folder on a single box).
// Format: "v1." + base64(iv ‖ tag ‖ ciphertext). Key rotation (docs/RELIABILITY.md, "Secrets";
// docs/DEPLOYMENT.md): while HOOKFLOW_APP_KEY_PREVIOUS is set, values
// sealed with it still open; `npm run rotate-app-key` re-seals every value under the current key.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function appKey(key?: string): Buffer {
  const encoded = key ?? env().HOOKFLOW_APP_KEY;
  if (!encoded)
    throw new Error("HOOKFLOW_APP_KEY is not set: start Hookflow with `npm start` (it generates one)");
  return Buffer.from(encoded, "base64");
}

export function sealSecret(plaintext: string, key?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", appKey(key), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
}

/**
 * Opens with `key`, or else with the app key and then the previous app key (during a rotation).
 * Throws if the text was sealed with none of them or was altered.
 */
export function openSecret(sealed: string, key?: string): string {
  const [version, payload] = sealed.split(".", 2);
  if (version !== VERSION || !payload) throw new Error("Unrecognised sealed secret format");
  const bytes = Buffer.from(payload, "base64");
  const previous = key === undefined ? env().HOOKFLOW_APP_KEY_PREVIOUS : undefined;
  try {
    return openWith(bytes, appKey(key));
  } catch (error) {
    if (!previous) throw error;
    return openWith(bytes, appKey(previous));
  }
}

function openWith(bytes: Buffer, key: Buffer): string {
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    "utf8",
  );
}
