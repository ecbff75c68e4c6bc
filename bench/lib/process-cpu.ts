import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

// CPU time per process group, read from /proc (Linux only; elsewhere every figure is 0): a
// benchmark on a shared 2-core box says where the cores went — load generator, web process,
// worker, code runner, PostgreSQL — rather than only how fast the whole was.

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux we run on.

/** Parent of every live process, by pid. */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return parents;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) parents.set(pid, stat.parent);
  }
  return parents;
}

/** utime + stime (seconds) and the parent pid; null when the process is gone. */
function readStat(pid: number): { cpuSeconds: number; parent: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, parent: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine (all cores; /proc/stat: all but idle and iowait). */
function machineBusySeconds(): number {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The pid and all its live descendants. */
export function processTree(root: number): number[] {
  const parents = parentsByPid();
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

/**
 * Starts counting CPU seconds for named groups of processes (each a function returning its pids,
 * re-evaluated at every sample so short-lived children are caught). Descendants that exit between
 * samples lose their last ~`intervalMs` of CPU: sample often enough for the run's length.
 */
export function startCpuMonitor(groups: Record<string, () => number[]>, intervalMs = 250) {
  const last = new Map<number, number>();
  const totals: Record<string, number> = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]));
  const started = performance.now();
  const machineBefore = machineBusySeconds();
  const sample = () => {
    for (const [name, pidsOf] of Object.entries(groups)) {
      for (const pid of pidsOf()) {
        const stat = readStat(pid);
        if (!stat) continue;
        const before = last.get(pid);
        // A pid first seen: count from now (its earlier CPU belongs to before the run).
        if (before !== undefined) totals[name]! += stat.cpuSeconds - before;
        last.set(pid, stat.cpuSeconds);
      }
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    /** CPU seconds per group since the start, the wall time, and the load average now. */
    stop(): { cpuSeconds: Record<string, number>; wallSeconds: number; loadAverage: number[] } {
      clearInterval(timer);
      sample();
      // Everything busy on the box, ours or not: what is left after the groups is other work.
      totals.machine = machineBusySeconds() - machineBefore;
      return {
        cpuSeconds: Object.fromEntries(Object.entries(totals).map(([name, value]) => [name, round(value)])),
        wallSeconds: round((performance.now() - started) / 1000),
        loadAverage: os.loadavg().map(round),
      };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
