// `npm run bench:ingest [-- --duration 10 --repeat 3]`
// Klaviyo-compatible ingestion under load: single events (POST /api/events) and bulk requests of
// 1,000 events (POST /api/event-bulk-create-jobs) at concurrency 1, 16 and 64, against the
// production build on a fresh embedded PostgreSQL. After every run it counts the run's events in
// the database: an accepted (2xx) event that is not stored is a lost event, and must be zero.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { machineDescription, median, startBenchServer } from "./lib/bench-server";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    repeat: { type: "string", default: "3" },
    port: { type: "string", default: "3200" },
    concurrency: { type: "string", default: "1,16,64" },
    modes: { type: "string", default: "single,bulk" },
  },
});
const DURATION = Number(values.duration);
const REPEAT = Number(values.repeat);
const CONCURRENCY = values.concurrency.split(",").map(Number);
const PROFILES = 1000;
const BULK_PROFILES = 100;
const BULK_EVENTS_PER_PROFILE = 10;

type Mode = "single" | "bulk";
type RunResult = {
  mode: Mode;
  concurrency: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  accepted: number;
  stored: number;
  lost: number;
  non2xx: number;
  errors: number;
};

function singleBody(metric: string, counter: number): string {
  return JSON.stringify({
    data: {
      type: "event",
      attributes: {
        properties: { OrderId: counter, Items: [{ ProductName: "Linen Shirt", Quantity: 1 }] },
        value: 59,
        unique_id: randomUUID(),
        metric: { data: { type: "metric", attributes: { name: metric } } },
        profile: {
          data: { type: "profile", attributes: { email: `bench.${counter % PROFILES}@example.com` } },
        },
      },
    },
  });
}

function bulkBody(metric: string, counter: number): string {
  const entries = Array.from({ length: BULK_PROFILES }, (_, p) => ({
    type: "event-bulk-create",
    attributes: {
      profile: {
        data: {
          type: "profile",
          attributes: { email: `bench.${(counter * BULK_PROFILES + p) % PROFILES}@example.com` },
        },
      },
      events: {
        data: Array.from({ length: BULK_EVENTS_PER_PROFILE }, (_, e) => ({
          type: "event",
          attributes: {
            properties: { OrderId: `${counter}-${p}-${e}` },
            value: 59,
            unique_id: randomUUID(),
            metric: { data: { type: "metric", attributes: { name: metric } } },
          },
        })),
      },
    },
  }));
  return JSON.stringify({
    data: { type: "event-bulk-create-job", attributes: { "events-bulk-create": { data: entries } } },
  });
}

async function main() {
  const server = await startBenchServer({ port: Number(values.port), name: "ingest" });
  const results: RunResult[] = [];
  try {
    for (const mode of values.modes.split(",") as Mode[]) {
      for (const concurrency of CONCURRENCY) {
        for (let round = 0; round < REPEAT; round++) {
          const result = await runOnce(server, mode, concurrency);
          results.push(result);
          console.log(
            `${mode.padEnd(6)} c=${String(concurrency).padStart(2)} #${round + 1}: ${Math.round(result.eventsPerSecond).toLocaleString()} events/s, p50 ${result.p50} ms, p99 ${result.p99} ms, accepted ${result.accepted}, stored ${result.stored}, lost ${result.lost}, non-2xx ${result.non2xx}, errors ${result.errors}`,
          );
        }
      }
    }
  } finally {
    await server.stop();
  }
  report(results);
}

async function runOnce(
  server: Awaited<ReturnType<typeof startBenchServer>>,
  mode: Mode,
  concurrency: number,
): Promise<RunResult> {
  const metric = `Bench ${mode} ${randomUUID().slice(0, 8)}`;
  let counter = 0;
  const eventsPerRequest = mode === "single" ? 1 : BULK_PROFILES * BULK_EVENTS_PER_PROFILE;
  const result = await autocannon({
    url: server.baseUrl,
    connections: concurrency,
    duration: DURATION,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: mode === "single" ? "/api/events" : "/api/event-bulk-create-jobs",
        headers: {
          authorization: `Klaviyo-API-Key ${server.apiKey}`,
          revision: "2024-10-15",
          "content-type": "application/vnd.api+json",
        },
        setupRequest: (request) => ({
          ...request,
          body: mode === "single" ? singleBody(metric, counter++) : bulkBody(metric, counter++),
        }),
      },
    ],
  });
  // Requests still in flight when autocannon stops may commit after it returns: wait them out.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const stored = await server.database.pool.query<{ count: string }>(
    "select count(*) from events e join metrics m on m.id = e.metric_id where m.workspace_id = $1 and m.name = $2",
    [server.workspaceId, metric],
  );
  const accepted = result["2xx"] * eventsPerRequest;
  const storedCount = Number(stored.rows[0]?.count ?? 0);
  return {
    mode,
    concurrency,
    eventsPerSecond: accepted / DURATION,
    p50: result.latency.p50,
    p99: result.latency.p99,
    accepted,
    stored: storedCount,
    lost: Math.max(0, accepted - storedCount),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function report(results: RunResult[]) {
  const lines = [
    `Ingestion benchmark, ${new Date().toISOString()}`,
    `Machine: ${machineDescription()}`,
    `Command: npm run bench:ingest -- --duration ${DURATION} --repeat ${REPEAT}`,
    "",
    "| mode | concurrency | events/s (median) | p50 ms (median) | p99 ms (median) | accepted | lost | non-2xx |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const keys = [...new Set(results.map((r) => `${r.mode}|${r.concurrency}`))];
  for (const key of keys) {
    const runs = results.filter((r) => `${r.mode}|${r.concurrency}` === key);
    const [mode, concurrency] = key.split("|");
    lines.push(
      `| ${mode} | ${concurrency} | ${Math.round(median(runs.map((r) => r.eventsPerSecond))).toLocaleString("en-US")} | ${median(runs.map((r) => r.p50))} | ${median(runs.map((r) => r.p99))} | ${runs.reduce((s, r) => s + r.accepted, 0)} | ${runs.reduce((s, r) => s + r.lost, 0)} | ${runs.reduce((s, r) => s + r.non2xx, 0)} |`,
    );
  }
  const text = lines.join("\n");
  console.log(`\n${text}`);
  const dir = path.resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `ingest-${Date.now()}.md`), `${text}\n`);
  writeFileSync(path.join(dir, `ingest-${Date.now()}.json`), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
