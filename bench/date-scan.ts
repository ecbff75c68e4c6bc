// `npx tsx bench/date-scan.ts [--profiles 1000000 --repeat 5 --fresh]`
// The date trigger's scan at scale (issue 4: "enqueue a day's due runs for 1M profiles in under
// 5 seconds"). In a database of its own (hookflow_bench_dates) on the configured PostgreSQL (the
// embedded one by default): N profiles with random birthdays and zones, inserted by
// generate_series (kept between invocations unless --fresh or the count differs), a live
// birthday flow, then:
//  1. the first scan after publishing (3 days of catch-up + 24 h ahead: ~5 days of birthdays),
//  2. --repeat daily scans, each on the next day (each starts ~1/365 of the profiles): median,
//  3. a rescan the same day (what a cron every minute costs: nothing new to start).
// Only the enqueue is measured (runs, first steps, queue jobs); no worker runs the steps.
import { parseArgs } from "node:util";
import pg from "pg";
import {
  createDatabaseIfMissing,
  ensureConfiguredDatabase,
  loadConfig,
  migrateDeploy,
} from "@/lib/db/bootstrap";
import { pool, prisma } from "@/lib/db/prisma";
import { dateIndexSql, ensureDateIndex } from "@/lib/engine/date-index";
import { monthDaysFor, occurrencesFor, scanDateTriggers } from "@/lib/engine/date-scan";
import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { createFlow } from "@/lib/flows/create-flow";
import { FLOW_GRAPH_SCHEMA_VERSION, ZDateTriggerConfig } from "@/lib/flows/graph-schema";
import { publishFlow } from "@/lib/flows/publish-flow";
import { moduleLog } from "@/lib/log";
import { machineDescription, median } from "./lib/bench-server";

