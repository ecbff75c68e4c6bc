import { describe, expect, it } from "vitest";
import { medianMemory, slope, type TMemory } from "./process-memory";

const memory = (pssAnon: number, processes = 1): TMemory => ({
  pss: pssAnon + 10,
  pssAnon,
  pssShmem: 0,
  pssFile: 10,
  rssAnon: pssAnon,
  rssShmem: 0,
  rssFile: 10,
  processes,
});

describe("soak memory sampling", () => {
  it("takes a step's level as the median of its samples, kind by kind", () => {
    // A code runner just replaced by a fresh one reads low for a few seconds: one sample of 12.
    const samples = [95, 96, 31, 97, 95, 94, 96, 98, 95, 97, 96, 95].map((value) => memory(value, 2));
    const level = medianMemory(samples);
    expect(level.pssAnon).toBe(95.5);
    expect(level.pss).toBe(105.5);
    expect(level.processes).toBe(2);
  });

  it("still follows memory that grows through a step (a leak is not smoothed away)", () => {
    const growing = Array.from({ length: 12 }, (_, index) => memory(100 + index * 2));
    expect(medianMemory(growing).pssAnon).toBe(111);
    const steps = [0, 1, 2, 3].map((step) => [
      step,
      medianMemory(growing.map((m) => memory(m.pssAnon + step * 24))).pssAnon,
    ]);
    expect(slope(steps as [number, number][])).toBe(24);
  });

  it("is empty without samples", () => {
    expect(medianMemory([]).processes).toBe(0);
  });
});
