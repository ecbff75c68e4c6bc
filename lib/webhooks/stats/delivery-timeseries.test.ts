import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { deliverySummary } from "@/lib/webhooks/stats/delivery-summary";
import { deliveryTimeseries } from "@/lib/webhooks/stats/delivery-timeseries";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture("Acme");
// The injected clock: attempts are written at chosen times before it, nothing waits.
const NOW = new Date("2027-05-10T12:30:00Z");
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000);

async function webhook(): Promise<string> {
  const id = uuidv7();
  await db.pool.query(
    `insert into event_webhooks (id, workspace_id, name, url, secret_encrypted)
     values ($1, $2, 'W', 'https://example.com/h', 'x')`,
    [id, workspaceId],
  );
  return id;
}

/** One delivery with attempts of the given (status, duration, hours ago). */
async function delivery(
  webhookId: string,
  attempts: [status: number | null, durationMs: number, hoursAgo: number][],
  options: { isTest?: boolean; status?: "succeeded" | "failed" | "pending" } = {},
) {
  const id = uuidv7();
  const createdAt = at(Math.max(...attempts.map(([, , hoursAgo]) => hoursAgo)));
  await db.pool.query(
    `insert into webhook_deliveries (id, workspace_id, event_webhook_id, message_id, url, payload, status, attempt_count,
                                     is_test, created_at, updated_at)
     values ($1, $2, $3, $4, 'https://example.com/h', '{}', $5::"DeliveryStatus", $6, $7, $8, $8)`,
    [
      id,
      workspaceId,
      webhookId,
      `msg_${id}`,
      options.status ?? "succeeded",
      attempts.length,
      options.isTest ?? false,
      createdAt,
    ],
  );
  for (const [index, [status, durationMs, hoursAgo]] of attempts.entries()) {
    await db.pool.query(
      `insert into webhook_attempts (id, workspace_id, delivery_id, number, request_headers, request_body,
                                     response_status, duration_ms, created_at)
       values ($1, $2, $3, $4, '{}', '{}', $5, $6, $7)`,
      [uuidv7(), workspaceId, id, index + 1, status, durationMs, at(hoursAgo)],
    );
  }
}

describe("webhook delivery charts", () => {
  it("buckets attempts per UTC hour over 24 h: rate, p50, p95; empty hours are gaps; tests and other webhooks left out", async () => {
    const id = await webhook();
    const other = await webhook();
    // 11:xx UTC (1 h ago): a 500 then a 200 (a retry), and a 200 of another delivery.
    await delivery(id, [
      [500, 100, 1.2],
      [200, 300, 1.1],
    ]);
    await delivery(id, [[200, 500, 1]]);
    // 02:xx UTC (10 h ago): a timeout (no status).
    await delivery(id, [[null, 15_000, 10.4]], { status: "pending" });
    await delivery(id, [[200, 1, 1]], { isTest: true });
    await delivery(other, [[500, 1, 1]]);

    const buckets = await deliveryTimeseries({
      workspaceId,
      subject: { eventWebhookId: id },
      window: "24h",
      now: NOW,
    });
    expect(buckets).toHaveLength(25);
    expect(buckets[0]!.start.toISOString()).toBe("2027-05-09T12:00:00.000Z");
    expect(buckets.at(-1)!.start.toISOString()).toBe("2027-05-10T12:00:00.000Z");
    const byHour = new Map(buckets.map((bucket) => [bucket.start.toISOString().slice(11, 16), bucket]));
    expect(byHour.get("11:00")).toEqual({
      start: new Date("2027-05-10T11:00:00Z"),
      attempts: 3,
      succeeded: 2,
      successRate: 2 / 3,
      p50Ms: 300,
      p95Ms: 480,
    });
    expect(byHour.get("02:00")).toMatchObject({ attempts: 1, succeeded: 0, successRate: 0, p50Ms: 15_000 });
    expect(buckets.filter((bucket) => bucket.attempts === 0)).toHaveLength(23);
    expect(buckets.find((bucket) => bucket.attempts === 0)).toMatchObject({
      successRate: null,
      p50Ms: null,
      p95Ms: null,
    });

    const week = await deliveryTimeseries({
      workspaceId,
      subject: { eventWebhookId: id },
      window: "7d",
      now: NOW,
    });
    expect(week).toHaveLength(29);
    expect(week.reduce((sum, bucket) => sum + bucket.attempts, 0)).toBe(4);
    expect(week.at(-1)).toMatchObject({ start: new Date("2027-05-10T12:00:00Z"), attempts: 0 });

    expect(await deliverySummary({ workspaceId, subject: { eventWebhookId: id }, now: NOW })).toEqual({
      attempts: 4,
      successRate: 0.5,
      p50LatencyMs: 400,
      pending: 1,
      failedLast24h: 0,
    });
  });
});
