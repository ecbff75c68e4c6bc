import { readFileSync } from "node:fs";

// Memory of a group of processes for the soak bench. PSS (proportional set size) rather than RSS
// for sums: PostgreSQL's backends all map the same shared buffers, so adding their RSS counts
// that memory once per backend; PSS divides shared pages among the processes that map them.

/** RSS and PSS in MiB of one process (0 when it is gone). */
export function processMemory(pid: number): { rssMiB: number; pssMiB: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    return { rssMiB: kib("Rss") / 1024, pssMiB: kib("Pss") / 1024 };
  } catch {
    return { rssMiB: 0, pssMiB: 0 };
  }
}

/** Summed PSS in MiB of several processes, rounded to 0.1. */
export function groupPssMiB(pids: number[]): number {
  const total = pids.reduce((sum, pid) => sum + processMemory(pid).pssMiB, 0);
  return Math.round(total * 10) / 10;
}

/** Least-squares slope of y over x (per unit of x): the trend of a series. */
export function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}
