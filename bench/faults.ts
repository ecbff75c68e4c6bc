// `npm run faults [-- --only web,runner,disk,wal]`
// Faults under steady load (issue 8), automated and repeatable, loopback only:
//  web    — kill -9 of the production web process mid-load, restarted 3 s later on the same
//           database: every event answered 2xx before the kill is stored and delivered; the client
//           sees connection errors, never a 2xx, while it is down.
//  runner — kill -9 of the JavaScript code runner (the worker's supervised child, isolated-vm)
//           mid-load: the supervisor starts a new one; invocations in flight fail ("crashed") and
//           their steps are retried; every accepted event is delivered with the code output.
//  disk   — PostgreSQL's data folder on a small tmpfs that is filled up (bench/lib/disk-full.ts).
//  wal    — the same disk so full that WAL cannot be written (bench/lib/wal-full.ts; not in the
//           default set: PostgreSQL only, no web process). The server is supervised as under
//           npm start: it must answer again after the space is freed, nobody acting
//           (--wal-full-seconds: how long the disk stays full, 15 by default).
// The pipeline is bench/e2e.ts's: metric trigger → code step → webhook to a loopback receiver.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startBenchServer } from "./lib/bench-server";
import { runDiskFull } from "./lib/disk-full";
import { publishPipelineFlow, startPipelineReceiver, startPipelineWorker } from "./lib/e2e-pipeline";
import { runEventLoad, storedIds, type TLoadResult } from "./lib/event-load";
import { processTree } from "./lib/process-cpu";
import { runWalFull } from "./lib/wal-full";
import { spawnWebProcess, stopProcess } from "./lib/web-process";

const { values } = parseArgs({
  options: {
    only: { type: "string", default: "web,runner,disk" },
    port: { type: "string", default: "3204" },
    // How long the disk stays full in the wal fault before the filler is deleted.
    "wal-full-seconds": { type: "string", default: "15" },
  },
});
const ONLY = new Set(values.only.split(","));
const PORT = Number(values.port);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const results: Record<string, unknown> = {};

async function main() {
  if (ONLY.has("web") || ONLY.has("runner")) await killFaults();
  if (ONLY.has("disk")) results.disk = await runDiskFull({ port: PORT + 1 });
  if (ONLY.has("wal")) {
    const wal = await runWalFull({ fullSeconds: Number(values["wal-full-seconds"]) });
    results.wal = wal;
    // Back by itself, with the row committed before the disk filled.
    if (wal.answeredAfterFreeMs === null || wal.committedRowAfterRecovery !== "ok n=1") process.exitCode = 1;
  }
  console.log(JSON.stringify(results, null, 1));
}

async function killFaults() {
  const receiver = await startPipelineReceiver();
  process.env.BENCH_SERVER_NODE_ARGS ??= "--no-warnings";
  const server = await startBenchServer({ port: PORT, name: "faults", env: { HOOKFLOW_WORKER: "0" } });
  (globalThis as { hookflowDb?: unknown }).hookflowDb = server.database;
  // 5 ms of CPU per invocation: at 60 events/s the runner is busy a third of the time, so the
  // kills below find invocations in flight.
  await publishPipelineFlow(server.workspaceId, receiver.url, { busyMs: 5 });
  const worker = await startPipelineWorker(server.databaseUrl, server.secrets);
  const run = randomUUID().slice(0, 6);
  const loads: TLoadResult[] = [];
  const load = (prefix: string) =>
    runEventLoad({
      baseUrl: server.baseUrl,
      apiKey: server.apiKey,
      prefix,
      connections: 16,
      durationSeconds: 25,
      rate: 60,
      timeoutSeconds: 5,
    }).then((result) => {
      loads.push(result);
      return result;
    });
  let restarted: Awaited<ReturnType<typeof spawnWebProcess>> | undefined;
  try {
    if (ONLY.has("web")) {
      const loadStarted = Date.now();
      const loading = load(`${run}-web`);
      await sleep(8000);
      const killedAt = Date.now();
      process.kill(server.pids.server, "SIGKILL");
      await sleep(3000);
      const restartAt = Date.now();
      restarted = await spawnWebProcess({
        port: PORT,
        databaseUrl: server.databaseUrl,
        secrets: server.secrets,
        logFile: "/tmp/hf-faults-web-restarted.log",
      });
      const upAt = Date.now();
      const result = await loading;
      // 2xx answers by second: none may come from the seconds the process was dead.
      const deadSeconds = result.seconds
        .map((second, index) => ({ index, ...second }))
        .filter(
          ({ index }) =>
            loadStarted + index * 1000 > killedAt + 500 && loadStarted + (index + 1) * 1000 < restartAt,
        );
      results.webKill = {
        downMs: upAt - killedAt,
        restartToHealthyMs: upAt - restartAt,
        statuses: result.statuses,
        connectionErrors: result.errors,
        timeouts: result.timeouts,
        acceptedWhileDead: deadSeconds.reduce((sum, second) => sum + second.accepted, 0),
      };
    }
    if (ONLY.has("runner")) {
      const workerPid = worker.pid ?? 0;
      const runnerPids = () =>
        processTree(workerPid).filter((pid) => pid !== workerPid && commandOf(pid).includes("runner.mjs"));
      const loading = load(`${run}-runner`);
      await sleep(6000);
      // Five kills 3 s apart: each finds the runner busy or idle by chance; the table counts them.
      const kills: { killed: number[]; runnersAfter3s: number[] }[] = [];
      for (let kill = 0; kill < 5; kill++) {
        const before = runnerPids();
        for (const pid of before) process.kill(pid, "SIGKILL");
        await sleep(3000);
        kills.push({ killed: before, runnersAfter3s: runnerPids() });
      }
      await loading;
      results.runnerKill = kills;
    }
    const accepted = loads.flatMap((result) => [...result.accepted]);
    const deadline = Date.now() + 240_000;
    const delivered = () => accepted.filter((id) => receiver.arrivals.has(id)).length;
    while (delivered() < accepted.length && Date.now() < deadline) await sleep(500);
    const stored = await storedIds((sql, params) => server.database.pool.query(sql, params), accepted);
    const { rows } = await server.database.pool.query<{
      node_id: string;
      status: string;
      retried: string;
      n: string;
    }>(
      `select node_id, status, (attempts > 1)::text as retried, count(*)::text as n from steps group by 1, 2, 3 order by 1, 2, 3`,
    );
    const invocations = await server.database.pool.query<{ status: string; n: string }>(
      "select status || coalesce(': ' || (error->>'message'), '') as status, count(*)::text as n from code_invocations group by 1",
    );
    results.pipeline = {
      loads: loads.map((result) => ({
        statuses: result.statuses,
        errors: result.errors,
        timeouts: result.timeouts,
      })),
      accepted: accepted.length,
      stored: stored.size,
      delivered: delivered(),
      lost: accepted.length - delivered(),
      duplicates: receiver.repeats(),
      withoutCodeOutput: receiver.withoutCodeOutput(),
      steps: rows.map(
        (row) => `${row.node_id} ${row.status}${row.retried === "true" ? " retried" : ""}: ${row.n}`,
      ),
      codeInvocations: Object.fromEntries(invocations.rows.map((row) => [row.status, Number(row.n)])),
    };
    if (accepted.length !== delivered() || stored.size !== accepted.length) process.exitCode = 1;
  } finally {
    await stopProcess(worker);
    if (restarted) await stopProcess(restarted);
    await server.stop();
    receiver.close();
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
