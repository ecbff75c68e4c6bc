import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GroupCommitBatcher, type TBatcherOptions } from "@/lib/ingestion/group-commit-batcher";

type TDeferred = { items: string[]; resolve: (results: string[]) => void; reject: (error: unknown) => void };

/** A writer whose calls stay pending until the test settles them. */
function controlledWriter() {
  const calls: TDeferred[] = [];
  let active = 0;
  let maxActive = 0;
  const write = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      active++;
      maxActive = Math.max(maxActive, active);
      const done = () => active--;
      calls.push({
        items,
        resolve: (results) => {
          done();
          resolve(results);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
    });
  return { calls, write, maxActive: () => maxActive };
}

const options = (overrides: Partial<TBatcherOptions> = {}): TBatcherOptions => ({
  maxBatchSize: 100,
  lingerMs: 1,
  maxConcurrentWrites: 1,
  shouldSplit: () => true,
  ...overrides,
});

// Time is faked: "settle" runs the linger timers and the promise callbacks they release.
const settle = () => vi.advanceTimersByTimeAsync(5);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("GroupCommitBatcher", () => {
  it("writes items submitted together in one call and settles none before that call does", async () => {
    const writer = controlledWriter();
    const batcher = new GroupCommitBatcher(writer.write, options());
    const states: string[] = [];
    const promises = ["a", "b", "c"].map((item) =>
      batcher.submit(item).then((result) => states.push(result)),
    );
    await settle();
    expect(writer.calls.map((call) => call.items)).toEqual([["a", "b", "c"]]);
    expect(states).toEqual([]);
    writer.calls[0]!.resolve(["A", "B", "C"]);
    await Promise.all(promises);
    expect(states).toEqual(["A", "B", "C"]);
  });

  it("drain writes what is queued and resolves only when every write has settled", async () => {
    const writer = controlledWriter();
    const batcher = new GroupCommitBatcher(writer.write, options({ lingerMs: 1000 }));
    const answered: string[] = [];
    for (const item of ["a", "b"]) void batcher.submit(item).then((result) => answered.push(result));
    let isDrained = false;
    const drained = batcher.drain().then(() => {
      isDrained = true;
    });
    await settle();
    expect(writer.calls).toHaveLength(1);
    expect(isDrained).toBe(false);
    writer.calls[0]!.resolve(["A", "B"]);
    await settle();
    await drained;
    expect(answered).toEqual(["A", "B"]);
    expect(isDrained).toBe(true);
  });

  it("batches what arrives during a write into the next write", async () => {
    const writer = controlledWriter();
    const batcher = new GroupCommitBatcher(writer.write, options());
    const first = batcher.submit("a");
    await settle();
    const later = ["b", "c", "d"].map((item) => batcher.submit(item));
    await settle();
    expect(writer.calls).toHaveLength(1);
    writer.calls[0]!.resolve(["A"]);
    await first;
    await settle();
    expect(writer.calls[1]?.items).toEqual(["b", "c", "d"]);
    writer.calls[1]!.resolve(["B", "C", "D"]);
    expect(await Promise.all(later)).toEqual(["B", "C", "D"]);
  });

  it("fails every waiting request when the write fails and splitting is not allowed", async () => {
    const writer = controlledWriter();
    const batcher = new GroupCommitBatcher(writer.write, options({ shouldSplit: () => false }));
    const results = ["a", "b"].map((item) =>
      batcher.submit(item).then(
        () => "stored",
        (error: Error) => error.message,
      ),
    );
    await settle();
    writer.calls[0]!.reject(new Error("database down"));
    expect(await Promise.all(results)).toEqual(["database down", "database down"]);
  });

  it("isolates a poisonous item by splitting the failed batch", async () => {
    const written: string[][] = [];
    const batcher = new GroupCommitBatcher(async (items: string[]) => {
      written.push(items);
      if (items.includes("poison")) throw new Error(`cannot store ${items.join(",")}`);
      return items.map((item) => item.toUpperCase());
    }, options());
    const items = ["a", "b", "poison", "c", "d"];
    const settled = Promise.allSettled(items.map((item) => batcher.submit(item)));
    await settle();
    const results = await settled;
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe("cannot store poison");
    expect(written[0]).toEqual(items);
  });

  it("respects maxBatchSize and maxConcurrentWrites", async () => {
    const writer = controlledWriter();
    const batcher = new GroupCommitBatcher(
      writer.write,
      options({ maxBatchSize: 2, maxConcurrentWrites: 2 }),
    );
    const promises = ["a", "b", "c", "d", "e"].map((item) => batcher.submit(item));
    await settle();
    expect(writer.calls.map((call) => call.items)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    writer.calls[0]!.resolve(["A", "B"]);
    await settle();
    expect(writer.calls[2]?.items).toEqual(["e"]);
    writer.calls[1]!.resolve(["C", "D"]);
    writer.calls[2]!.resolve(["E"]);
    expect(await Promise.all(promises)).toEqual(["A", "B", "C", "D", "E"]);
    expect(writer.maxActive()).toBe(2);
  });

  it("writes a lone item after the linger time, not before", async () => {
    const writer = controlledWriter();
    const batcher = new GroupCommitBatcher(writer.write, options({ lingerMs: 10 }));
    void batcher.submit("a");
    await vi.advanceTimersByTimeAsync(9);
    expect(writer.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(writer.calls).toHaveLength(1);
  });

  it("rejects all items if the writer returns the wrong number of results", async () => {
    const batcher = new GroupCommitBatcher(async () => ["only one"], options({ shouldSplit: () => false }));
    const settled = Promise.allSettled(["a", "b"].map((item) => batcher.submit(item)));
    await settle();
    const results = await settled;
    expect(results.every((result) => result.status === "rejected")).toBe(true);
  });
});
