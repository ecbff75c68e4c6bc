import { describe, expect, it } from "vitest";
import {
  isRetryableStatus,
  MAX_DELIVERY_ATTEMPTS,
  nextRetryDelayMs,
  parseRetryAfter,
} from "@/lib/webhooks/retry-policy";

describe("retry policy", () => {
  it("follows the schedule with ±20 % jitter and stops after the last retry", () => {
    expect(nextRetryDelayMs(1, { random: () => 0.5 })).toBe(5_000);
    expect(nextRetryDelayMs(1, { random: () => 0 })).toBe(4_000);
    expect(nextRetryDelayMs(1, { random: () => 1 })).toBe(6_000);
    expect(nextRetryDelayMs(2, { random: () => 0.5 })).toBe(300_000);
    expect(nextRetryDelayMs(MAX_DELIVERY_ATTEMPTS - 1, { random: () => 0.5 })).toBe(36_000_000);
    expect(nextRetryDelayMs(MAX_DELIVERY_ATTEMPTS)).toBeNull();
  });

  it("honours a longer Retry-After, capped at the last interval", () => {
    expect(nextRetryDelayMs(1, { retryAfterMs: 60_000, random: () => 0.5 })).toBe(60_000);
    expect(nextRetryDelayMs(1, { retryAfterMs: 1_000, random: () => 0.5 })).toBe(5_000);
    expect(nextRetryDelayMs(1, { retryAfterMs: 10 ** 10, random: () => 0.5 })).toBe(36_000_000);
  });

  it("retries 408, 429 and 5xx only", () => {
    expect([408, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 410, 422, 302].some(isRetryableStatus)).toBe(false);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Sun, 29 Nov 2026 12:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
