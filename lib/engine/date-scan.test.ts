import { afterEach, describe, expect, it } from "vitest";
import { dateIndexSql, ensureDateIndex } from "@/lib/engine/date-index";
import {
  fireInstant,
  isOccurrence,
  monthDaysFor,
  parseDateProperty,
  scanDateTriggers,
  type TDateRule,
} from "@/lib/engine/date-scan";
import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { createFlow } from "@/lib/flows/create-flow";
import { FLOW_GRAPH_SCHEMA_VERSION, type TFlowGraph, ZDateTriggerConfig } from "@/lib/flows/graph-schema";
import { publishFlow } from "@/lib/flows/publish-flow";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();

// Flows of earlier tests stay in the database: switch them off so each test sees only its own.
afterEach(async () => {
  await db.pool.query("update flows set status = 'draft'");
});

const date = (value: string) => parseDateProperty(value)!;
const rule = (config: Partial<TDateRule> = {}): TDateRule =>
  ZDateTriggerConfig.parse({ property: "birthday", ...config });

function dateGraph(config: Partial<TDateRule>): TFlowGraph {
  return {
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    nodes: [
      { id: "trigger", type: "date-trigger", position: { x: 0, y: 0 }, config: rule(config) },
      {
        id: "wait",
        type: "delay",
        position: { x: 0, y: 100 },
        config: { mode: "duration", amount: 1, unit: "hours" },
      },
    ],
    edges: [{ id: "trigger-wait", source: "trigger", sourceHandle: null, target: "wait" }],
    // Re-entry "always": every occurrence starts a run (with "once", a profile's first only).
    settings: { filters: NO_CONDITIONS, reentry: { mode: "always" } },
  };
}

type TProfileSeed = { name: string; timezone?: string | null; properties?: Record<string, unknown> };

