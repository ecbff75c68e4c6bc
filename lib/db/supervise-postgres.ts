// Keeps the embedded PostgreSQL running for the process that owns it (issue 8). If the postmaster
// exits without being asked to — kill -9, or a PANIC whose crash recovery fails, e.g. for want of
// disk space for WAL — nothing else would start it again: the web process would answer 503 and the
// worker wait until an operator restarted everything. The restart uses a capped exponential
// backoff, so a cause that persists (a full disk) costs one failed start per delay, not a loop.

export type TRestartPolicy = {
  /** Delay before the first restart after a stable run. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A server that stayed up this long before exiting starts the backoff afresh. */
  stableAfterMs: number;
};

export const DEFAULT_RESTART_POLICY: TRestartPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
};

export type TPostmasterExit = { code: number | null; signal: string | null };

/** One running postmaster, however it was obtained (spawned by us, or adopted by pid). */
export type TSupervisedPostmaster = {
  pid: number;
  exited: Promise<TPostmasterExit>;
  /** Fast shutdown; resolves once it has exited. */
  stop: () => Promise<void>;
  /** Its last log lines (empty for an adopted server: its output went to the previous owner). */
  recentLog: () => string[];
};

export type TSuperviseOptions = {
  policy?: Partial<TRestartPolicy>;
  /** Injected in tests to record the delays instead of waiting them out. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Where the "exited unexpectedly" and "restart failed" lines go; the start log by default. */
  logError?: (line: string) => void;
};

/** Capped exponential backoff: initial, 2×, 4× … up to the cap; reset by a stable run. */
export function createRestartBackoff(policy: TRestartPolicy, now: () => number = Date.now) {
  let failures = 0;
  let upSince: number | null = null;
  return {
    started() {
      upSince = now();
    },
    nextDelayMs(): number {
      if (upSince !== null && now() - upSince >= policy.stableAfterMs) failures = 0;
      upSince = null;
      const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** failures);
      failures++;
      return delay;
    },
  };
}

export function supervisePostmaster(options: {
  first: TSupervisedPostmaster;
  /** Starts a postmaster on the same data folder, port and credentials. */
  /** The signal aborts a start still under way when a graceful stop begins. */
  restart: (signal: AbortSignal) => Promise<TSupervisedPostmaster>;
  log: (line: string) => void;
  supervise: TSuperviseOptions;
}) {
  const { log, restart } = options;
  const logError = options.supervise.logError ?? log;
  const sleep = options.supervise.sleep ?? abortableSleep;
  const backoff = createRestartBackoff(
    { ...DEFAULT_RESTART_POLICY, ...options.supervise.policy },
    options.supervise.now,
  );
  const ending = new AbortController();
  let current: TSupervisedPostmaster | null = options.first;
  let restarts = 0;
  backoff.started();

  const watch = async () => {
    while (current && !ending.signal.aborted) {
      const gone = current;
      const exit = await gone.exited;
      if (ending.signal.aborted) return;
      current = null;
      const tail = gone.recentLog().slice(-10);
      logError(
        `the embedded PostgreSQL (pid ${gone.pid}) exited unexpectedly (${describeExit(exit)}); restarting it` +
          (tail.length ? `; its last log lines:\n  ${tail.join("\n  ")}` : ""),
      );
      while (!current && !ending.signal.aborted) {
        const delay = backoff.nextDelayMs();
        log(`restarting the embedded PostgreSQL in ${delay} ms`);
        await sleep(delay, ending.signal);
        if (ending.signal.aborted) return;
        try {
          current = await restart(ending.signal);
          backoff.started();
          restarts++;
          log(`the embedded PostgreSQL is back (pid ${current.pid}, restart ${restarts})`);
        } catch (error) {
          if (ending.signal.aborted) return; // cut short by a graceful stop: not a failure
          logError(`restarting the embedded PostgreSQL failed: ${errorText(error)}`);
        }
      }
    }
  };
  const watching = watch();

  return {
    restarts: () => restarts,
    pid: () => current?.pid ?? null,
    /** Stop restarting (a graceful shutdown has begun); the server itself keeps running. */
    stopSupervising() {
      ending.abort();
    },
    async stop() {
      ending.abort();
      await current?.stop();
      await watching;
      // A restart that was under way when the stop came: it has finished by now; stop it too.
      await current?.stop();
    },
  };
}

export function describeExit(exit: TPostmasterExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  return exit.code === null ? "exit status unknown" : `exit code ${exit.code}`;
}

/** The first line says what failed; a failed start's reason (FATAL …) is at the end of its log. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message.split("\n").filter((line) => line.trim());
  if (lines.length <= 5) return lines.join("\n  ");
  const problems = lines.slice(1, -1).filter((line) => /PANIC|FATAL/.test(line));
  return [lines[0], "…", ...problems.slice(-3), lines.at(-1)].join("\n  ");
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
