// `npm run bench:audience [-- --profiles 1000000 --repeat 7 --segment-repeat 3]`
// Issue 7 at 1M profiles: the Profiles page's search (server side: searchProfiles, the function the
// page calls), full segment computations (first and again) and the date-due query, on the seed's
// audience (`npm run seed`: names, identifiers, properties birthday / loyalty_tier /
// customer_locale, ~3 events each). Its own embedded PostgreSQL under .data/bench-audience (kept:
// the seed is built once, topped up to --profiles when short). Each figure is the median of the
// repeats after one warm-up; the plan's index names are printed beside it (and the plan is checked
// where the design depends on an index).
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import type pg from "pg";
import { findProfilesWithDateDue } from "@/lib/audience/find-profiles-due";
import { ZProfileSearchFilter } from "@/lib/audience/profile-pages/profile-search-filter";
import { searchProfiles } from "@/lib/audience/profile-pages/search-profiles";
import { recomputeSegment } from "@/lib/audience/segments/recompute-segment";
import { deleteSegment } from "@/lib/audience/segments/rename-delete-segment";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import { getSegmentOrThrow } from "@/lib/audience/segments/segment-queries";
import { ensureConfiguredDatabase, loadConfig, migrateDeploy } from "@/lib/db/bootstrap";
import { pool, prisma } from "@/lib/db/prisma";
import { ensureDateIndex } from "@/lib/engine/date-index";
import { machineDescription, median } from "./lib/bench-server";
import { benchSegmentShapes } from "./lib/segment-shapes";

const { values } = parseArgs({
  options: {
    profiles: { type: "string", default: "1000000" },
    repeat: { type: "string", default: "7" },
    "segment-repeat": { type: "string", default: "3" },
    only: { type: "string" },
  },
});
const PROFILES = Number(values.profiles);
const REPEAT = Number(values.repeat);
const SEGMENT_REPEAT = Number(values["segment-repeat"]);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const filter = (property: string, operator: string, value?: string) =>
  ZProfileSearchFilter.parse({ property, operator, value });

async function prepare(): Promise<{ stop: () => Promise<void>; workspaceId: string }> {
  process.env.HOOKFLOW_DATA_DIR ??= ".data/bench-audience";
  const { config, dataDir } = loadConfig();
  const handle = await ensureConfiguredDatabase(config, dataDir, "bench");
  await migrateDeploy(handle.url, { quiet: true });
  process.env.DATABASE_URL = handle.url;
  const biggest = async () =>
    (
      await pool().query<{ id: string; n: number }>(
        `select w.id, (select count(*)::int from profiles p where p.workspace_id = w.id) as n
         from workspaces w order by n desc limit 1`,
      )
    ).rows[0];
  let found = await biggest();
  if (!found || found.n < PROFILES) {
    const missing = PROFILES - (found?.n ?? 0);
    console.log(`[bench] seeding ${missing.toLocaleString()} profiles (npm run seed)…`);
    const seeded = spawnSync("npx", ["tsx", "scripts/seed.ts", "--profiles", String(missing)], {
      stdio: "inherit",
      env: { ...process.env },
    });
    if (seeded.status !== 0) throw new Error("the seed failed");
    found = await biggest();
  }
  await pool().query("vacuum analyze profiles");
  return { stop: handle.stop, workspaceId: found!.id };
}

/** Median of REPEAT timed runs after a warm-up, with the index names of the statement's plan. */
async function timed<T>(label: string, run: (db: Pick<pg.Pool, "query">) => Promise<T>, repeat = REPEAT) {
  const plans: string[] = [];
  const explaining = {
    query: async (text: string, params: unknown[]) => {
      const plan = await pool().query(`explain ${text}`, params);
      plans.push(plan.rows.map((row) => row["QUERY PLAN"]).join("\n"));
      return pool().query(text, params);
    },
  } as unknown as Pick<pg.Pool, "query">;
  let result = await run(explaining);
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    result = await run(pool());
    runs.push(performance.now() - started);
  }
  const plan = plans.join("\n");
  const indexes = [...new Set(plan.match(/(?<=(?:Index|Index Only) Scan (?:Backward )?(?:using|on) )\S+/g))];
  const scan = /Seq Scan/.test(plan) ? "seq scan" : indexes.join(" + ");
  console.log(
    `[bench] ${label}: ${ms(median(runs))} (min ${ms(Math.min(...runs))}, max ${ms(Math.max(...runs))}) — ${scan}`,
  );
  return {
    label,
    medianMs: median(runs),
    minMs: Math.min(...runs),
    maxMs: Math.max(...runs),
    plan: scan,
    result,
  };
}