async function setUp(config: Partial<TDateRule>, profiles: TProfileSeed[], publish = true) {
  const workspace = await db.prisma.workspace.create({ data: { name: "Dates" } });
  const ids: Record<string, string> = {};
  for (const profile of profiles) {
    const created = await db.prisma.profile.create({
      data: {
        workspaceId: workspace.id,
        email: `${profile.name}@example.com`,
        timezone: profile.timezone ?? null,
        properties: (profile.properties ?? {}) as object,
      },
    });
    ids[profile.name] = created.id;
  }
  const flow = await createFlow({
    workspaceId: workspace.id,
    name: "Date flow",
    graph: dateGraph(config),
    userId: null,
  });
  if (publish)
    await publishFlow({ workspaceId: workspace.id, flowId: flow.id, status: "live", userId: null });
  const nameOf = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  /** The flow's runs: profile name, occurrence date and the first step's scheduled time. */
  const runs = async () => {
    const rows = await db.pool.query<{ profile_id: string; trigger_key: string; scheduled_for: Date }>(
      `select r.profile_id, r.trigger_key, s.scheduled_for from runs r join steps s on s.run_id = r.id
       where r.flow_id = $1`,
      [flow.id],
    );
    return rows.rows
      .map((row) => ({
        profile: nameOf[row.profile_id] as string,
        occurrence: row.trigger_key.split(":")[1],
        at: row.scheduled_for.toISOString(),
      }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.profile.localeCompare(b.profile));
  };
  return { workspace, flow, ids, runs };
}

const scan = (now: string, options: { catchUpDays?: number; horizonHours?: number } = {}) =>
  scanDateTriggers({ database: db.pool, now: new Date(now), ...options });

/** One scan a day at 12:00 UTC from `from` to `to` (inclusive), as the cron would. */
async function scanDaily(from: string, to: string) {
  for (let day = Date.parse(`${from}T12:00:00Z`); day <= Date.parse(`${to}T12:00:00Z`); day += 86_400_000) {
    await scanDateTriggers({ database: db.pool, now: new Date(day) });
  }
}

describe("date rules", () => {
  it("parses ISO dates and datetimes, and refuses anything else", () => {
    expect(parseDateProperty("1990-05-17")).toEqual({ year: 1990, month: 5, day: 17 });
    expect(parseDateProperty("1990-05-17T00:00:00Z")).toEqual({ year: 1990, month: 5, day: 17 });
    for (const bad of [null, "", "17/05/1990", "1990-02-30", "1990-13-01", "1990-05-17x", "abcde05-17"]) {
      expect(parseDateProperty(bad)).toBeNull();
    }
  });

  it("moves 29 February to 28 February in non-leap years only", () => {
    const leapling = date("2000-02-29");
    expect(isOccurrence("yearly", leapling, date("2027-02-28"))).toBe(true);
    expect(isOccurrence("yearly", leapling, date("2027-03-01"))).toBe(false);
    expect(isOccurrence("yearly", leapling, date("2028-02-29"))).toBe(true);
    expect(isOccurrence("yearly", leapling, date("2028-02-28"))).toBe(false);
    expect(monthDaysFor("yearly", [date("2027-02-28")])).toEqual(["02-28", "02-29"]);
    expect(monthDaysFor("yearly", [date("2028-02-28")])).toEqual(["02-28"]);
  });

  it("moves a monthly day the month lacks to its last day", () => {
    const thirtyFirst = date("2020-01-31");
    expect(isOccurrence("monthly", thirtyFirst, date("2027-04-30"))).toBe(true);
    expect(isOccurrence("monthly", thirtyFirst, date("2027-02-28"))).toBe(true);
    expect(isOccurrence("monthly", thirtyFirst, date("2027-05-30"))).toBe(false);
    expect(isOccurrence("monthly", date("2020-01-30"), date("2027-02-28"))).toBe(true);
    expect(monthDaysFor("monthly", [date("2027-04-30")])).toContain("01-31");
    expect(monthDaysFor("monthly", [date("2027-04-29")])).not.toContain("01-30");
  });

  it("never counts an occurrence before the date itself", () => {
    expect(isOccurrence("yearly", date("2030-05-17"), date("2029-05-17"))).toBe(false);
    expect(isOccurrence("once", date("2027-06-10"), date("2027-06-10"))).toBe(true);
    expect(isOccurrence("once", date("2026-06-10"), date("2027-06-10"))).toBe(false);
  });

  it("fires at the time of day in the zone, across a DST change", () => {
    const config = rule({ offsetDays: 1, direction: "after", timeOfDay: "09:00" });
    // 2027-03-28 is the last Sunday of March: Paris moves from UTC+1 to UTC+2.
    expect(fireInstant(config, date("2027-03-27"), "Europe/Paris").toISOString()).toBe(
      "2027-03-28T07:00:00.000Z",
    );
    expect(fireInstant(config, date("2027-03-26"), "Europe/Paris").toISOString()).toBe(
      "2027-03-27T08:00:00.000Z",
    );
  });
});

describe("ensureDateIndex", () => {
  it("creates the index once, with a safe name, and the scan's query uses it", async () => {
    const property = `it's "x"); drop table profiles; --`;
    expect(await ensureDateIndex(db.pool, property)).toBe("created");
    expect(await ensureDateIndex(db.pool, property)).toBe("exists");
    const sql = dateIndexSql(property);
    expect(sql.indexName).toMatch(/^profiles_date_[0-9a-f]{12}$/);
    const index = await db.pool.query<{ indexdef: string }>(
      "select indexdef from pg_indexes where indexname = $1",
      [sql.indexName],
    );
    expect(index.rows[0]?.indexdef).toContain(
      "substr((properties ->> 'it''s \"x\"); drop table profiles; --'",
    );

    await ensureDateIndex(db.pool, "birthday");
    const client = await db.pool.connect();
    try {
      await client.query("begin; set local enable_seqscan = off");
      const birthday = dateIndexSql("birthday");
      const plan = await client.query<{ "QUERY PLAN": string }>(
        `explain select id from profiles
         where workspace_id = $1 and ${birthday.hasProperty} and ${birthday.monthDay} = any($2::text[])`,
        ["00000000-0000-7000-8000-000000000000", ["05-17"]],
      );
      expect(plan.rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain(birthday.indexName);
    } finally {
      await client.query("rollback");
      client.release();
    }
  });
});

describe("scanDateTriggers", () => {
  it("starts a birthday flow 14 days before, at 09:00 in each profile's zone, once", async () => {
    const { runs } = await setUp(
      { offsetDays: 14, direction: "before", timezone: { mode: "profile", fallback: "Europe/London" } },
      [
        { name: "alice", timezone: "Europe/Paris", properties: { birthday: "1990-05-17" } },
        { name: "bob", timezone: "America/Los_Angeles", properties: { birthday: "1985-05-17T00:00:00Z" } },
        { name: "carol", timezone: null, properties: { birthday: "1990-05-17" } },
        { name: "erin", timezone: "Mars/Olympus", properties: { birthday: "1990-05-17" } },
        { name: "dave", timezone: "Europe/Paris", properties: { birthday: "1990-06-01" } },
      ],
    );
    expect(await scan("2027-04-20T12:00:00Z")).toMatchObject({ flows: 1, started: 0 });
    // Window (04-29 12:00Z, 05-03 12:00Z]: Paris and London (fallback) fire in it, Los Angeles after.
    expect(await scan("2027-05-02T12:00:00Z")).toMatchObject({ flows: 1, started: 3 });
    expect(await scan("2027-05-02T12:00:00Z")).toMatchObject({ started: 0 });
    expect(await scan("2027-05-03T12:00:00Z")).toMatchObject({ started: 1 });
    expect(await scan("2027-05-03T18:00:00Z")).toMatchObject({ started: 0 });
    await scanDaily("2027-05-04", "2027-05-12");
    expect(await runs()).toEqual([
      { profile: "alice", occurrence: "2027-05-17", at: "2027-05-03T07:00:00.000Z" },
      { profile: "carol", occurrence: "2027-05-17", at: "2027-05-03T08:00:00.000Z" },
      { profile: "erin", occurrence: "2027-05-17", at: "2027-05-03T08:00:00.000Z" },
      { profile: "bob", occurrence: "2027-05-17", at: "2027-05-03T16:00:00.000Z" },
    ]);
  });

  it("after two days of downtime, starts each missed occurrence exactly once, now", async () => {
    const utc = { timezone: { mode: "fixed", zone: "UTC" } } as const;
    const { runs } = await setUp(
      utc,
      ["03-01", "03-02", "03-03", "03-04", "03-05"].map((day) => ({
        name: `p${day}`,
        properties: { birthday: `1990-${day}` },
      })),
    );
    expect(await scan("2027-02-27T10:00:00Z")).toMatchObject({ started: 0 });
    // Down until 03-03 10:00: 03-01, 03-02 and 03-03 09:00 were missed; 03-04 09:00 is in the horizon.
    expect(await scan("2027-03-03T10:00:00Z")).toMatchObject({ started: 4 });
    expect(await scan("2027-03-03T11:00:00Z")).toMatchObject({ started: 0 });
    expect(await scan("2027-03-04T10:00:00Z")).toMatchObject({ started: 1 });
    expect(await scan("2027-03-06T10:00:00Z")).toMatchObject({ started: 0 });
    expect(await runs()).toEqual([
      { profile: "p03-01", occurrence: "2027-03-01", at: "2027-03-03T10:00:00.000Z" },
      { profile: "p03-02", occurrence: "2027-03-02", at: "2027-03-03T10:00:00.000Z" },
      { profile: "p03-03", occurrence: "2027-03-03", at: "2027-03-03T10:00:00.000Z" },
      { profile: "p03-04", occurrence: "2027-03-04", at: "2027-03-04T09:00:00.000Z" },
      { profile: "p03-05", occurrence: "2027-03-05", at: "2027-03-05T09:00:00.000Z" },
    ]);
  });

  it("does not go back further than the catch-up", async () => {
    const { runs } = await setUp({ timezone: { mode: "fixed", zone: "UTC" } }, [
      { name: "old", properties: { birthday: "1990-03-01" } },
      { name: "recent", properties: { birthday: "1990-03-04" } },
    ]);
    await scan("2027-03-05T10:00:00Z", { catchUpDays: 3, horizonHours: 1 });
    expect((await runs()).map((run) => run.profile)).toEqual(["recent"]);
  });

  it("fires a 29 February birthday on 28 February in a non-leap year, on 29 February in a leap year", async () => {
    const { runs } = await setUp({ timezone: { mode: "fixed", zone: "UTC" } }, [
      { name: "leapling", properties: { birthday: "2000-02-29" } },
      { name: "eve", properties: { birthday: "2001-02-28" } },
    ]);
    await scanDaily("2027-02-20", "2027-03-05");
    await scanDaily("2028-02-20", "2028-03-05");
    expect(await runs()).toEqual([
      { profile: "eve", occurrence: "2027-02-28", at: "2027-02-28T09:00:00.000Z" },
      { profile: "leapling", occurrence: "2027-02-28", at: "2027-02-28T09:00:00.000Z" },
      { profile: "eve", occurrence: "2028-02-28", at: "2028-02-28T09:00:00.000Z" },
      { profile: "leapling", occurrence: "2028-02-29", at: "2028-02-29T09:00:00.000Z" },
    ]);
  });

  it("fires a monthly day 31 on the last day of shorter months", async () => {
    const { runs } = await setUp(
      { property: "renewal", recurrence: "monthly", timezone: { mode: "fixed", zone: "UTC" } },
      [
        { name: "end", properties: { renewal: "2020-01-31" } },
        { name: "mid", properties: { renewal: "2020-01-15" } },
      ],
    );
    await scanDaily("2027-01-25", "2027-05-05");
    const byProfile = (name: string) =>
      runs().then((all) => all.filter((run) => run.profile === name).map((run) => run.at));
    expect(await byProfile("end")).toEqual([
      "2027-01-31T09:00:00.000Z",
      "2027-02-28T09:00:00.000Z",
      "2027-03-31T09:00:00.000Z",
      "2027-04-30T09:00:00.000Z",
    ]);
    expect(await byProfile("mid")).toEqual([
      "2027-02-15T09:00:00.000Z",
      "2027-03-15T09:00:00.000Z",
      "2027-04-15T09:00:00.000Z",
    ]);
  });

  it("fires a 'once' date on that date only, with the offset after it", async () => {
    const { runs } = await setUp(
      {
        recurrence: "once",
        offsetDays: 1,
        direction: "after",
        timeOfDay: "10:00",
        timezone: { mode: "fixed", zone: "UTC" },
      },
      [
        { name: "signup", properties: { birthday: "2027-06-10" } },
        { name: "past", properties: { birthday: "1990-06-10" } },
      ],
    );
    await scanDaily("2027-06-05", "2027-06-15");
    await scanDaily("2028-06-05", "2028-06-15");
    expect(await runs()).toEqual([
      { profile: "signup", occurrence: "2027-06-10", at: "2027-06-11T10:00:00.000Z" },
    ]);
  });

  it("uses the flow's fixed zone over the profile's", async () => {
    const { runs } = await setUp({ timeOfDay: "09:00", timezone: { mode: "fixed", zone: "Asia/Tokyo" } }, [
      { name: "newYorker", timezone: "America/New_York", properties: { birthday: "1990-05-17" } },
    ]);
    await scan("2027-05-16T12:00:00Z");
    expect(await runs()).toEqual([
      { profile: "newYorker", occurrence: "2027-05-17", at: "2027-05-17T00:00:00.000Z" },
    ]);
  });

  it("never runs draft flows, published or not", async () => {
    const profiles = [{ name: "alice", properties: { birthday: "1990-05-17" } }];
    const neverPublished = await setUp({}, profiles, false);
    const turnedOff = await setUp({}, profiles);
    await db.pool.query("update flows set status = 'draft' where id = $1", [turnedOff.flow.id]);
    expect(await scan("2027-05-16T12:00:00Z")).toMatchObject({ flows: 0, started: 0 });
    expect(await neverPublished.runs()).toEqual([]);
    expect(await turnedOff.runs()).toEqual([]);
  });

  it("ignores profiles without the property or with something other than a date in it", async () => {
    const { runs } = await setUp({ timezone: { mode: "fixed", zone: "UTC" } }, [
      { name: "none", properties: {} },
      { name: "other", properties: { anniversary: "1990-05-17" } },
      { name: "null", properties: { birthday: null } },
      { name: "text", properties: { birthday: "soon" } },
      { name: "lookalike", properties: { birthday: "abcde05-17" } },
      { name: "impossible", properties: { birthday: "1990-05-17x" } },
      { name: "number", properties: { birthday: 19900517 } },
      { name: "valid", properties: { birthday: "1990-05-17" } },
    ]);
    expect(await scan("2027-05-16T12:00:00Z")).toMatchObject({ started: 1 });
    expect((await runs()).map((run) => run.profile)).toEqual(["valid"]);
  });
});
