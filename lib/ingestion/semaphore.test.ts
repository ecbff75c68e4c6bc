import { describe, expect, it } from "vitest";
import { Semaphore } from "@/lib/ingestion/semaphore";

describe("Semaphore", () => {
  it("runs at most `limit` at once, in arrival order, and frees the slot on failure", async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (index: number) =>
      semaphore.run(async () => {
        started.push(index);
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        if (index === 1) throw new Error("boom");
        return index;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task));
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    expect(semaphore.waitingCount).toBe(0);
    await expect(semaphore.run(async () => "free")).resolves.toBe("free");
  });
});