async function searchCases(workspaceId: string) {
  const page =
    (options: Omit<Parameters<typeof searchProfiles>[0], "workspaceId" | "pageSize">) =>
    (db: Pick<pg.Pool, "query">) =>
      searchProfiles({ workspaceId, pageSize: 50, ...options }, db);
  const sample = (
    await pool().query<{ email: string; first_name: string; last_name: string }>(
      "select email, first_name, last_name from profiles where workspace_id = $1 order by created_at desc, id limit 1 offset 123456",
      [workspaceId],
    )
  ).rows[0]!;
  // A cursor 20 pages in: the keyset page a marketer reaches by clicking Next.
  let cursor = (await searchProfiles({ workspaceId, pageSize: 50 })).next!;
  for (let i = 0; i < 19; i++) cursor = (await searchProfiles({ workspaceId, pageSize: 50, cursor })).next!;
  const cases: [string, ReturnType<typeof page>][] = [
    ["first page, newest first", page({})],
    ["21st page (keyset cursor)", page({ cursor })],
    ["first page, email A–Z", page({ sort: "email" })],
    [`email search "${sample.email.slice(0, 14)}"`, page({ term: sample.email.slice(0, 14) })],
    ['email/identifier prefix "a"', page({ term: "a" })],
    [
      `name search "${sample.first_name} ${sample.last_name}"`,
      page({ term: `${sample.first_name} ${sample.last_name}`, field: "name" }),
    ],
    [
      `name prefix "${sample.last_name.slice(0, 3)}"`,
      page({ term: sample.last_name.slice(0, 3), field: "name" }),
    ],
    ["loyalty_tier equals gold (1/3)", page({ filters: [filter("loyalty_tier", "equals", "gold")] })],
    [
      "customer_locale equals ja-JP (3.6 %)",
      page({ filters: [filter("customer_locale", "equals", "ja-JP")] }),
    ],
    [
      "loyalty_tier equals platinum (none)",
      page({ filters: [filter("loyalty_tier", "equals", "platinum")] }),
    ],
    ["customer_locale is set (40 %)", page({ filters: [filter("customer_locale", "exists")] })],
    [
      "customer_locale contains de (11 %, scanned)",
      page({ filters: [filter("customer_locale", "contains", "de")] }),
    ],
    [
      "customer_locale contains zz (none, scanned: budget)",
      page({ filters: [filter("customer_locale", "contains", "zz")] }),
    ],
    [
      "birthday greater than 2004-06 (~1 %, scanned)",
      page({ filters: [filter("birthday", "greater_than", "2004-06")] }),
    ],
    [
      "gold AND name prefix",
      page({
        term: sample.last_name.slice(0, 3),
        field: "name",
        filters: [filter("loyalty_tier", "equals", "gold")],
      }),
    ],
  ];
  const results = [];
  for (const [label, run] of cases) {
    const measured = await timed(label, run);
    const { profiles, scanLimit } = measured.result;
    results.push({ ...measured, result: undefined, rows: profiles.length, scanLimit });
  }
  return results;
}

async function segmentCases(workspaceId: string) {
  const placedOrder = await prisma.metric.findFirstOrThrow({ where: { workspaceId, name: "Placed Order" } });
  const cases = benchSegmentShapes(placedOrder.id);
  const results = [];
  for (const [label, definition] of cases) {
    const name = `bench: ${label}`;
    const stale = await pool().query<{ id: string }>(
      "select id from segments where workspace_id = $1 and name = $2",
      [workspaceId, name],
    );
    for (const row of stale.rows) await deleteSegment({ workspaceId, segmentId: row.id });
    await pool().query("checkpoint");
    let started = performance.now();
    const saved = await saveSegment({ workspaceId, segmentId: null, name, definition });
    const firstMs = performance.now() - started;
    const segment = (await getSegmentOrThrow({ workspaceId, segmentId: saved.id })).loaded!;
    const runs: number[] = [];
    for (let i = 0; i < SEGMENT_REPEAT; i++) {
      started = performance.now();
      await recomputeSegment(segment);
      runs.push(performance.now() - started);
    }
    started = performance.now();
    await deleteSegment({ workspaceId, segmentId: saved.id });
    const deleteMs = performance.now() - started;
    console.log(
      `[bench] segment "${label}": ${saved.result.size.toLocaleString()} members; first computation ${ms(firstMs)}; ` +
        `recompute median ${ms(median(runs))} (${runs.map(ms).join(", ")}); delete ${ms(deleteMs)}`,
    );
    results.push({
      label,
      members: saved.result.size,
      firstMs,
      recomputeMs: runs,
      medianMs: median(runs),
      deleteMs,
    });
  }
  return results;
}

async function dateCases(workspaceId: string) {
  const started = performance.now();
  const built = await ensureDateIndex(pool(), "birthday");
  console.log(`[bench] month-day index on birthday: ${built} (${ms(performance.now() - started)})`);
  // The 15th of this month: the seed's birthdays fall on days 1–28 only, so "today" on the 29th-31st
  // would find nobody due.
  const today = new Date();
  const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 15));
  const results = [];
  for (const days of [0, 7, 30]) {
    const measured = await timed(`birthday due in the next ${days} days, yearly`, (db) =>
      findProfilesWithDateDue({ workspaceId, property: "birthday", days, now, limit: 200_000 }, db),
    );
    if (!measured.plan.includes("profiles_date_"))
      throw new Error(`the date query did not use the month-day index: ${measured.plan}`);
    results.push({ ...measured, result: undefined, rows: measured.result.length });
  }
  return results;
}

async function main() {
  const { stop, workspaceId } = await prepare();
  try {
    const load = (await import("node:os"))
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(" ");
    console.log(`[bench] ${PROFILES.toLocaleString()} profiles; load average ${load}`);
    const only = values.only ?? "search,dates,segments";
    const search = only.includes("search") ? await searchCases(workspaceId) : [];
    const dates = only.includes("dates") ? await dateCases(workspaceId) : [];
    const segments = only.includes("segments") ? await segmentCases(workspaceId) : [];
    console.log(
      `[bench] ${machineDescription()}; load average after ${(await import("node:os"))
        .loadavg()
        .map((v) => v.toFixed(1))
        .join(" ")}`,
    );
    console.log(JSON.stringify({ profiles: PROFILES, repeat: REPEAT, search, dates, segments }, null, 2));
    const slow = search.filter((row) => row.medianMs >= 300).map((row) => row.label);
    if (slow.length > 0) console.log(`[bench] search pages NOT under 300 ms: ${slow.join("; ")}`);
    const slowSegments = segments
      .filter((row) => Math.max(row.firstMs, row.medianMs) >= 10_000)
      .map((row) => row.label);
    if (slowSegments.length > 0) console.log(`[bench] segments NOT under 10 s: ${slowSegments.join("; ")}`);
  } finally {
    await prisma.$disconnect();
    await pool().end();
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
