import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import {
  ensureRetentionSweepScheduled,
  RETENTION_SWEEP_EVERY_MS,
  RETENTION_SWEEP_TASK,
  retentionSweepTask,
} from "@/lib/webhooks/retention/retention-sweep-job";
import { sweepWebhookRetention } from "@/lib/webhooks/retention/sweep-webhook-retention";
import {
  getWebhookRetentionDays,
  setWebhookRetentionDays,
} from "@/lib/webhooks/retention/webhook-retention-settings";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const acme = await createApiFixture("Acme");
const brief = await createApiFixture("Brief");
// The injected clock: every age below is relative to it, nothing waits.
const NOW = new Date("2027-03-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/** A delivery (with two attempts) as the deliverers leave it. */
async function delivery(options: {
  workspaceId: string;
  status: "pending" | "delivering" | "succeeded" | "failed";
  createdDaysAgo: number;
  updatedDaysAgo?: number;
  isReplayRequested?: boolean;
}): Promise<string> {
  const id = uuidv7();
  await db.pool.query(
    `insert into webhook_deliveries (id, workspace_id, message_id, url, payload, status, attempt_count,
                                     created_at, updated_at, replay_requested_at)
     values ($1, $2, $3, 'https://example.com/hook', '{}', $4::"DeliveryStatus", 2, $5, $6, $7)`,
    [
      id,
      options.workspaceId,
      `msg_${id}`,
      options.status,
      daysAgo(options.createdDaysAgo),
      daysAgo(options.updatedDaysAgo ?? options.createdDaysAgo),
      options.isReplayRequested ? NOW : null,
    ],
  );
  for (const number of [1, 2]) {
    await db.pool.query(
      `insert into webhook_attempts (id, workspace_id, delivery_id, number, request_headers, request_body, created_at)
       values ($1, $2, $3, $4, '{}', '{}', $5)`,
      [uuidv7(), options.workspaceId, id, number, daysAgo(options.updatedDaysAgo ?? options.createdDaysAgo)],
    );
  }
  return id;
}

async function remaining(ids: string[]): Promise<string[]> {
  const rows = await db.pool.query<{ id: string }>(
    "select id from webhook_deliveries where id = any($1::uuid[])",
    [ids],
  );
  return rows.rows.map((row) => row.id).sort();
}

describe("webhook delivery retention", () => {
  it("is 30 days unless a workspace sets 1-365 days", async () => {
    expect(await getWebhookRetentionDays({ workspaceId: acme.workspaceId })).toBe(30);
    expect(await setWebhookRetentionDays({ workspaceId: brief.workspaceId, days: 7 })).toBe(7);
    for (const days of [0, 366, 1.5, Number.NaN]) {
      await expect(setWebhookRetentionDays({ workspaceId: brief.workspaceId, days })).rejects.toThrow(
        ZodError,
      );
    }
    expect(await getWebhookRetentionDays({ workspaceId: brief.workspaceId })).toBe(7);
  });

  it("deletes finished deliveries unchanged for the workspace's days, with their attempts; keeps the rest", async () => {
    const expired = await delivery({
      workspaceId: acme.workspaceId,
      status: "succeeded",
      createdDaysAgo: 31,
    });
    const expiredFailed = await delivery({
      workspaceId: acme.workspaceId,
      status: "failed",
      createdDaysAgo: 45,
    });
    const recent = await delivery({ workspaceId: acme.workspaceId, status: "succeeded", createdDaysAgo: 29 });
    // Created long ago, replayed 2 days ago: the whole delivery stays.
    const replayed = await delivery({
      workspaceId: acme.workspaceId,
      status: "failed",
      createdDaysAgo: 40,
      updatedDaysAgo: 2,
    });
    const retrying = await delivery({ workspaceId: acme.workspaceId, status: "pending", createdDaysAgo: 60 });
    const sending = await delivery({
      workspaceId: acme.workspaceId,
      status: "delivering",
      createdDaysAgo: 60,
    });
    const replayAsked = await delivery({
      workspaceId: acme.workspaceId,
      status: "failed",
      createdDaysAgo: 60,
      isReplayRequested: true,
    });
    // The other workspace keeps 7 days.
    const briefOld = await delivery({
      workspaceId: brief.workspaceId,
      status: "succeeded",
      createdDaysAgo: 8,
    });
    const briefNew = await delivery({ workspaceId: brief.workspaceId, status: "failed", createdDaysAgo: 6 });

    const result = await sweepWebhookRetention({ database: db.pool, now: NOW });
    expect(result).toEqual({ deleted: 3, hasMore: false });
    const all = [
      expired,
      expiredFailed,
      recent,
      replayed,
      retrying,
      sending,
      replayAsked,
      briefOld,
      briefNew,
    ];
    expect(await remaining(all)).toEqual([recent, replayed, retrying, sending, replayAsked, briefNew].sort());
    const orphans = await db.pool.query(
      "select count(*)::int as n from webhook_attempts where delivery_id = any($1::uuid[])",
      [[expired, expiredFailed, briefOld]],
    );
    expect(orphans.rows[0].n).toBe(0);
    // A second sweep finds nothing more.
    expect(await sweepWebhookRetention({ database: db.pool, now: NOW })).toEqual({
      deleted: 0,
      hasMore: false,
    });
  });

  it("works in bounded batches and says when it stopped with rows left", async () => {
    const ids = [];
    for (let index = 0; index < 5; index++)
      ids.push(await delivery({ workspaceId: acme.workspaceId, status: "succeeded", createdDaysAgo: 90 }));
    expect(await sweepWebhookRetention({ database: db.pool, now: NOW, batchSize: 2, maxBatches: 2 })).toEqual(
      {
        deleted: 4,
        hasMore: true,
      },
    );
    expect(await remaining(ids)).toHaveLength(1);
    expect(await sweepWebhookRetention({ database: db.pool, now: NOW, batchSize: 2, maxBatches: 2 })).toEqual(
      {
        deleted: 1,
        hasMore: false,
      },
    );
  });

  it("runs as one self-rescheduling queue job: ensuring keeps its time, a run schedules the next", async () => {
    const job = () =>
      db.pool
        .query<{ run_at: Date }>("select run_at from graphile_worker.jobs where task_identifier = $1", [
          RETENTION_SWEEP_TASK,
        ])
        .then((rows) => rows.rows);
    await ensureRetentionSweepScheduled(db.pool);
    const [first] = await job();
    expect(first).toBeDefined();
    await ensureRetentionSweepScheduled(db.pool);
    expect(await job()).toEqual([first]);

    const old = await delivery({ workspaceId: acme.workspaceId, status: "failed", createdDaysAgo: 31 });
    await retentionSweepTask({ database: db.pool, now: () => NOW })({}, {} as never);
    expect(await remaining([old])).toEqual([]);
    const jobs = await job();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.run_at.getTime()).toBe(NOW.getTime() + RETENTION_SWEEP_EVERY_MS);
  });
});
