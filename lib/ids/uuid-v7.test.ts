import { describe, expect, it } from "vitest";
import { isUuid, uuidv7, uuidv7Time } from "@/lib/ids/uuid-v7";

describe("uuidv7", () => {
  it("has the version 7 and RFC variant bits", () => {
    const id = uuidv7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isUuid(id)).toBe(true);
  });

  it("encodes the given millisecond timestamp", () => {
    const now = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
    expect(uuidv7Time(uuidv7(now))).toBe(now);
  });

  it("sorts in generation order, also within one millisecond and past counter overflow", () => {
    const now = Date.UTC(2031, 5, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // 10,000 ids cannot fit the 12-bit counter of one millisecond: the clock was advanced.
    expect(uuidv7Time(ids.at(-1)!)).toBeGreaterThan(now);
  });

  it("never goes backwards when the clock does", () => {
    const first = uuidv7(Date.UTC(2032, 0, 1));
    const second = uuidv7(Date.UTC(2031, 0, 1));
    expect(second > first).toBe(true);
  });

  it("rejects strings that are not UUIDs", () => {
    expect(isUuid("not-a-uuid")).toBe(false);
    expect(isUuid("01936b2e-5f3a-7c41-9a2b-3c4d5e6f7a8")).toBe(false);
  });
});
