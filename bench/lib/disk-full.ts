import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import { ensureLocalSecrets } from "@/lib/config/local-secrets";
import { createDatabaseIfMissing, migrateDeploy } from "@/lib/db/bootstrap";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { createDatabase } from "@/lib/db/prisma";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { runEventLoad, storedIds } from "./event-load";
import { spawnWebProcess, stopProcess } from "./web-process";

// The data folder's disk fills up (issue 8): a durable embedded PostgreSQL whose data folder is a
// tmpfs of MOUNT_SIZE (a real filesystem that really fills: ENOSPC from the kernel, not a stub),
// the production web process on it, steady ingestion; then a filler file takes every free byte
// for 20 s, then is deleted. Expected: no 2xx for an event not stored, a clear error in the web
// process's log, ingestion back to 2xx after the space is freed without a restart.

const MOUNT = "/tmp/hf-faults-disk";
const MOUNT_SIZE = "400m";
const WEB_LOG = "/tmp/hf-faults-web.log";

export async function runDiskFull(options: { port: number }) {
  mkdirSync(MOUNT, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${MOUNT_SIZE},mode=0755`, "tmpfs", MOUNT]);
  const postgresLog: string[] = [];
  let server = await startEmbeddedPostgres({
    dataDir: `${MOUNT}/postgres`,
    log: (line) => postgresLog.push(line),
  });
  writeFileSync(WEB_LOG, "");
  let web: Awaited<ReturnType<typeof spawnWebProcess>> | undefined;
  const database = createDatabase(server.databaseUrl("hookflow"), 4);
  try {
    await createDatabaseIfMissing(server.adminUrl, "hookflow");
    const url = server.databaseUrl("hookflow");
    await migrateDeploy(url, { quiet: true });
    const owner = await database.prisma.user.create({
      data: { email: "faults-disk@example.com", name: "Faults", passwordHash: "-" },
    });
    const workspace = await createWorkspace({ name: "Faults disk", owner }, database.prisma);
    const key = await createApiKey(
      { workspaceId: workspace.id, createdById: owner.id, input: { name: "faults", scope: "full" } },
      database.prisma,
    );
    const secretsDir = `/tmp/hf-faults-secrets`;
    mkdirSync(secretsDir, { recursive: true });
    web = await spawnWebProcess({
      port: options.port,
      databaseUrl: url,
      secrets: ensureLocalSecrets(secretsDir, {}),
      logFile: WEB_LOG,
    });
    const run = randomUUID().slice(0, 6);
    const load = (phase: string) =>
      runEventLoad({
        baseUrl: `http://127.0.0.1:${options.port}`,
        apiKey: key.key,
        prefix: `${run}-${phase}`,
        connections: 16,
        durationSeconds: 20,
        rate: 100,
        timeoutSeconds: 10,
      });
    const before = await load("before");
    const filledBytes = fill(`${MOUNT}/filler`);
    const full = await load("full");
    unlinkSync(`${MOUNT}/filler`);
    // Whether PostgreSQL survived: if its postmaster exited, nothing in Hookflow restarts it.
    const aliveAfterFree = await isReachable(database);
    const after = await load("after");
    let restartedByBench = false;
    if (!(await isReachable(database))) {
      // The operator's action: start it again, so the stored events can be checked.
      restartedByBench = true;
      await server.stop().catch(() => {});
      server = await startEmbeddedPostgres({
        dataDir: `${MOUNT}/postgres`,
        log: (line) => postgresLog.push(line),
      });
    }
    const accepted = [...before.accepted, ...full.accepted, ...after.accepted];
    const query = (sql: string, params: unknown[]) => database.pool.query<{ unique_id: string }>(sql, params);
    const stored = await storedIds(query, accepted);
    const refusedStored = await storedIds(query, [...full.refused]);
    const firstOk = after.seconds.findIndex(
      (second) => second.accepted > 0 && second.refused + second.other === 0,
    );
    const webLog = readFileSync(WEB_LOG, "utf8").split("\n");
    const diskLines = webLog.filter((line) => /space|ENOSPC|53100|disk/i.test(line));
    return {
      filledMiB: Math.round(filledBytes / 2 ** 20),
      postgresAliveAfterFree: aliveAfterFree,
      postgresRestartedByBench: restartedByBench,
      before: before.statuses,
      full: {
        statuses: full.statuses,
        errors: full.errors,
        timeouts: full.timeouts,
        refusedWithoutRetryAfter: full.refusedWithoutRetryAfter,
      },
      after: { statuses: after.statuses, firstCleanSecond: firstOk },
      accepted: accepted.length,
      lost: accepted.length - stored.size,
      refusedButStored: refusedStored.size,
      webLogLinesAboutDisk: diskLines.length,
      webLogSample: diskLines.slice(0, 2).map((line) => line.slice(0, 400)),
      postgresLogAboutDisk: postgresLog
        .filter((line) => /space|PANIC|FATAL|LOG: +(database system|startup|all server)/i.test(line))
        .slice(0, 12),
    };
  } finally {
    writeFileSync("/tmp/hf-faults-pg.log", postgresLog.join("\n"));
    if (web) await stopProcess(web);
    await database.prisma.$disconnect().catch(() => {});
    await database.pool.end().catch(() => {});
    await server.stop().catch(() => {});
    execFileSync("umount", ["-l", MOUNT]);
    rmSync(MOUNT, { recursive: true, force: true });
  }
}

/** Writes zeros until the filesystem refuses (ENOSPC); returns the bytes written. */
export function fill(file: string): number {
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(file, "w");
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

async function isReachable(database: ReturnType<typeof createDatabase>): Promise<boolean> {
  try {
    await database.pool.query("select 1");
    return true;
  } catch {
    return false;
  }
}
