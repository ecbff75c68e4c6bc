import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { allocateRateSlots } from "@/lib/code/dispatch/allocate-rate-slots";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture();
const T = Date.UTC(2026, 10, 29, 12, 0, 0);

const allocate = (functionId: string, count: number, earliestMs: number, perSecond = 10) =>
  withPgTransaction(
    async (tx) =>
      (await allocateRateSlots(tx, { functionId, perSecond, count, earliest: new Date(earliestMs) })).map(
        (slot) => slot.getTime() - T,
      ),
    { database: db.pool },
  );

const counts = (offsets: number[]) =>
  Object.fromEntries(
    [...new Set(offsets)].map((offset) => [offset, offsets.filter((o) => o === offset).length]),
  );

describe("allocateRateSlots", () => {
  it("fills one-second windows up to the limit and queues the rest into later windows, across calls", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Slots",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    expect(counts(await allocate(fn.id, 25, T))).toEqual({ 0: 10, 1000: 10, 2000: 5 });
    // A later dispatch in the same second continues where the budget stands.
    expect(counts(await allocate(fn.id, 7, T + 500))).toEqual({ 2000: 5, 3000: 2 });
    // Once the windows are in the past, a new one opens at the earliest time.
    expect(await allocate(fn.id, 2, T + 60_000)).toEqual([60_000, 60_000]);
  });

  it("never schedules before the earliest time (retries with backoff)", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Later",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    expect(counts(await allocate(fn.id, 3, T, 2))).toEqual({ 0: 2, 1000: 1 });
    expect(counts(await allocate(fn.id, 2, T + 1_450, 2))).toEqual({ 1450: 1, 2000: 1 });
  });
});
