import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { detectRunnerIsolation, type TRunnerIsolation } from "./runner-isolation";

// Supervises the runner: one child Node process started with --no-node-snapshot (isolated-vm
// needs it; NODE_OPTIONS is not touched in the host) and an empty environment, so nothing the
// host knows (DATABASE_URL, keys) exists in the process that runs user code. When it dies, every
// message in flight is lost (the runtime answers those invocations "crashed") and a new runner is
// started, with a growing delay if it keeps dying right after starting.

/**
 * Resolved from the working directory, not this file: Next bundles server code into .next/, where
 * this module's own location says nothing about where the runner file is. Both `next start` and
 * the worker run from the project root; HOOKFLOW_JS_RUNNER_PATH overrides it. The
 * turbopackIgnore comments keep Turbopack from treating the runner as a module of the bundle
 * (it resolves fork()/spawn() targets and fails on this one) and from tracing the whole project.
 */
export function defaultRunnerPath(): string {
  return (
    process.env.HOOKFLOW_JS_RUNNER_PATH ??
    path.join(/*turbopackIgnore: true*/ process.cwd(), "lib/code/runtime/js/runner.mjs")
  );
}

export type TRunnerMessage = { type: string; id?: number; [key: string]: unknown };

export type TRunnerProcessOptions = {
  runnerPath?: string;
  onMessage: (message: TRunnerMessage) => void;
  /** Called once per runner that exits (by its pid), after which messages to it are lost. */
  onExit: (reason: string, pid: number | null) => void;
  /** Invocations a runner serves before a successor replaces it (see RETIRE_AFTER_INVOCATIONS). */
  retireAfterInvocations?: number;
};

/**
 * One invocation's place in a runner: taken before the invocation is prepared, so the runner is
 * not retired under it; given back by its result, a failed send, or release().
 */
export type TRunnerSlot = {
  pid: number;
  /** Sends the invocation; on failure the slot is given back. */
  invoke(message: TRunnerMessage): Promise<void>;
  /** Gives the slot back when the invocation was never sent (idempotent). */
  release(): void;
};

export type TRunnerPermissions = { fsWrite: boolean; childProcess: boolean; workerThreads: boolean };

/**
 * Defence in depth behind isolated-vm: if guest code ever escaped into the runner's own
 * JavaScript, Node's permission model leaves it no file writes, no child processes and no worker
 * threads, and reads only of the runner's directory and isolated-vm's package (the addon has to
 * load: --allow-addons). --disable-proto removes Object.prototype.__proto__ in the runner.
 */
function runnerFlags(runnerPath: string): string[] {
  const isolatedVmDir = path.dirname(
    createRequire(/*turbopackIgnore: true*/ runnerPath).resolve("isolated-vm/package.json"),
  );
  return [
    "--no-node-snapshot",
    "--disable-proto=delete",
    "--no-warnings",
    "--experimental-permission",
    "--allow-addons",
    `--allow-fs-read=${path.dirname(runnerPath)}${path.sep}`,
    `--allow-fs-read=${isolatedVmDir}${path.sep}`,
  ];
}

