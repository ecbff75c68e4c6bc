import { describe, expect, it } from "vitest";
import { decideAttemptOutcome } from "@/lib/event-webhooks/decide-attempt-outcome";
import type { TWebhookResponse } from "@/lib/webhooks/send-request";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const answer = (status: number | null, extra: Partial<TWebhookResponse> = {}): TWebhookResponse => ({
  status,
  headers: {},
  body: null,
  durationMs: 3,
  error: status !== null && status < 300 ? null : "failed",
  isSuccess: status !== null && status >= 200 && status < 300,
  isRetryable: status === null || status === 408 || status === 429 || status >= 500,
  isGone: status === 410,
  ...extra,
});
const base = {
  now: NOW,
  automaticAttemptsBefore: 0,
  isReplay: false,
  isTest: false,
  previousStatus: "pending" as const,
  previousNextAttemptAt: null,
  schedule: [1_000, 60_000],
  random: () => 0.5,
};
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe("decideAttemptOutcome", () => {
  it("2xx succeeds", () => {
    expect(decideAttemptOutcome({ ...base, response: answer(204) })).toEqual({
      status: "succeeded",
      nextAttemptAt: null,
    });
  });

  it("5xx, 408, 429 and network errors are retried on the schedule, then fail", () => {
    for (const status of [500, 503, 408, 429, null]) {
      expect(decideAttemptOutcome({ ...base, response: answer(status) })).toEqual({
        status: "pending",
        nextAttemptAt: at(1_000),
      });
    }
    expect(decideAttemptOutcome({ ...base, automaticAttemptsBefore: 1, response: answer(500) })).toEqual({
      status: "pending",
      nextAttemptAt: at(60_000),
    });
    expect(decideAttemptOutcome({ ...base, automaticAttemptsBefore: 2, response: answer(500) })).toEqual({
      status: "failed",
      nextAttemptAt: null,
    });
  });

  it("honours Retry-After (up to the schedule's last interval)", () => {
    expect(
      decideAttemptOutcome({ ...base, response: answer(429, { retryAfterMs: 30_000 }) }).nextAttemptAt,
    ).toEqual(at(30_000));
    expect(
      decideAttemptOutcome({ ...base, response: answer(429, { retryAfterMs: 3_600_000 }) }).nextAttemptAt,
    ).toEqual(at(60_000));
  });

  it("other 4xx, 410, 3xx and SSRF refusals are final", () => {
    for (const status of [400, 404, 410, 301]) {
      expect(decideAttemptOutcome({ ...base, response: answer(status) })).toEqual({
        status: "failed",
        nextAttemptAt: null,
      });
    }
    const refused = answer(null, { isRetryable: false, error: "127.0.0.1 is a loopback address" });
    expect(decideAttemptOutcome({ ...base, response: refused }).status).toBe("failed");
  });

  it("a failed replay keeps a waiting delivery's retry, and fails any other; test sends are never retried", () => {
    const waiting = at(300_000);
    expect(
      decideAttemptOutcome({
        ...base,
        isReplay: true,
        previousNextAttemptAt: waiting,
        response: answer(500),
      }),
    ).toEqual({ status: "pending", nextAttemptAt: waiting });
    expect(
      decideAttemptOutcome({ ...base, isReplay: true, previousStatus: "failed", response: answer(500) }),
    ).toEqual({ status: "failed", nextAttemptAt: null });
    expect(
      decideAttemptOutcome({ ...base, isReplay: true, previousStatus: "failed", response: answer(200) })
        .status,
    ).toBe("succeeded");
    expect(decideAttemptOutcome({ ...base, isTest: true, response: answer(503) }).status).toBe("failed");
  });
});
