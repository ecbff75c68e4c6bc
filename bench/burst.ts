// `npm run bench:burst [-- --rate N --factor 10 --burst 60 --connections 1024]`
// Burst load shedding (issue 8): the production web process (ingestion API, its own embedded
// PostgreSQL, HOOKFLOW_WORKER=0 so only ingestion competes for the box) is driven at 10× its
// sustainable rate for 60 s. Expected: it sheds with 503/429 + Retry-After rather than accepting
// what it cannot store in time; every event answered 2xx is stored (zero loss); none answered 503
// is stored; and after the burst, the closed-loop rate and latency return to the baseline without
// anyone touching the server.
//   1. baseline: closed loop, 64 connections, 10 s → sustainable rate R (2xx/s), p50/p99
//      (or --rate R to skip it);
//   2. burst: a fixed offered rate of factor × R over `--connections` connections for `--burst` s;
//   3. recovery: closed loop again, 64 connections, 20 s, per second: first second from which
//      the 2xx rate is ≥ 80 % of R with no refusals and p99 ≤ 2 × the baseline p99.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { machineDescription, startBenchServer } from "./lib/bench-server";
import { percentile, runEventLoad, storedIds, type TLoadResult } from "./lib/event-load";
import { processTree, startCpuMonitor } from "./lib/process-cpu";

const { values } = parseArgs({
  options: {
    rate: { type: "string" },
    factor: { type: "string", default: "10" },
    burst: { type: "string", default: "60" },
    connections: { type: "string", default: "1024" },
    port: { type: "string", default: "3202" },
  },
});

