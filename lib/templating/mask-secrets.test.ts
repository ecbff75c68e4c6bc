import { describe, expect, it } from "vitest";
import { maskSecrets } from "@/lib/templating/mask-secrets";

describe("maskSecrets", () => {
  it("replaces every occurrence of every secret", () => {
    const text = "Authorization: Bearer sk_live_123\nX-Other: tok-abcdef\nbody: sk_live_123";
    expect(maskSecrets(text, { API: "sk_live_123", OTHER: "tok-abcdef" })).toBe(
      "Authorization: Bearer ••••\nX-Other: ••••\nbody: ••••",
    );
  });

  it("ignores secrets shorter than 4 characters", () => {
    expect(maskSecrets("on 1 abc abcd", { A: "on", B: "1", C: "abc", D: "abcd" })).toBe("on 1 abc ••••");
  });

  it("masks a secret that contains another one whole", () => {
    expect(maskSecrets("key=prefix-secret-1234", { SHORT: "secret", LONG: "prefix-secret-1234" })).toBe(
      "key=••••",
    );
  });

  it("masks overlapping secrets entirely", () => {
    expect(maskSecrets("[abcdef]", { A: "abcd", B: "cdef" })).toBe("[••••]");
  });

  it("masks the JSON-escaped form of a secret found in a JSON body", () => {
    const secret = 'pa"ss\\word';
    const body = JSON.stringify({ password: secret });
    expect(maskSecrets(body, { PASSWORD: secret })).toBe('{"password":"••••"}');
  });

  it("treats secrets as literal text, not patterns", () => {
    expect(maskSecrets("a.b*c+d and axbxcxd", { S: "a.b*c+d" })).toBe("•••• and axbxcxd");
  });

  it("returns the text unchanged when there is nothing to mask", () => {
    expect(maskSecrets("nothing here", {})).toBe("nothing here");
  });
});