/** SIGKILL to the runner's process group: unshare and the runner (PID 1 of its namespace ignores SIGTERM). */
function killGroup(spawned: ChildProcess) {
  if (spawned.pid === undefined) return;
  try {
    process.kill(-spawned.pid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

const RESTART_DELAYS_MS = [0, 100, 500, 2_000, 5_000];
const STABLE_AFTER_MS = 10_000;
const STARTUP_TIMEOUT_MS = 30_000;
/**
 * isolated-vm 5.0.4 leaks ~50–60 bytes of native memory per asynchronous call into an isolate
 * (Reference#apply; measured flat with applySync, and not given back when the isolate is
 * disposed: docs/decisions.md), so a runner's memory grows with the invocations it has served,
 * ~6 MiB per 100,000. A runner is therefore retired after this many: a successor is started
 * while it keeps serving, takes the new invocations once ready, and the old one exits when its
 * last invocation has answered. Nothing in flight is cut; a start costs ~0.3 s of CPU.
 */
const RETIRE_AFTER_INVOCATIONS = 100_000;

type TRunner = {
  process: ChildProcess;
  pid: number;
  /** Invocations sent to it. */
  invocations: number;
  /** Slots taken and not yet answered or given back. */
  inFlight: number;
  /** Starting to replace the current runner. */
  isSuccessor: boolean;
  isRetiring: boolean;
};

export function createRunnerProcess(options: TRunnerProcessOptions) {
  const runnerPath = options.runnerPath ?? defaultRunnerPath();
  const retireAfter = options.retireAfterInvocations ?? RETIRE_AFTER_INVOCATIONS;
  /** The runner that takes new invocations. */
  let current: TRunner | null = null;
  let ready: Promise<TRunner> | null = null;
  /** Starting to replace `current`, which keeps serving until it is ready. */
  let successor: Promise<TRunner> | null = null;
  /** Every live runner by pid: the current one and retiring ones still answering. */
  const runners = new Map<number, TRunner>();
  let quickExits = 0;
  let isClosed = false;
  let restartTimer: NodeJS.Timeout | null = null;
  let permissions: TRunnerPermissions | null = null;
  const isolation = detectRunnerIsolation([
    runnerPath,
    path.join(path.dirname(runnerPath), "guest-bootstrap.mjs"),
  ]);

  function start(isSuccessor: boolean): Promise<TRunner> {
    if (!existsSync(/*turbopackIgnore: true*/ runnerPath)) {
      return Promise.reject(
        new Error(`The JavaScript runner was not found at ${runnerPath} (set HOOKFLOW_JS_RUNNER_PATH)`),
      );
    }
    const startedAt = Date.now();
    const [command, ...prefixArgs] = [...isolation.prefix, process.execPath];
    const spawned = spawn(
      /*turbopackIgnore: true*/ command as string,
      [...prefixArgs, ...runnerFlags(runnerPath), runnerPath],
      {
        // Nothing from the host's environment: no DATABASE_URL, no keys (Node adds only the IPC fd).
        env: {} as NodeJS.ProcessEnv,
        cwd: path.dirname(runnerPath),
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        serialization: "advanced",
        // Its own process group, so that killing the group reaches the runner behind unshare.
        detached: true,
      },
    );
    const runner: TRunner = {
      process: spawned,
      pid: spawned.pid ?? -1,
      invocations: 0,
      inFlight: 0,
      isSuccessor,
      isRetiring: false,
    };
    runners.set(runner.pid, runner);
    const isReady = new Promise<TRunner>((resolve, reject) => {
      // Also what keeps the host alive while the (unref'd) runner starts.
      const startupTimer = setTimeout(() => {
        reject(new Error(`The JavaScript runner did not start within ${STARTUP_TIMEOUT_MS} ms`));
        killGroup(spawned);
      }, STARTUP_TIMEOUT_MS);
      const onStartupExit = (code: number | null, signal: string | null) => {
        clearTimeout(startupTimer);
        reject(new Error(`The JavaScript runner exited while starting (${signal ?? `code ${code}`})`));
      };
      spawned.once("exit", onStartupExit);
      spawned.on("message", (message: TRunnerMessage) => {
        if (message.type === "ready") {
          clearTimeout(startupTimer);
          permissions = (message.permissions as TRunnerPermissions | undefined) ?? null;
          spawned.off("exit", onStartupExit);
          resolve(runner);
          return;
        }
        options.onMessage(message);
        if (message.type === "result") freeSlot(runner);
      });
    });
    isReady.catch(() => undefined);
    spawned.once("exit", (code, signal) => {
      // unshare is gone; the runner behind it may not be (see runner-isolation.ts).
      killGroup(spawned);
      runners.delete(runner.pid);
      // A retiring runner or a successor that failed to start leaves the current one serving.
      const wasServing = !runner.isRetiring && !runner.isSuccessor;
      if (wasServing) {
        current = null;
        ready = null;
      }
      options.onExit(
        signal ? `the runner was killed (${signal})` : `the runner exited (code ${code})`,
        runner.pid,
      );
      if (!wasServing) return;
      quickExits = Date.now() - startedAt < STABLE_AFTER_MS ? quickExits + 1 : 0;
      scheduleRestart();
    });
    // The runner must not keep a finished host process (a script, a test) alive on its own.
    spawned.unref();
    spawned.channel?.unref();
    return isReady;
  }

  function scheduleRestart() {
    if (isClosed || restartTimer) return;
    const delay = RESTART_DELAYS_MS[Math.min(quickExits, RESTART_DELAYS_MS.length - 1)] ?? 5_000;
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (!isClosed && !ready) ensureStarted().catch(() => undefined);
    }, delay);
    restartTimer.unref();
  }

  function ensureStarted(): Promise<TRunner> {
    if (isClosed) return Promise.reject(new Error("The JavaScript runtime is closed"));
    ready ??= start(false).then((runner) => {
      current = runner;
      return runner;
    });
    return ready;
  }

  /** Starts the successor of a runner that has served its share; it takes over once ready. */
  function replace(runner: TRunner) {
    if (successor || isClosed) return;
    successor = start(true).then(
      (next) => {
        successor = null;
        next.isSuccessor = false;
        if (isClosed || current !== runner) {
          // Closed, or the old one died meanwhile and a restart took its place: not needed.
          if (current !== next) retire(next);
          return next;
        }
        current = next;
        ready = Promise.resolve(next);
        retire(runner);
        return next;
      },
      (error: unknown) => {
        // The old runner keeps serving; the next invocation tries again.
        successor = null;
        throw error;
      },
    );
    successor.catch(() => undefined);
  }

  /** Disconnecting makes the runner exit (runner.mjs); only once nothing is left in it. */
  function retire(runner: TRunner) {
    runner.isRetiring = true;
    if (runner.inFlight === 0 && runner.process.connected) runner.process.disconnect();
  }

  function freeSlot(runner: TRunner) {
    runner.inFlight--;
    if (runner.isRetiring && runner.inFlight === 0 && runner.process.connected) runner.process.disconnect();
  }

  /** A runner that died before reading the message fails it with EPIPE: said as what it means. */
  function sendTo(runner: TRunner, message: TRunnerMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stopped = (detail: string) =>
        new Error(`The function's runner stopped before the message reached it (${detail})`);
      if (!runner.process.connected) reject(stopped("its channel is closed"));
      else runner.process.send(message, (error) => (error ? reject(stopped(error.message)) : resolve()));
    });
  }

  return {
    /** A slot in the runner that takes new invocations (started if none is running). */
    async acquire(): Promise<TRunnerSlot> {
      const runner = await ensureStarted();
      runner.invocations++;
      runner.inFlight++;
      if (runner.invocations >= retireAfter) replace(runner);
      let isHeld = true;
      const release = () => {
        if (!isHeld) return;
        isHeld = false;
        freeSlot(runner);
      };
      return {
        pid: runner.pid,
        async invoke(message: TRunnerMessage) {
          try {
            await sendTo(runner, message);
            // From here the slot is given back by the runner's result (or its exit).
            isHeld = false;
          } catch (error) {
            release();
            throw error;
          }
        },
        release,
      };
    },
    /** To the runner with this pid, if it is still alive (host-call answers go to the one that asked). */
    async send(pid: number, message: TRunnerMessage): Promise<void> {
      const runner = runners.get(pid);
      if (!runner) throw new Error("The function's runner has exited");
      await sendTo(runner, message);
    },
    /** The current runner's pid (tests kill it to check recovery). */
    pid: () => current?.pid ?? null,
    /** What the running runner reported it may do (the security tests check these are false). */
    permissions: () => permissions,
    isolation: (): TRunnerIsolation => isolation.isolation,
    /** Kills a runner that stopped answering; the exit handler restarts it if it was the current one. */
    kill(pid: number) {
      const runner = runners.get(pid);
      if (runner) killGroup(runner.process);
    },
    async close(): Promise<void> {
      isClosed = true;
      if (restartTimer) clearTimeout(restartTimer);
      await Promise.all(
        [...runners.values()].map(({ process: running }) => {
          if (running.exitCode !== null || running.signalCode !== null) return undefined;
          return new Promise<void>((resolve) => {
            running.once("exit", () => resolve());
            // Unref'd since it started: without this, a host with nothing else to do would exit
            // before seeing the runner go (Node's "unsettled top-level await").
            running.ref();
            killGroup(running);
          });
        }),
      );
    },
  };
}
