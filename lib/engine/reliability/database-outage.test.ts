import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { POST as postEventRoute } from "@/app/api/events/route";
import { apiRequest, callRoute, createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { createDatabaseIfMissing, migrateDeploy } from "@/lib/db/bootstrap";
import { clusterDirFor, type EmbeddedServer, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { createDatabase, type Database } from "@/lib/db/prisma";
import { spawnRecordingWorker, type TRecordingWorker } from "@/lib/engine/reliability/recording-workers";
import {
  publishSplitWebhookFlow,
  waitForCompletedRuns,
  webhookStepsOf,
} from "@/lib/engine/reliability/reliability-fixtures";
import { waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startLoopbackReceiver } from "@/lib/engine/testing/loopback-receiver";

// Issue 4, "Reliability tests": stop PostgreSQL for 30 s under load — ingestion answers 503
// (never 2xx for an event it did not store), workers back off and resume; nothing accepted is
// lost. This file runs a PostgreSQL of its own (the shared test server cannot be stopped), the
// ingestion route in-process (the real handler, batcher and pool) and a real worker process.

const OUTAGE_MS = 30_000;
const CLIENTS = 8;
// Each client waits this long between requests: ~250 requests/s in all while the database is up,
// a load the 2 shared cores sustain beside PostgreSQL and the worker.
const CLIENT_PAUSE_MS = 30;
// After a 503 a client waits before its next event — as Retry-After asks (5 s), but sooner, so
// the outage is sampled ~240 times.
const CLIENT_PAUSE_AFTER_503_MS = 1_000;
const METRIC = "Outage Order";
const RECEIVER_DELAY_MS = 50;

const root = mkdtempSync(path.join(os.tmpdir(), "hookflow-outage-"));
const dataDir = path.join(root, "postgres");
// As root the cluster lives in /var/lib/hookflow/<hash of dataDir>/postgres (a 0700 temporary
// folder is out of the postgres user's reach): that folder goes too. Resolved now, while `root`
// exists — clusterDirFor's answer depends on it.
const clusterDir = clusterDirFor(dataDir);
const clusterFolder = clusterDir === path.resolve(dataDir) ? clusterDir : path.dirname(clusterDir);
const postgresLog: string[] = [];
const startServer = (port?: number) =>
  startEmbeddedPostgres({
    dataDir,
    port,
    isEphemeral: true,
    log: (line) => {
      postgresLog.push(line);
      if (postgresLog.length > 100) postgresLog.shift();
    },
  });
let server: EmbeddedServer = await startServer();
await createDatabaseIfMissing(server.adminUrl, "hookflow");
const databaseUrl = server.databaseUrl("hookflow");
await migrateDeploy(databaseUrl, { quiet: true });
// The process database (as test/database.ts does for the shared server): the route, the API
// fixture and the batcher all reach PostgreSQL through it.
process.env.DATABASE_URL = databaseUrl;
const database: Database = createDatabase(databaseUrl, 10);
(globalThis as { hookflowDb?: Database }).hookflowDb = database;

const fixture = await createApiFixture("Outage");
// A slow receiver keeps a job in flight at any moment, so the stop always catches one between
// its handlers and its commit (the case that must not take the worker down).
const receiver = await startLoopbackReceiver({ delayMs: RECEIVER_DELAY_MS });
let worker: TRecordingWorker | null = null;
let load: ReturnType<typeof startLoad> | null = null;

afterAll(async () => {
  await load?.stop();
  await worker?.stop();
  await receiver.close();
  await database.prisma.$disconnect();
  await database.pool.end();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(clusterFolder, { recursive: true, force: true });
});

type TAnswer = { uniqueId: string; status: number; sentAt: number; answeredAt: number };

function postEvent(sequence: number, uniqueId: string): Promise<Response> {
  return callRoute(
    postEventRoute,
    apiRequest("/api/events", {
      key: fixture.ingestKey,
      body: eventDocument({
        metric: METRIC,
        uniqueId,
        profile: {
          email: `outage-${sequence}@reliability.test`,
          properties: { tier: sequence % 2 === 0 ? "gold" : "silver" },
        },
        properties: { sequence },
      }),
    }),
  );
}

/** CLIENTS concurrent clients posting new events until stop() (each answer recorded). */
function startLoad() {
  const answers: TAnswer[] = [];
  let next = 0;
  let isStopping = false;
  const client = async () => {
    while (!isStopping) {
      const sequence = next++;
      const uniqueId = `outage-${sequence}`;
      const sentAt = Date.now();
      const response = await postEvent(sequence, uniqueId);
      await response.arrayBuffer();
      answers.push({ uniqueId, status: response.status, sentAt, answeredAt: Date.now() });
      const pause = response.status === 503 ? CLIENT_PAUSE_AFTER_503_MS : CLIENT_PAUSE_MS;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };
  const clients = Array.from({ length: CLIENTS }, () => client());
  return {
    answers,
    accepted: () => answers.filter((answer) => answer.status === 202).length,
    stop: async () => {
      isStopping = true;
      await Promise.all(clients);
    },
  };
}

const count = async (sql: string, values: unknown[] = []) =>
  (await database.pool.query<{ n: number }>(sql, values)).rows[0]!.n;

describe("PostgreSQL stopped for 30 s under load", () => {
  it("answers 503 while it is down, the worker resumes, and every accepted event runs its flow", async () => {
    const { flowId } = await publishSplitWebhookFlow({
      workspaceId: fixture.workspaceId,
      metricName: METRIC,
      receiverUrl: receiver.url,
    });
    worker = await spawnRecordingWorker({
      databaseUrl,
      receiverUrl: receiver.url,
      concurrency: 4,
      name: "outage",
    });
    load = startLoad();
    await waitFor(async () => load!.accepted() >= 500 && receiver.requests.length >= 200, {
      timeoutMs: 30_000,
      what: "500 accepted events and 200 deliveries before the outage",
    });

    const stopBegan = Date.now();
    await server.stop();
    const stopped = Date.now();
    const deliveriesAtStop = receiver.requests.length;
    // Down for OUTAGE_MS; the worker must ride it out (fails at once if the process exits).
    const exitedDuringOutage = await Promise.race([
      new Promise<false>((resolve) => setTimeout(() => resolve(false), OUTAGE_MS)),
      worker.exited.then(() => true),
    ]);
    const exitMessage = `the worker process exited during the outage:\n${worker.output()}`;
    expect(exitedDuringOutage, exitMessage).toBe(false);
    const restartBegan = Date.now();
    server = await startServer(server.port);
    const restarted = Date.now();

    await waitFor(
      async () => load!.answers.filter((a) => a.sentAt > restarted && a.status === 202).length >= 300,
      { timeoutMs: 30_000, what: "300 events accepted after the restart" },
    );
    await load.stop();
    // While the server was down (stopped → restart began), every answer was a 503.
    const answers = load.answers;
    const duringOutage = answers.filter((a) => a.sentAt >= stopped && a.answeredAt <= restartBegan);
    expect(duringOutage.length).toBeGreaterThan(100);
    expect(duringOutage.filter((a) => a.status !== 503)).toEqual([]);
    // Around the edges an answer is 202 (committed) or 503 (not, or not known): nothing else.
    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);

    // Every event answered 202 is stored. Events answered only 503 may be stored too (a commit
    // whose answer the shutdown cut off): allowed, the client's retry is deduplicated by unique_id.
    const accepted = new Set(answers.filter((a) => a.status === 202).map((a) => a.uniqueId));
    const refused = new Set(answers.filter((a) => a.status === 503).map((a) => a.uniqueId));
    const stored = new Set(
      (
        await database.pool.query<{ unique_id: string }>(
          "select e.unique_id from events e join metrics m on m.id = e.metric_id where m.name = $1",
          [METRIC],
        )
      ).rows.map((row) => row.unique_id),
    );
    expect([...accepted].filter((id) => !stored.has(id))).toEqual([]);
    const storedThough503 = [...refused].filter((id) => stored.has(id));

    // The clients retry what was refused (same unique_id): now accepted, each stored once.
    for (const uniqueId of refused) {
      const response = await postEvent(Number(uniqueId.replace("outage-", "")), uniqueId);
      expect(response.status).toBe(202);
    }
    const events = answers.length;
    expect(
      await count(
        "select count(*)::int as n from events e join metrics m on m.id = e.metric_id where m.name = $1",
        [METRIC],
      ),
    ).toBe(events);

    // Every event runs its flow to the end; every webhook step was delivered.
    const drainStarted = Date.now();
    const done = await waitForCompletedRuns(database.pool, {
      flowId,
      count: events,
      timeoutMs: 60_000,
      onPoll: () => {
        if (!worker!.isRunning()) throw new Error(`the worker exited:\n${worker!.output()}`);
      },
    });
    expect(done.runs).toEqual({ completed: events });
    expect(done.steps).toEqual({ completed: 2 * events });
    const steps = await webhookStepsOf(database.pool, flowId);
    const delivered = receiver.deliveredByKey();
    expect(steps.filter((step) => !delivered.has(step.key))).toEqual([]);
    const duplicated = steps.filter((step) => delivered.get(step.key)! > 1);
    expect(duplicated.filter((step) => step.attempts < 2)).toEqual([]);
    // The same worker process delivered after the restart: it resumed rather than being replaced.
    const pidsAfter = new Set(
      receiver.requests
        .slice(deliveriesAtStop)
        .map((request) => (JSON.parse(request.body) as { workerPid: number }).workerPid),
    );
    expect([...pidsAfter]).toEqual([worker.pid]);

    const latencies = duringOutage.map((a) => a.answeredAt - a.sentAt).sort((a, b) => a - b);
    console.log(
      `[reliability] outage: ${events} events from ${CLIENTS} clients; server stop took ${stopped - stopBegan} ms, ` +
        `down ${((restarted - stopped) / 1000).toFixed(1)} s, restart took ${restarted - restartBegan} ms; ` +
        `${duringOutage.length} requests while down, all 503 (p50 ${latencies[Math.floor(latencies.length / 2)]} ms, ` +
        `max ${latencies.at(-1)} ms); ${refused.size} answered 503 in all, of which ${storedThough503.length} were stored anyway ` +
        `(commit outcome unknown to the API); ${accepted.size} answered 202, all stored; after the retries all ` +
        `${events} runs completed ${((Date.now() - drainStarted) / 1000).toFixed(1)} s later; ` +
        `webhook keys delivered twice: ${duplicated.length}; worker pid ${worker.pid} alive throughout`,
    );
  }, 150_000);
});
