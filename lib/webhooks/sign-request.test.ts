import { Webhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import { generateSigningSecret, signatureHeaders } from "@/lib/webhooks/sign-request";

describe("signatureHeaders", () => {
  it("signs exactly as standardwebhooks does, and both official libraries verify it", () => {
    const secrets = [
      generateSigningSecret(),
      generateSigningSecret(),
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ];
    const bodies = ['{"data":[]}', '{"name":"Zoë — 東京 🚀","n":1}', ""];
    for (const secret of secrets) {
      for (const body of bodies) {
        const timestamp = new Date(1_764_480_000_123);
        const headers = signatureHeaders({ messageId: "msg_2abc", timestamp, body, secrets: [secret] });
        expect(headers["webhook-signature"]).toBe(new Webhook(secret).sign("msg_2abc", timestamp, body));
        expect(headers["webhook-timestamp"]).toBe("1764480000");
      }
    }
    const secret = generateSigningSecret();
    const body = '{"data":[{"id":"e1","text":"héllo"}]}';
    const headers = signatureHeaders({ messageId: "msg_x", timestamp: new Date(), body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    const svixHeaders = {
      "svix-id": headers["webhook-id"],
      "svix-timestamp": headers["webhook-timestamp"],
      "svix-signature": headers["webhook-signature"],
    };
    expect(() => new SvixWebhook(secret).verify(body, svixHeaders)).not.toThrow();
  });

  it("signs with every valid secret during a rotation, space-separated", () => {
    const [current, previous] = [generateSigningSecret(), generateSigningSecret()];
    const body = "{}";
    const headers = signatureHeaders({
      messageId: "msg_r",
      timestamp: new Date(),
      body,
      secrets: [current, previous],
    });
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => signatureHeaders({ messageId: "m", timestamp: new Date(), body, secrets: [] })).toThrow();
  });
});
