import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

// The cluster's lock file and the processes behind it: who serves a data folder, is it alive,
// stop it. Shared by the first start (lib/db/embedded-postgres.ts) and the supervisor's restarts.

// postmaster.pid: line 1 the PID, line 4 the port (PostgreSQL's documented lock-file layout).
export function readRunningCluster(dataDir: string): { pid: number; port: number } | null {
  const lockFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(lockFile)) return null;
  const lines = readFileSync(lockFile, "utf8").split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isPostgresProcess(pid)) return null;
  return { pid, port };
}

export function removeStaleLock(dataDir: string, log: (line: string) => void): void {
  const lockFile = path.join(dataDir, "postmaster.pid");
  if (existsSync(lockFile)) {
    log("removing a stale postmaster.pid left by a server that is no longer running");
    rmSync(lockFile, { force: true });
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return isAlive(pid);
  }
}

export function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
  return Number.isInteger(pid) ? pid : null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function stopPid(pid: number): Promise<void> {
  // SIGINT is PostgreSQL's "fast shutdown": active transactions roll back, data is flushed.
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
