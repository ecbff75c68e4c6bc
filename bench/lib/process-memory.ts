import { readFileSync } from "node:fs";

// Memory of a group of processes for the soak bench, split by kind. The total (PSS) is not the
// right thing to test for growth: a PostgreSQL backend's RSS/PSS rises as it touches pages of the
// shared buffer pool (shared memory, 256 MiB in the embedded server), which is warm-up up to that
// size, not a leak. What a leak grows is anonymous (heap) memory, so the soak's trend test uses
// Pss_Anon: private anonymous pages, plus copy-on-write pages still shared with the postmaster
// divided among their sharers (summing RssAnon would count those once per backend).
// From /proc/<pid>/smaps_rollup (Pss*, Linux 5.x+) and /proc/<pid>/status (Rss*): both cheap.

export type TMemory = {
  /** Proportional set size, all kinds. */
  pss: number;
  /** PSS of anonymous memory: heaps, stacks, PostgreSQL's per-backend memory contexts. */
  pssAnon: number;
  /** PSS of shared memory: PostgreSQL's buffer pool and other shared segments. */
  pssShmem: number;
  /** PSS of file-backed pages: code, mapped files. */
  pssFile: number;
  /** RSS split as the kernel reports it per process (status), summed. */
  rssAnon: number;
  rssShmem: number;
  rssFile: number;
  /** How many processes were measured. */
  processes: number;
};

export const MEMORY_KINDS = [
  "pss",
  "pssAnon",
  "pssShmem",
  "pssFile",
  "rssAnon",
  "rssShmem",
  "rssFile",
] as const;

const EMPTY: TMemory = {
  pss: 0,
  pssAnon: 0,
  pssShmem: 0,
  pssFile: 0,
  rssAnon: 0,
  rssShmem: 0,
  rssFile: 0,
  processes: 0,
};

/** The memory of one process in MiB (all zero when it is gone). */
export function processMemory(pid: number): TMemory {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const mib = (text: string, name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) / 1024;
    return {
      pss: mib(rollup, "Pss"),
      pssAnon: mib(rollup, "Pss_Anon"),
      pssShmem: mib(rollup, "Pss_Shmem"),
      pssFile: mib(rollup, "Pss_File"),
      rssAnon: mib(status, "RssAnon"),
      rssShmem: mib(status, "RssShmem"),
      rssFile: mib(status, "RssFile"),
      processes: 1,
    };
  } catch {
    return EMPTY;
  }
}

/** The summed memory in MiB of several processes, each figure rounded to 0.1. */
export function groupMemory(pids: number[]): TMemory {
  const total = { ...EMPTY };
  for (const pid of pids) {
    const one = processMemory(pid);
    for (const kind of MEMORY_KINDS) total[kind] += one[kind];
    total.processes += one.processes;
  }
  for (const kind of MEMORY_KINDS) total[kind] = Math.round(total[kind] * 10) / 10;
  return total;
}

/** Kind by kind, the median of several samples of one group (its level over a step). */
export function medianMemory(samples: TMemory[]): TMemory {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const result = { ...EMPTY };
  if (samples.length === 0) return result;
  for (const kind of [...MEMORY_KINDS, "processes"] as const) {
    result[kind] = Math.round(median(samples.map((sample) => sample[kind])) * 10) / 10;
  }
  return result;
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