const summarize = (result: TLoadResult) => {
  const latencies = result.seconds.flatMap((second) => second.latencies);
  return {
    sent: result.sent,
    acceptedPerSecond: Math.round(result.accepted.size / result.durationSeconds),
    statuses: result.statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
};

async function main() {
  const server = await startBenchServer({
    port: Number(values.port),
    name: "burst",
    env: { HOOKFLOW_WORKER: "0" },
  });
  const run = randomUUID().slice(0, 6);
  // CPU seconds per phase of the web process, PostgreSQL and this process (autocannon, the load
  // generator): where the 2 cores went, and the CPU the server spent per event accepted and per
  // request refused — figures that do not depend on the neighbours' load.
  const cpuGroups = {
    web: () => processTree(server.pids.server),
    postgres: () => (server.pids.postgres ? processTree(server.pids.postgres) : []),
    loadGenerator: () => [process.pid],
  };
  const cpu: Record<string, ReturnType<ReturnType<typeof startCpuMonitor>["stop"]>> = {};
  const load = async (
    prefix: string,
    options: { connections: number; durationSeconds: number; rate?: number },
  ) => {
    const monitor = startCpuMonitor(cpuGroups, 500);
    const result = await runEventLoad({ baseUrl: server.baseUrl, apiKey: server.apiKey, prefix, ...options });
    cpu[prefix.slice(run.length + 1)] = monitor.stop();
    return result;
  };
  try {
    // Warm-up (JIT, caches, profiles created) outside the measurement.
    await load(`${run}-warm`, { connections: 16, durationSeconds: 3 });
    const baseline = await load(`${run}-base`, { connections: 64, durationSeconds: 10 });
    const base = summarize(baseline);
    const rate = values.rate ? Number(values.rate) : base.acceptedPerSecond;
    const offered = Math.round(rate * Number(values.factor));
    console.log(`baseline: ${JSON.stringify(base)}; burst at ${offered}/s`);
    const burst = await load(`${run}-burst`, {
      connections: Number(values.connections),
      durationSeconds: Number(values.burst),
      rate: offered,
    });
    const recovery = await load(`${run}-rec`, { connections: 64, durationSeconds: 20 });
    const recoveredAt = recovery.seconds.findIndex(
      (_second, index) =>
        recovery.seconds
          .slice(index, index + 3)
          .every(
            (s) => s.accepted >= 0.8 * rate && s.refused === 0 && percentile(s.latencies, 99) <= 2 * base.p99,
          ) && index + 3 <= recovery.seconds.length,
    );
    // Loss and refusal honesty, from the database.
    const query = (sql: string, params: unknown[]) =>
      server.database.pool.query<{ unique_id: string }>(sql, params);
    const acceptedIds = [...baseline.accepted, ...burst.accepted, ...recovery.accepted];
    const stored = await storedIds(query, acceptedIds);
    const refusedIds = [...burst.refused, ...recovery.refused];
    const refusedStored = await storedIds(query, refusedIds);
    // Requests without an answer (client timeout, connection error): their outcome is unknown to
    // the client, which retries them with the same unique_id; how many were stored is reported.
    const unanswered = Array.from({ length: burst.sent }, (_, n) => `${run}-burst-${n}`).filter(
      (id) => !burst.accepted.has(id) && !burst.refused.has(id),
    );
    const unansweredStored = await storedIds(query, unanswered);
    const burstSummary = summarize(burst);
    const report = {
      at: new Date().toISOString(),
      machine: machineDescription(),
      loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
      baseline: base,
      sustainableRate: rate,
      offeredRate: offered,
      burst: {
        ...burstSummary,
        offeredAchieved: Math.round(burst.sent / burst.durationSeconds),
        refusedWithoutRetryAfter: burst.refusedWithoutRetryAfter,
        perSecond: burst.seconds.map((s) => [s.accepted, s.refused, s.other, percentile(s.latencies, 99)]),
      },
      recovery: {
        ...summarize(recovery),
        recoveredAfterSeconds: recoveredAt,
        perSecond: recovery.seconds.map((s) => [s.accepted, s.refused, s.other, percentile(s.latencies, 99)]),
      },
      cpu,
      cpuPerRequest: cpuPerRequest(cpu, baseline, burst),
      accepted: acceptedIds.length,
      lost: acceptedIds.length - stored.size,
      refused: refusedIds.length,
      refusedButStored: refusedStored.size,
      unanswered: unanswered.length,
      unansweredStored: unansweredStored.size,
    };
    console.log(JSON.stringify(report, null, 1));
    const dir = path.resolve(import.meta.dirname, "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `burst-${Date.now()}.json`), JSON.stringify(report, null, 2));
    if (report.lost > 0 || report.refusedButStored > 0 || recoveredAt < 0) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

/**
 * Server CPU (web process, PostgreSQL) per accepted event at the baseline, and during the burst
 * the web process's CPU per refusal, estimated as what is left of its CPU after the accepted
 * events' share at the baseline cost. Accepted-at-baseline-cost is what the server could have
 * accepted with the CPU it got, had it refused nothing.
 */
function cpuPerRequest(
  cpu: Record<string, { cpuSeconds: Record<string, number> }>,
  baseline: TLoadResult,
  burst: TLoadResult,
) {
  const base = cpu.base?.cpuSeconds ?? {};
  const during = cpu.burst?.cpuSeconds ?? {};
  const webPerAccepted = (base.web ?? 0) / Math.max(1, baseline.accepted.size);
  const pgPerAccepted = (base.postgres ?? 0) / Math.max(1, baseline.accepted.size);
  const webForRefusals = (during.web ?? 0) - webPerAccepted * burst.accepted.size;
  const ms = (seconds: number) => Math.round(seconds * 1000 * 1000) / 1000;
  return {
    baselineWebMsPerAccepted: ms(webPerAccepted),
    baselinePostgresMsPerAccepted: ms(pgPerAccepted),
    burstWebMsPerAccepted: ms((during.web ?? 0) / Math.max(1, burst.accepted.size)),
    burstPostgresMsPerAccepted: ms((during.postgres ?? 0) / Math.max(1, burst.accepted.size)),
    burstWebMsPerRefusalEstimate: ms(webForRefusals / Math.max(1, burst.refused.size)),
    burstServerCpuSeconds: Math.round(((during.web ?? 0) + (during.postgres ?? 0)) * 100) / 100,
    burstLoadGeneratorCpuSeconds: during.loadGenerator ?? 0,
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
