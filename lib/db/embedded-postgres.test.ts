import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { clusterDirFor, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";

// The lifecycle a real install goes through: first start, a clean restart, a previous process
// killed without stopping its server (orphan), and a stale lock file left by a crash.
// mkdtemp makes a 0700 folder: as root this also exercises the /var/lib/hookflow fallback.
const root = mkdtempSync(path.join(os.tmpdir(), "hookflow-pg-"));
const dataDir = path.join(root, "postgres");

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(clusterDirFor(dataDir), { recursive: true, force: true });
});

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function deadPid(): number {
  // A process that has exited: its pid is free (reuse within the test is vanishingly unlikely).
  return Number(spawnSync("sh", ["-c", "echo $$"]).stdout.toString().trim());
}

describe("startEmbeddedPostgres", () => {
  it("initialises, serves, stops, and starts again on the same folder", async () => {
    const first = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
    expect(first.isOwner).toBe(true);
    expect(await canQuery(first.adminUrl)).toBe(true);
    await first.stop();
    expect(await canQuery(first.adminUrl)).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
    expect(await canQuery(second.adminUrl)).toBe(true);
    await second.stop();
  });

  it("adopts a server whose owning process died, and stops it on exit", async () => {
    const running = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
    // Pretend the owner was killed with -9: its pid in the owner file no longer exists.
    writeFileSync(`${clusterDirFor(dataDir)}.owner`, String(deadPid()));
    const adopted = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
    expect(adopted.isOwner).toBe(true);
    expect(adopted.port).toBe(running.port);
    await adopted.stop();
    expect(await canQuery(running.adminUrl)).toBe(false);
  });

  it("shares a server owned by another live process without stopping it", async () => {
    const running = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
    // A live process other than this one (pid 1 always exists) owns the server.
    const ownerFile = `${clusterDirFor(dataDir)}.owner`;
    writeFileSync(ownerFile, "1");
    const shared = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
    expect(shared.isOwner).toBe(false);
    await shared.stop();
    expect(await canQuery(running.adminUrl)).toBe(true);
    writeFileSync(ownerFile, String(process.pid));
    await running.stop();
  });

  it("recovers from a stale postmaster.pid left by a crash", async () => {
    const lockFile = path.join(clusterDirFor(dataDir), "postmaster.pid");
    writeFileSync(lockFile, `${deadPid()}\n${clusterDirFor(dataDir)}\n0\n1\n\n127.0.0.1\n`);
    const server = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
    expect(await canQuery(server.adminUrl)).toBe(true);
    expect(readFileSync(lockFile, "utf8").split("\n")[3]).toBe(String(server.port));
    await server.stop();
  });

  it("gives two data folders different default ports", async () => {
    const other = path.join(root, "other", "postgres");
    const a = await startEmbeddedPostgres({ dataDir, isEphemeral: true });
    const b = await startEmbeddedPostgres({ dataDir: other, isEphemeral: true });
    try {
      expect(a.port).not.toBe(b.port);
      expect(await canQuery(a.adminUrl)).toBe(true);
      expect(await canQuery(b.adminUrl)).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
      rmSync(clusterDirFor(other), { recursive: true, force: true });
    }
  });
});
