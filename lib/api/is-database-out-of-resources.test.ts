import { describe, expect, it } from "vitest";
import { handleApiError } from "@/lib/api/handle-api-error";
import { isDatabaseOutOfResources } from "@/lib/api/is-database-out-of-resources";
import { errorsOf } from "@/lib/api/testing/json-api-assertions";

// The shape node-pg gives for a full disk (as measured by bench/faults.ts on a full tmpfs).
const diskFull = Object.assign(
  new Error('could not extend file "base/16384/16625": No space left on device'),
  {
    code: "53100",
    severity: "ERROR",
  },
);

describe("database out of disk space or memory", () => {
  it("is recognised directly, wrapped in a cause, and in Prisma's driver-adapter error", () => {
    expect(isDatabaseOutOfResources(diskFull)).toBe(true);
    expect(isDatabaseOutOfResources(new Error("batch failed", { cause: diskFull }))).toBe(true);
    expect(
      isDatabaseOutOfResources({ meta: { driverAdapterError: { cause: { originalCode: "53200" } } } }),
    ).toBe(true);
    expect(isDatabaseOutOfResources(Object.assign(new Error("x"), { code: "23505" }))).toBe(false);
    expect(isDatabaseOutOfResources(Object.assign(new Error("x"), { code: "53300" }))).toBe(false);
  });

  it("answers 503 with Retry-After and says nothing was stored (was a generic 500)", async () => {
    const response = handleApiError(diskFull);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const [error] = await errorsOf(response);
    expect(error?.detail).toContain("out of disk space");
    expect(error?.detail).toContain("nothing was stored");
  });
});
