import { readdirSync, readFileSync } from "node:fs";

// CPU time per process tree from /proc (Linux), for bench/webhooks.ts: on a box shared with other
// work the wall-clock rate depends on the neighbours, the CPU each of our processes spends per
// delivery does not (much), and says what the rate would be on two cores of our own.

const TICKS_PER_SECOND = 100;

type TStat = { ppid: number; ticks: number };

function readStat(pid: number): TStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces: fields are counted after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const number = (index: number) => Number(fields[index - 3]);
    // utime + stime + cutime + cstime (fields 14-17): children that exited are counted too.
    return { ppid: number(4), ticks: number(14) + number(15) + number(16) + number(17) };
  } catch {
    return null;
  }
}

/** CPU milliseconds used so far by `rootPid` and every live descendant. */
export function processTreeCpuMs(rootPid: number): number {
  const stats = new Map<number, TStat>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let ticks = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export type TCpuSnapshot = Record<string, number>;

/** CPU ms per named process tree (and this process), to subtract two snapshots. */
export function cpuSnapshot(roots: Record<string, number>): TCpuSnapshot {
  const snapshot: TCpuSnapshot = {};
  for (const [name, pid] of Object.entries(roots)) snapshot[name] = processTreeCpuMs(pid);
  const own = process.cpuUsage();
  snapshot.bench = (own.user + own.system) / 1000;
  return snapshot;
}

export function cpuDelta(before: TCpuSnapshot, after: TCpuSnapshot): TCpuSnapshot {
  const delta: TCpuSnapshot = {};
  for (const name of Object.keys(after)) delta[name] = (after[name] ?? 0) - (before[name] ?? 0);
  return delta;
}
