import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";

const key = randomBytes(32).toString("base64");

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = sealSecret("whsec_abc", key);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("whsec_abc");
    expect(openSecret(sealed, key)).toBe("whsec_abc");
  });

  it("seals the same text differently each time (random IV)", () => {
    expect(sealSecret("x", key)).not.toBe(sealSecret("x", key));
  });

  it("refuses a wrong key and altered ciphertext", () => {
    const sealed = sealSecret("secret", key);
    expect(() => openSecret(sealed, randomBytes(32).toString("base64"))).toThrow();
    const bytes = Buffer.from(sealed.slice(3), "base64");
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    expect(() => openSecret(`v1.${bytes.toString("base64")}`, key)).toThrow();
    expect(() => openSecret("v2.abc", key)).toThrow("Unrecognised");
  });
});
