import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { fill } from "./disk-full";

// The data folder's disk so full that PostgreSQL cannot write WAL (issue 8): what the run in
// disk-full.ts did not reach, because WAL segments are recycled and a full disk there only made
// table extension fail. Here a durable embedded PostgreSQL 18 on a small tmpfs, the disk filled
// to the last byte, then a write plus `pg_switch_wal()` in a loop, so that each write needs a new
// WAL segment file once the recycled ones are used up. The server is supervised as under
// `npm start` (lib/db/supervise-postgres.ts, default backoff 1 s → 30 s). Recorded: the error the
// client gets, the server's log, the supervisor's restarts while full and after the filler is
// deleted, how long until it answers again with nobody acting, and whether the committed rows
// survived.

const MOUNT = "/tmp/hf-faults-wal";

export async function runWalFull(options: { fullSeconds?: number } = {}) {
  mkdirSync(MOUNT, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=300m,mode=0755", "tmpfs", MOUNT]);
  const postgresLog: string[] = [];
  const log = (line: string) => postgresLog.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  const supervisorLog: string[] = [];
  const logSupervisor = (line: string) =>
    supervisorLog.push(`${new Date().toISOString().slice(11, 23)} ${line.replace(/\n\s*/g, " | ")}`);
  const server = await startEmbeddedPostgres({
    dataDir: `${MOUNT}/postgres`,
    log: (line) => (line.startsWith("[postgres]") ? log(line) : logSupervisor(line)),
    supervise: { logError: (line) => logSupervisor(`ERROR ${line}`) },
  });
  supervisorLog.length = 0; // the first start's lines: not the supervisor's
  const pool = new pg.Pool({ connectionString: server.adminUrl, max: 2, connectionTimeoutMillis: 2000 });
  pool.on("error", () => {}); // idle clients killed by the server's restart
  const postmaster = () =>
    Number(readFileSync(path.join(server.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const isAlive = () => {
    try {
      process.kill(postmaster(), 0);
      return true;
    } catch {
      return false;
    }
  };
  const probe = async () => {
    try {
      const { rows } = await pool.query<{ n: string }>("select n from counter where id = 1");
      return `ok n=${rows[0]?.n}`;
    } catch (error) {
      return `error ${(error as { code?: string }).code ?? ""} ${(error as Error).message}`.slice(0, 160);
    }
  };
  // Once a second: is a postmaster there, and does a query answer? Stops early on the first answer
  // when asked to (the recovery after the space is freed).
  const watch = async (seconds: number, untilAnswered = false) => {
    const seen: string[] = [];
    const started = Date.now();
    for (let s = 0; s < seconds; s++) {
      const answer = await probe();
      const line = `${isAlive() ? "postmaster up" : "postmaster GONE"}; ${answer}`;
      if (seen.at(-1)?.endsWith(line) !== true) seen.push(`t+${s}s ${line}`);
      if (untilAnswered && answer.startsWith("ok")) return { seen, answeredAfterMs: Date.now() - started };
      await new Promise((r) => setTimeout(r, 1000));
    }
    return { seen, answeredAfterMs: null };
  };
  try {
    await pool.query("create table counter (id int primary key, n bigint not null)");
    await pool.query("insert into counter values (1, 0)");
    const filledMiB = Math.round(fill(`${MOUNT}/filler`) / 2 ** 20);
    let committed = 0;
    let failure = "";
    for (let i = 0; i < 400 && !failure; i++) {
      try {
        await pool.query("update counter set n = n + 1 where id = 1");
        committed++;
        await pool.query("select pg_switch_wal()");
      } catch (error) {
        failure = `${(error as { code?: string }).code ?? ""} ${(error as Error).message}`;
      }
    }
    const whileFull = await watch(options.fullSeconds ?? 15);
    const restartsWhileFull = supervisorLog.length;
    unlinkSync(`${MOUNT}/filler`);
    // Nobody acts: the supervisor's next attempt (at most 30 s away) finds room for recovery.
    const afterFree = await watch(60, true);
    return {
      filledMiB,
      updatesCommittedBeforeFailure: committed,
      clientError: failure || "none in 400 switches",
      whileFull: whileFull.seen,
      afterFree: afterFree.seen,
      answeredAfterFreeMs: afterFree.answeredAfterMs,
      committedRowAfterRecovery: await probe(),
      supervisorWhileFull: supervisorLog.slice(0, restartsWhileFull),
      supervisorAfterFree: supervisorLog.slice(restartsWhileFull),
      postgresLog: postgresLog
        .filter((line) => /PANIC|FATAL|space|terminat|recovery|ready|shut/i.test(line))
        .slice(0, 25),
    };
  } finally {
    await pool.end().catch(() => {});
    await server.stop().catch(() => {});
    execFileSync("umount", ["-l", MOUNT]);
    rmSync(MOUNT, { recursive: true, force: true });
  }
}
