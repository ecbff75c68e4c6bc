import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

// Spawns lib/engine/testing/recording-worker.ts as a real worker process for the reliability
// tests. `node --import tsx` runs the script in this very process (the tsx CLI would fork a child
// of its own), so the pid we hold is the worker's and SIGKILL kills the worker itself.

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SCRIPT = path.join(ROOT, "lib/engine/testing/recording-worker.ts");
const READY_LINE = "RECORDING_WORKER_READY";
const OUTPUT_LINES_KEPT = 200;
// A graceful stop waits for running jobs; one stuck on an unreachable database is killed.
const STOP_GRACE_MS = 15_000;

export type TRecordingWorker = {
  pid: number;
  /** The engine's process id (engine_workers.process_id). */
  processId: string;
  /** PostgreSQL application_name of its connections (to watch them in pg_stat_activity). */
  applicationName: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning: () => boolean;
  /** CPU time it used so far (user + system, s), from /proc; null where there is no /proc. */
  cpuSeconds: () => number | null;
  /** The last lines it printed (stdout and stderr), for failure messages. */
  output: () => string;
  /** kill -9: no cleanup, no graceful shutdown. */
  kill: () => void;
  /** SIGTERM (graceful: running jobs finish), then wait for the exit; SIGKILL after 15 s. */
  stop: () => Promise<void>;
};

const live = new Set<ChildProcess>();
// A test that fails or times out must not leave workers running against its database.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export async function spawnRecordingWorker(options: {
  databaseUrl: string;
  receiverUrl: string;
  concurrency?: number;
  heartbeatMs?: number;
  retryBaseMs?: number;
  pollIntervalMs?: number;
  name?: string;
  readyTimeoutMs?: number;
}): Promise<TRecordingWorker> {
  const applicationName = `hookflow-recording-${options.name ?? "worker"}-${Date.now().toString(36)}`;
  const databaseUrl = new URL(options.databaseUrl);
  databaseUrl.searchParams.set("application_name", applicationName);
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl.toString(),
      RECEIVER_URL: options.receiverUrl,
      CONCURRENCY: String(options.concurrency ?? 4),
      HEARTBEAT_MS: String(options.heartbeatMs ?? 500),
      RETRY_BASE_MS: String(options.retryBaseMs ?? 200),
      POLL_INTERVAL_MS: String(options.pollIntervalMs ?? 500),
      // Problems only: a worker under test logs every failed job during an outage.
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  const lines: string[] = [];
  let exitState: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      exitState = { code, signal };
      resolve(exitState);
    });
  });
  const ready = new Promise<{ pid: number; processId: string }>((resolve, reject) => {
    const onChunk = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        lines.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
        if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
        if (line.startsWith(READY_LINE)) resolve(JSON.parse(line.slice(READY_LINE.length)));
      }
    };
    child.stdout?.on("data", onChunk);
    child.stderr?.on("data", onChunk);
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`recording worker exited (${code ?? signal}) before it was ready:\n${lines.join("\n")}`),
      ),
    );
  });
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`recording worker not ready after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  let readiness: { pid: number; processId: string };
  try {
    readiness = await Promise.race([ready, timeout]);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (readiness.pid !== child.pid)
    throw new Error(`recording worker reported pid ${readiness.pid}, spawned ${child.pid}`);
  return {
    pid: readiness.pid,
    processId: readiness.processId,
    applicationName,
    exited,
    isRunning: () => exitState === null,
    cpuSeconds: () => cpuSecondsOf(readiness.pid),
    output: () => lines.join("\n"),
    kill: () => {
      if (exitState === null) process.kill(readiness.pid, "SIGKILL");
    },
    stop: async () => {
      if (exitState !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

// /proc/<pid>/stat fields 14 and 15 (utime, stime) in clock ticks: 100 per second on Linux.
const CLOCK_TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