const BENCH_DATABASE = "hookflow_bench_dates";
const WORKSPACE_NAME = "Bench dates";
const INSERT_BATCH = 100_000;
// 09:00 in the profile's zone; the first measured day (UTC noon) and the ones after it.
const FIRST_DAY = Date.parse("2027-03-10T12:00:00Z");
const DAY_MS = 86_400_000;
const ZONES = ["Europe/Paris", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"];

const { values } = parseArgs({
  options: {
    profiles: { type: "string", default: "1000000" },
    repeat: { type: "string", default: "5" },
    fresh: { type: "boolean", default: false },
  },
});
const PROFILES = Number(values.profiles);
const REPEAT = Number(values.repeat);
if (!Number.isInteger(PROFILES) || PROFILES < 1)
  throw new Error("--profiles must be a positive whole number");
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error("--repeat must be a positive whole number");

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function prepareDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { config, dataDir } = loadConfig();
  const handle = await ensureConfiguredDatabase(config, dataDir, "bench");
  const adminUrl = handle.server?.adminUrl ?? handle.url;
  const url = new URL(handle.url);
  url.pathname = `/${BENCH_DATABASE}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (values.fresh) await admin.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
  } finally {
    await admin.end();
  }
  await createDatabaseIfMissing(adminUrl, BENCH_DATABASE);
  await migrateDeploy(url.toString(), { quiet: true });
  return { url: url.toString(), stop: handle.stop };
}

/** The bench workspace with exactly PROFILES profiles (made again if the count differs). */
async function ensureProfiles(): Promise<string> {
  const existing = await prisma.workspace.findFirst({ where: { name: WORKSPACE_NAME } });
  if (existing && (await prisma.profile.count({ where: { workspaceId: existing.id } })) === PROFILES) {
    console.log(`[bench] reusing ${PROFILES.toLocaleString()} profiles (--fresh to rebuild)`);
    return existing.id;
  }
  if (existing) await prisma.workspace.delete({ where: { id: existing.id } });
  const workspace = await prisma.workspace.create({ data: { name: WORKSPACE_NAME } });
  const started = performance.now();
  for (let from = 1; from <= PROFILES; from += INSERT_BATCH) {
    const to = Math.min(PROFILES, from + INSERT_BATCH - 1);
    // One in six profiles has no zone (the flow's fallback); birthdays 1950–2005, uniformly.
    await pool().query(
      `insert into profiles (id, workspace_id, email, first_name, timezone, properties)
       select uuidv7(), $1, 'bench.' || g || '@example.com', 'Bench ' || g,
              ($4::text[])[1 + g % (array_length($4::text[], 1) + 1)],
              jsonb_build_object('birthday', to_char(date '1950-01-01' + (random() * 20088)::int, 'YYYY-MM-DD'),
                                 'plan', (array['free', 'pro', 'team'])[1 + g % 3])
       from generate_series($2::int, $3::int) g`,
      [workspace.id, from, to, ZONES],
    );
    process.stdout.write(`\r[bench] ${to.toLocaleString()} / ${PROFILES.toLocaleString()} profiles`);
  }
  process.stdout.write(`\n[bench] inserted in ${seconds(performance.now() - started)}\n`);
  return workspace.id;
}

async function publishBirthdayFlow(workspaceId: string): Promise<string> {
  await pool().query("update flows set status = 'draft' where workspace_id = $1", [workspaceId]);
  await pool().query("truncate runs, steps cascade; delete from graphile_worker._private_jobs");
  const flow = await createFlow({
    workspaceId,
    name: `Birthday ${new Date().toISOString()}`,
    userId: null,
    graph: {
      schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
      nodes: [
        {
          id: "trigger",
          type: "date-trigger",
          position: { x: 0, y: 0 },
          config: ZDateTriggerConfig.parse({ property: "birthday", offsetDays: 0, timeOfDay: "09:00" }),
        },
        {
          id: "wait",
          type: "delay",
          position: { x: 0, y: 100 },
          config: { mode: "duration", amount: 1, unit: "hours" },
        },
      ],
      edges: [{ id: "trigger-wait", source: "trigger", sourceHandle: null, target: "wait" }],
      settings: { filters: NO_CONDITIONS, reentry: { mode: "always" } },
    },
  });
  await publishFlow({ workspaceId, flowId: flow.id, status: "live", userId: null });
  return flow.id;
}

async function explainDailyQuery(workspaceId: string, now: Date): Promise<string> {
  const rule = ZDateTriggerConfig.parse({ property: "birthday" });
  const sql = dateIndexSql("birthday");
  const window = { start: new Date(now.getTime() - 3 * DAY_MS), end: new Date(now.getTime() + DAY_MS) };
  const plan = await pool().query<{ "QUERY PLAN": string }>(
    `explain (analyze, costs off) select id, timezone, ${sql.value} as value from profiles
     where workspace_id = $1 and ${sql.hasProperty} and ${sql.monthDay} = any($2::text[])`,
    [workspaceId, monthDaysFor(rule.recurrence, occurrencesFor(rule, window))],
  );
  return plan.rows.map((row) => `    ${row["QUERY PLAN"]}`).join("\n");
}

async function main() {
  // The scan's own one-line summary would interleave with the bench's.
  moduleLog("date-scan").level = "warn";
  const database = await prepareDatabase();
  // lib/db/prisma's process-wide client and pool (publishFlow uses them) point at the bench database.
  process.env.DATABASE_URL = database.url;
  try {
    const workspaceId = await ensureProfiles();
    const indexStarted = performance.now();
    const index = await ensureDateIndex(pool(), "birthday");
    console.log(`[bench] month-day index: ${index} (${seconds(performance.now() - indexStarted)})`);
    await pool().query("analyze profiles");
    const flowId = await publishBirthdayFlow(workspaceId);

    const first = await scanDateTriggers({ database: pool(), now: new Date(FIRST_DAY) });
    console.log(
      `[bench] first scan (catch-up 3 d + 24 h): ${first.started} runs in ${seconds(first.durationMs)}`,
    );
    const daily: { started: number; durationMs: number }[] = [];
    for (let day = 1; day <= REPEAT; day++) {
      const result = await scanDateTriggers({ database: pool(), now: new Date(FIRST_DAY + day * DAY_MS) });
      daily.push(result);
      console.log(`[bench] daily scan #${day}: ${result.started} runs in ${seconds(result.durationMs)}`);
    }
    const rescan = await scanDateTriggers({ database: pool(), now: new Date(FIRST_DAY + REPEAT * DAY_MS) });
    console.log(`[bench] rescan the same day: ${rescan.started} runs in ${seconds(rescan.durationMs)}`);
    const total = await pool().query<{ runs: number; distinct: number }>(
      "select count(*)::int as runs, count(distinct (profile_id, trigger_key))::int as distinct from runs where flow_id = $1",
      [flowId],
    );
    console.log(
      `[bench] plan of the daily query:\n${await explainDailyQuery(workspaceId, new Date(FIRST_DAY))}`,
    );
    console.log(
      `\n${machineDescription()}\n${PROFILES.toLocaleString()} profiles: daily scan median ${seconds(median(daily.map((run) => run.durationMs)))} ` +
        `for a median of ${median(daily.map((run) => run.started))} runs (${daily.map((run) => seconds(run.durationMs)).join(", ")}); ` +
        `first scan ${seconds(first.durationMs)} for ${first.started} runs; same-day rescan ${seconds(rescan.durationMs)}; ` +
        `${total.rows[0]?.runs} runs in all, ${total.rows[0]?.distinct} distinct (profile, occurrence)`,
    );
  } finally {
    await prisma.$disconnect();
    await pool().end();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
