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
  /** Called once per runner that exits, after which messages to it are lost. */
  onExit: (reason: string) => void;
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

export function createRunnerProcess(options: TRunnerProcessOptions) {
  const runnerPath = options.runnerPath ?? defaultRunnerPath();
  let child: ChildProcess | null = null;
  let ready: Promise<ChildProcess> | null = null;
  let quickExits = 0;
  let isClosed = false;
  let restartTimer: NodeJS.Timeout | null = null;
  let permissions: TRunnerPermissions | null = null;
  const isolation = detectRunnerIsolation([
    runnerPath,
    path.join(path.dirname(runnerPath), "guest-bootstrap.mjs"),
  ]);

  function start(): Promise<ChildProcess> {
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
    child = spawned;
    const isReady = new Promise<ChildProcess>((resolve, reject) => {
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
          resolve(spawned);
        } else {
          options.onMessage(message);
        }
      });
    });
    isReady.catch(() => undefined);
    spawned.once("exit", (code, signal) => {
      // unshare is gone; the runner behind it may not be (see runner-isolation.ts).
      killGroup(spawned);
      if (child === spawned) {
        child = null;
        ready = null;
      }
      quickExits = Date.now() - startedAt < STABLE_AFTER_MS ? quickExits + 1 : 0;
      options.onExit(signal ? `the runner was killed (${signal})` : `the runner exited (code ${code})`);
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

  function ensureStarted(): Promise<ChildProcess> {
    if (isClosed) return Promise.reject(new Error("The JavaScript runtime is closed"));
    ready ??= start();
    return ready;
  }

  return {
    ensureStarted,
    async send(message: TRunnerMessage): Promise<void> {
      const running = await ensureStarted();
      await new Promise<void>((resolve, reject) =>
        running.send(message, (error) => (error ? reject(error) : resolve())),
      );
    },
    /** The current runner's pid (tests kill it to check recovery). */
    pid: () => child?.pid ?? null,
    /** What the running runner reported it may do (the security tests check these are false). */
    permissions: () => permissions,
    isolation: (): TRunnerIsolation => isolation.isolation,
    /** Kills a runner that stopped answering; the exit handler restarts it. */
    kill() {
      if (child) killGroup(child);
    },
    async close(): Promise<void> {
      isClosed = true;
      if (restartTimer) clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once("exit", () => resolve());
        // Unref'd since it started: without this, a host with nothing else to do would exit
        // before seeing the runner go (Node's "unsettled top-level await").
        running.ref();
        killGroup(running);
      });
    },
  };
}
