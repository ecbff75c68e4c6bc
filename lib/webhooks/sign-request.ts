import { createHash, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Standard Webhooks signatures (https://www.standardwebhooks.com): webhook-id, webhook-timestamp
// and webhook-signature = space-separated "v1,<base64 HMAC-SHA256 of id.timestamp.body>", one per
// valid secret — during a rotation both the new and the old secret sign, so receivers still
// holding the old one keep verifying.

export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** A stable webhook-id for something that may be sent many times (an engine step's idempotency key). */
export function messageIdFor(idempotencyKey: string): string {
  return `msg_${createHash("sha256").update(idempotencyKey).digest("base64url").slice(0, 27)}`;
}

export function signatureHeaders(options: {
  messageId: string;
  timestamp: Date;
  body: string;
  secrets: readonly string[];
}): Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string> {
  if (options.secrets.length === 0) throw new Error("No signing secret");
  const signatures = options.secrets.map((secret) =>
    new Webhook(secret).sign(options.messageId, options.timestamp, options.body),
  );
  return {
    "webhook-id": options.messageId,
    "webhook-timestamp": String(Math.floor(options.timestamp.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
