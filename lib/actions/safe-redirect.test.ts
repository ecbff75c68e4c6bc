import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/actions/safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeRedirectPath("/settings/api-keys?x=1")).toBe("/settings/api-keys?x=1");
  });
  it.each(["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", ""])(
    "refuses %j",
    (raw) => {
      expect(safeRedirectPath(raw)).toBe("/activity");
    },
  );
  it("does not bounce back to the auth pages or the API", () => {
    expect(safeRedirectPath("/sign-in")).toBe("/activity");
    expect(safeRedirectPath("/api/events")).toBe("/activity");
  });
  it("ignores non-strings", () => {
    expect(safeRedirectPath(undefined)).toBe("/activity");
    expect(safeRedirectPath(["/flows"])).toBe("/activity");
  });
});
