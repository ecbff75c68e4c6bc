import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { clusterDirFor, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { processesInDataDir } from "@/lib/db/postgres-process";
import { createRestartBackoff, DEFAULT_RESTART_POLICY } from "@/lib/db/supervise-postgres";

// A supervised embedded PostgreSQL (its own durable cluster and port) whose postmaster is killed
// for real: it must come back by itself with its committed rows, stay down after a graceful stop,
// and wait longer after each failed restart. The delays are recorded and shortened, not waited.
const root = mkdtempSync(path.join(os.tmpdir(), "hookflow-supervise-"));
const dataDir = path.join(root, "postgres");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const started: { stop: () => Promise<void> }[] = [];

afterAll(async () => {
  // A failed assertion must not leave a supervised server running after the run.
  for (const server of started) await server.stop().catch(() => {});
  rmSync(root, { recursive: true, force: true });
  rmSync(clusterDirFor(dataDir), { recursive: true, force: true });
});

function postmasterPid(): number {
  const lockFile = path.join(clusterDirFor(dataDir), "postmaster.pid");
  return Number(readFileSync(lockFile, "utf8").split("\n")[0]);
}

function deadPid(): number {
  return Number(spawnSync("sh", ["-c", "echo $$"]).stdout.toString().trim());
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[] | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return (await client.query<T>(sql)).rows;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function startSupervised(beforeRestart: () => Promise<void> = async () => {}) {
  const delays: number[] = [];
  const lines: string[] = [];
  const errors: string[] = [];
  const server = await startEmbeddedPostgres({
    dataDir,
    log: (line) => lines.push(line),
    supervise: {
      logError: (line) => errors.push(line),
      // Recorded at their real size; waited for a tenth of a second.
      sleep: async (ms) => {
        delays.push(ms);
        await sleep(100);
        await beforeRestart();
      },
    },
  });
  started.push(server);
  return { server, delays, lines, errors };
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
    const value = await probe();
    if (value !== null) return value;
  }
  return null;
}

describe("a supervised embedded PostgreSQL", () => {
  it("comes back by itself after kill -9 of its postmaster, with its committed rows", async () => {
    const { server, delays, errors } = await startSupervised();
    try {
      await query(server.adminUrl, "create table kept (id int primary key); insert into kept values (42)");
      const killed = postmasterPid();
      process.kill(killed, "SIGKILL");
      const rows = await waitFor(() => query<{ id: number }>(server.adminUrl, "select id from kept"), 20_000);
      expect(rows).toEqual([{ id: 42 }]);
      expect(postmasterPid()).not.toBe(killed);
      expect(errors[0]).toContain(`(pid ${killed}) exited unexpectedly (signal SIGKILL)`);
      expect(delays[0]).toBe(DEFAULT_RESTART_POLICY.initialDelayMs);
    } finally {
      await server.stop();
    }
    expect(await query(server.adminUrl, "select 1")).toBeNull();
  }, 60_000);

  it("restarts an adopted postmaster (one a dead process left running) when it is killed", async () => {
    const orphan = await startEmbeddedPostgres({ dataDir });
    // Its owner "died": the owner file names a pid that no longer exists.
    writeFileSync(`${clusterDirFor(dataDir)}.owner`, String(deadPid()));
    const { server, errors } = await startSupervised();
    try {
      expect(server.port).toBe(orphan.port);
      const adopted = postmasterPid();
      process.kill(adopted, "SIGKILL");
      expect(await waitFor(() => query(server.adminUrl, "select 1"), 20_000)).not.toBeNull();
      expect(postmasterPid()).not.toBe(adopted);
      expect(errors[0]).toContain(`(pid ${adopted}) exited unexpectedly`);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("stays down after a graceful stop", async () => {
    const { server, delays, errors } = await startSupervised();
    await server.stop();
    await sleep(1500);
    expect(await query(server.adminUrl, "select 1")).toBeNull();
    expect(delays).toEqual([]);
    expect(errors).toEqual([]);
  }, 30_000);

  it("a graceful stop while a restart is pending cancels it and leaves nothing running", async () => {
    let stopping: Promise<void> | null = null;
    const { server, errors } = await startSupervised(async () => {
      stopping ??= server.stop();
    });
    process.kill(postmasterPid(), "SIGKILL");
    expect(await waitFor(async () => stopping, 10_000)).not.toBeNull();
    await stopping;
    await sleep(500);
    expect(await query(server.adminUrl, "select 1")).toBeNull();
    // The killed postmaster's stale postmaster.pid stays (the next start clears it); no process.
    expect(processesInDataDir(clusterDirFor(dataDir))).toEqual([]);
    expect(errors).toHaveLength(1); // the exit; no failed restart
  }, 30_000);

  it("waits longer after each failed restart, and recovers once the cause is gone", async () => {
    // Something else takes its port while it is down: each restart fails to bind it.
    const squatter = net.createServer();
    let isSquatting = false;
    const { server, delays, errors } = await startSupervised(async () => {
      if (isSquatting) return;
      isSquatting = true;
      await new Promise<void>((resolve, reject) => {
        squatter.once("error", reject);
        squatter.listen(server.port, "127.0.0.1", resolve);
      });
    });
    process.kill(postmasterPid(), "SIGKILL");
    try {
      await waitFor(async () => (delays.length >= 4 ? true : null), 30_000);
      expect(delays.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
      expect(errors.some((line) => line.includes("restarting the embedded PostgreSQL failed"))).toBe(true);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect(await waitFor(() => query(server.adminUrl, "select 1"), 20_000)).not.toBeNull();
    await server.stop();
  }, 90_000);
});

describe("createRestartBackoff", () => {
  it("doubles up to the cap, and starts afresh after a stable run", () => {
    let now = 0;
    const backoff = createRestartBackoff(DEFAULT_RESTART_POLICY, () => now);
    backoff.started();
    now += 5000; // died after 5 s: not stable
    const delays = Array.from({ length: 7 }, () => backoff.nextDelayMs());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    backoff.started();
    now += 59_000;
    expect(backoff.nextDelayMs()).toBe(30_000);
    backoff.started();
    now += 60_000;
    expect(backoff.nextDelayMs()).toBe(1000);
  });
});
