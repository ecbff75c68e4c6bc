import { describe, expect, it } from "vitest";
import { POST as postBulk } from "@/app/api/event-bulk-create-jobs/route";
import { POST } from "@/app/api/events/route";
import { apiRequest, callRoute, createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { errorsOf } from "@/lib/api/testing/json-api-assertions";
import {
  bulkEventAdmission,
  IngestAdmission,
  singleEventAdmission,
  withIngestAdmission,
} from "@/lib/ingestion/ingest-admission";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();

/** Fills a gate to its limit; returns how many slots were taken (to give back). */
function fill(gate: IngestAdmission): number {
  let taken = 0;
  while (gate.tryEnter()) taken++;
  return taken;
}

async function expectOverloaded(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("1");
  const [error] = await errorsOf(response);
  expect(error?.code).toBe("service_unavailable");
  expect(error?.detail).toContain("nothing was stored");
}

describe("ingestion admission control", () => {
  it("refuses past the limit without calling the handler or reading the body, then admits again", async () => {
    const gate = new IngestAdmission("test", 2);
    const releases: (() => void)[] = [];
    let calls = 0;
    const handler = withIngestAdmission(
      () => gate,
      async (_request: Request) => {
        calls++;
        await new Promise<void>((resolve) => releases.push(resolve));
        return new Response(null, { status: 202 });
      },
    );
    const request = () => new Request("http://x/api/events", { method: "POST", body: "{}" });
    const first = handler(request());
    const second = handler(request());
    const refused = request();
    await expectOverloaded(await handler(refused));
    expect(refused.bodyUsed).toBe(false);
    expect(calls).toBe(2);
    expect(gate.refused).toBe(1);
    for (const release of releases.splice(0)) release();
    expect((await first).status).toBe(202);
    expect((await second).status).toBe(202);
    expect(gate.inFlight).toBe(0);
    const third = handler(request());
    await new Promise((resolve) => setImmediate(resolve));
    releases[0]?.();
    expect((await third).status).toBe(202);
  });

  it("refuses while recent requests were slower than the target and several are in flight, and recovers", () => {
    const gate = new IngestAdmission("test", 100, 50, 2);
    expect(gate.tryEnter()).toBe(true);
    for (let index = 0; index < 30; index++) {
      expect(gate.tryEnter()).toBe(true);
      gate.leave(400);
    }
    expect(gate.recentLatencyMs).toBeGreaterThan(50);
    // One in flight: still admitted (the average must be able to follow the real latency again).
    expect(gate.tryEnter()).toBe(true);
    // Two in flight and slow: refused.
    expect(gate.tryEnter()).toBe(false);
    gate.leave(5);
    gate.leave(5);
    for (let index = 0; index < 40; index++) {
      expect(gate.tryEnter()).toBe(true);
      gate.leave(5);
    }
    expect(gate.recentLatencyMs).toBeLessThan(50);
    expect(gate.tryEnter()).toBe(true);
    expect(gate.tryEnter()).toBe(true);
  });

  it("gives the slot back when the handler throws", async () => {
    const gate = new IngestAdmission("test", 1);
    const failing = withIngestAdmission(
      () => gate,
      async () => {
        throw new Error("boom");
      },
    );
    await expect(failing()).rejects.toThrow("boom");
    expect(gate.inFlight).toBe(0);
  });

  it("the real routes answer 503 and store nothing while the process's gate is full", async () => {
    const document = eventDocument({
      metric: "Placed Order",
      profile: { email: "burst@example.com" },
      uniqueId: "burst-1",
    });
    const post = () => callRoute(POST, apiRequest("/api/events", { key: fixture.ingestKey, body: document }));
    const gate = singleEventAdmission();
    const taken = fill(gate);
    try {
      await expectOverloaded(await post());
    } finally {
      for (let index = 0; index < taken; index++) gate.leave();
    }
    const stored = () =>
      db.prisma.event.count({ where: { workspaceId: fixture.workspaceId, uniqueId: "burst-1" } });
    expect(await stored()).toBe(0);
    // Recovers by itself: the same event, retried once slots are free, is stored.
    expect((await post()).status).toBe(202);
    expect(await stored()).toBe(1);

    const bulk = bulkEventAdmission();
    const bulkTaken = fill(bulk);
    try {
      await expectOverloaded(
        await callRoute(
          postBulk,
          apiRequest("/api/event-bulk-create-jobs", { key: fixture.ingestKey, body: { data: {} } }),
        ),
      );
    } finally {
      for (let index = 0; index < bulkTaken; index++) bulk.leave();
    }
  });
});
