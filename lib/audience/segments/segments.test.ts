import { describe, expect, it } from "vitest";
import { addProfilesToList, removeProfilesFromList } from "@/lib/audience/list-members";
import type { TSegmentCondition } from "@/lib/audience/segment-definition";
import { explainSegmentMembership } from "@/lib/audience/segments/explain-segment-membership";
import { loadSegmentBuilderOptions } from "@/lib/audience/segments/load-builder-options";
import { previewSegment } from "@/lib/audience/segments/preview-segment";
import { deleteSegment } from "@/lib/audience/segments/rename-delete-segment";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import { segmentSizeHistory } from "@/lib/audience/segments/segment-queries";
import { sweepSegments } from "@/lib/audience/segments/sweep-segments";
import {
  addEvents,
  changesOf,
  DAY,
  NOW,
  oneCondition,
  workspaceWith,
} from "@/lib/audience/segments/testing/segment-fixtures";
import { upsertProfiles } from "@/lib/audience/upsert-profiles";
import { startJoinRuns } from "@/lib/engine/on-audience-joined";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { ensureMetric, publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { writeEventBatch } from "@/lib/ingestion/write-event-batch";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();

describe("AND/OR groups", () => {
  it("any of (all of …) and all of (any of …)", async () => {
    const { workspaceId, members } = await workspaceWith({
      goldDe: { locale: "de", properties: { plan: "gold" } },
      goldFr: { locale: "fr", properties: { plan: "gold" } },
      silverJp: { locale: "ja", properties: { plan: "silver" } },
    });
    const plan = {
      kind: "profile-property",
      property: "properties.plan",
      operator: "equals",
      value: "gold",
    } as const;
    const de = { kind: "profile-property", property: "locale", operator: "equals", value: "de" } as const;
    const ja = { kind: "profile-property", property: "locale", operator: "equals", value: "ja" } as const;
    const orOfAnds = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: {
        match: "any",
        groups: [
          { match: "all", conditions: [plan, de] },
          { match: "all", conditions: [ja] },
        ],
      },
      now: NOW,
    });
    expect(await members(orOfAnds.id)).toEqual(["goldDe", "silverJp"]);
    const andOfOrs = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: {
        match: "all",
        groups: [
          { match: "any", conditions: [de, ja] },
          { match: "any", conditions: [plan] },
        ],
      },
      now: NOW,
    });
    expect(await members(andOfOrs.id)).toEqual(["goldDe"]);
  });
});

describe("incremental membership", () => {
  async function queuedJoinJobs() {
    const jobs = await db.pool.query<{ payload: Parameters<typeof startJoinRuns>[0] }>(
      `delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
       where t.id = j.task_id and t.identifier = $1 returning j.payload`,
      [ENGINE_TASKS.startJoinRuns],
    );
    return jobs.rows.map((row) => row.payload);
  }

  it("a property change joins (starting the segment-triggered flow) and another leaves; both recorded", async () => {
    const { workspaceId, ids, members } = await workspaceWith({ ann: { locale: "en" } });
    const segment = await saveSegment({
      workspaceId,
      segmentId: null,
      name: "Country is DE",
      definition: oneCondition({
        kind: "profile-property",
        property: "properties.country",
        operator: "equals",
        value: "DE",
      }),
    });
    expect(await members(segment.id)).toEqual([]);
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [
        {
          id: "trigger",
          type: "segment-trigger",
          position: { x: 0, y: 0 },
          config: { segmentId: segment.id },
        },
        {
          id: "wait",
          type: "delay",
          position: { x: 0, y: 100 },
          config: { mode: "duration", amount: 1, unit: "hours" },
        },
      ],
    });
    await queuedJoinJobs();
    const setCountry = (country: string | null) =>
      withPgTransaction((tx) =>
        upsertProfiles(tx, [{ workspaceId, changes: changesOf(ids.ann!, { country }), pointer: "/data" }]),
      );
    await setCountry("DE");
    expect(await members(segment.id)).toEqual(["ann"]);
    const jobs = await queuedJoinJobs();
    expect(jobs).toHaveLength(1);
    for (const job of jobs) await startJoinRuns(job, { database: db.pool });
    const runs = await db.pool.query("select profile_id from runs where flow_id = $1", [flowId]);
    expect(runs.rows).toEqual([{ profile_id: ids.ann }]);

    await setCountry("FR");
    expect(await members(segment.id)).toEqual([]);
    const history = await db.pool.query<{ change: string }>(
      "select change from segment_membership_changes where segment_id = $1 order by id",
      [segment.id],
    );
    expect(history.rows.map((row) => row.change)).toEqual(["joined", "left"]);
  });

  it("a change reaches segments that read an affected segment (segment-in-segment), in order", async () => {
    const { workspaceId, ids, members } = await workspaceWith({ ann: {} });
    const vip = await saveSegment({
      workspaceId,
      segmentId: null,
      name: "VIP",
      definition: oneCondition({
        kind: "profile-property",
        property: "properties.tier",
        operator: "equals",
        value: "vip",
      }),
    });
    const notVip = await saveSegment({
      workspaceId,
      segmentId: null,
      name: "Not VIP",
      definition: oneCondition({ kind: "segment-membership", segmentId: vip.id, isMember: false }),
    });
    expect(await members(notVip.id)).toEqual(["ann"]);
    await withPgTransaction((tx) =>
      upsertProfiles(tx, [{ workspaceId, changes: changesOf(ids.ann!, { tier: "vip" }), pointer: "/data" }]),
    );
    expect(await members(vip.id)).toEqual(["ann"]);
    expect(await members(notVip.id)).toEqual([]);
  });

  it("an ingested event re-evaluates event-count segments for its profile only", async () => {
    const { workspaceId, ids, members } = await workspaceWith({ buyer: {}, bystander: {} });
    const metricId = await ensureMetric(workspaceId, "Placed Order");
    const segment = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: oneCondition({
        kind: "event-count",
        metricId,
        comparison: "at_least",
        count: 1,
        window: { kind: "last_days", days: 30 },
      }),
    });
    expect(await members(segment.id)).toEqual([]);
    const [outcome] = await writeEventBatch(
      [
        {
          id: uuidv7(),
          workspaceId,
          metricName: "Placed Order",
          profile: changesOf(ids.buyer!),
          profilePointer: "/data",
          properties: {},
          time: new Date(),
          value: null,
          valueCurrency: null,
          uniqueId: uuidv7(),
          isBackfill: false,
        } as never,
      ],
      { atomic: true },
    );
    expect(outcome?.ok).toBe(true);
    expect(await members(segment.id)).toEqual(["buyer"]);
  });

  it("list joins and leaves re-evaluate segments reading the list", async () => {
    const { workspaceId, ids, members } = await workspaceWith({ ann: {} });
    const list = await db.prisma.list.create({ data: { workspaceId, name: "VIP list" } });
    const segment = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: oneCondition({ kind: "list-membership", listId: list.id, isMember: true }),
    });
    const document = { data: [{ type: "profile", id: ids.ann }] };
    await addProfilesToList({ workspaceId, listId: list.id, document });
    expect(await members(segment.id)).toEqual(["ann"]);
    await removeProfilesFromList({ workspaceId, listId: list.id, document });
    expect(await members(segment.id)).toEqual([]);
  });
});

describe("the sweep", () => {
  it("recomputes time-window segments as the clock moves, and snapshots every segment's size daily", async () => {
    const { workspaceId, ids, members } = await workspaceWith({ recent: {} });
    const metricId = await ensureMetric(workspaceId, "Viewed");
    await addEvents(workspaceId, metricId, ids.recent!, [new Date(NOW.getTime() - 5 * DAY)]);
    const segment = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: oneCondition({
        kind: "event-count",
        metricId,
        comparison: "at_least",
        count: 1,
        window: { kind: "last_days", days: 7 },
      }),
      now: NOW,
    });
    expect(await members(segment.id)).toEqual(["recent"]);
    const later = new Date(NOW.getTime() + 3 * DAY);
    const swept = await sweepSegments({ database: db.pool, now: later });
    expect(swept.recomputed).toBeGreaterThanOrEqual(1);
    expect(await members(segment.id)).toEqual([]);
    const snapshots = await db.pool.query<{ day: string; size: number }>(
      "select to_char(day, 'YYYY-MM-DD') as day, size from segment_size_snapshots where segment_id = $1 order by day",
      [segment.id],
    );
    expect(snapshots.rows).toEqual([
      { day: "2026-06-15", size: 1 },
      { day: "2026-06-18", size: 0 },
    ]);
    const again = await sweepSegments({ database: db.pool, now: new Date(later.getTime() + 60_000) });
    expect(again.recomputed).toBe(0);
  });
});

describe("the size chart", () => {
  it("draws past days from the snapshots and today from the current size, which incremental joins change", async () => {
    const { workspaceId, ids } = await workspaceWith({ ann: {}, bob: {} });
    const segment = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: oneCondition({
        kind: "profile-property",
        property: "properties.vip",
        operator: "equals",
        value: "yes",
      }),
    });
    const today = new Date().toISOString().slice(0, 10);
    const twoDaysAgo = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
    await db.pool.query(
      `insert into segment_size_snapshots (workspace_id, segment_id, day, size, computed_at) values ($1, $2, $3, 7, now())`,
      [workspaceId, segment.id, twoDaysAgo],
    );
    for (const name of ["ann", "bob"])
      await withPgTransaction((tx) =>
        upsertProfiles(tx, [
          { workspaceId, changes: changesOf(ids[name]!, { vip: "yes" }), pointer: "/data" },
        ]),
      );
    const history = await segmentSizeHistory({ workspaceId, segmentId: segment.id, days: 90 });
    // Today's stored snapshot (taken at save) still says 0; the chart shows the 2 members.
    expect(history).toEqual([
      { day: twoDaysAgo, size: 7 },
      { day: today, size: 2 },
    ]);
  });
});

describe("definitions that are refused", () => {
  it("refuses cycles of segment-in-segment, naming the path", async () => {
    const { workspaceId } = await workspaceWith({});
    const a = await saveSegment({
      workspaceId,
      segmentId: null,
      name: "A",
      definition: oneCondition({ kind: "profile-property", property: "locale", operator: "exists" }),
    });
    const b = await saveSegment({
      workspaceId,
      segmentId: null,
      name: "B",
      definition: oneCondition({ kind: "segment-membership", segmentId: a.id, isMember: true }),
    });
    await expect(
      saveSegment({
        workspaceId,
        segmentId: a.id,
        definition: oneCondition({ kind: "segment-membership", segmentId: b.id, isMember: true }),
      }),
    ).rejects.toThrow(/contain each other: this segment → B → this segment/);
    await expect(
      saveSegment({
        workspaceId,
        segmentId: a.id,
        definition: oneCondition({ kind: "segment-membership", segmentId: a.id, isMember: true }),
      }),
    ).rejects.toThrow(/cannot contain itself/);
    await expect(deleteSegment({ workspaceId, segmentId: a.id })).rejects.toThrow(/"B" uses this segment/);
  });

  it("refuses lists and metrics of another workspace, and bad values with their path", async () => {
    const { workspaceId } = await workspaceWith({});
    const other = await workspaceWith({});
    const foreignList = await db.prisma.list.create({
      data: { workspaceId: other.workspaceId, name: "Theirs" },
    });
    await expect(
      saveSegment({
        workspaceId,
        segmentId: null,
        definition: oneCondition({ kind: "list-membership", listId: foreignList.id, isMember: true }),
      }),
    ).rejects.toMatchObject({ pointer: "definition.groups.0.conditions.0.listId" });
    await expect(
      saveSegment({
        workspaceId,
        segmentId: null,
        definition: oneCondition({
          kind: "profile-property",
          property: "properties.age",
          operator: "in_last_days",
          value: -1,
        } as never),
      }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["groups", 0, "conditions", 0, "value"] })],
    });
  });
});

describe("preview and explanation", () => {
  it("previews size and samples without saving, and explains which conditions matched", async () => {
    const { workspaceId, ids } = await workspaceWith({
      ann: { locale: "de-DE", properties: { plan: "gold" } },
      bob: { locale: "en" },
    });
    const definition = {
      match: "any" as const,
      groups: [
        {
          match: "all" as const,
          conditions: [
            { kind: "profile-property", property: "locale", operator: "starts_with", value: "de" },
            { kind: "profile-property", property: "properties.plan", operator: "equals", value: "gold" },
          ] as TSegmentCondition[],
        },
      ],
    };
    const preview = await previewSegment({ workspaceId, definition });
    expect(preview).toMatchObject({
      status: "ok",
      estimatedSize: 1,
      isEstimate: false,
      samples: [{ id: ids.ann }],
    });
    expect(await db.prisma.segment.count({ where: { workspaceId } })).toBe(0);

    const saved = await saveSegment({ workspaceId, segmentId: null, definition });
    const ann = await explainSegmentMembership({ workspaceId, segmentId: saved.id, profileId: ids.ann! });
    expect(ann).toMatchObject({ isMember: true, matchesNow: true });
    expect(ann.groups[0]!.conditions.map((entry) => entry.matched)).toEqual([true, true]);
    const bob = await explainSegmentMembership({ workspaceId, segmentId: saved.id, profileId: ids.bob! });
    expect(bob).toMatchObject({ isMember: false, matchesNow: false });
    expect(bob.groups[0]!.conditions.map((entry) => entry.matched)).toEqual([false, false]);
  });

  it("a preview that runs past its timeout answers timed_out", async () => {
    const { workspaceId } = await workspaceWith({ ann: {} });
    const metricId = await ensureMetric(workspaceId, "Slow");
    // Another session holds the events table: the preview waits on it, past its timeout.
    const blocker = await db.pool.connect();
    await blocker.query("begin; lock table events in access exclusive mode");
    const preview = await previewSegment({
      workspaceId,
      definition: oneCondition({
        kind: "event-count",
        metricId,
        comparison: "at_least",
        count: 1,
        window: { kind: "ever" },
      }),
      timeoutMs: 300,
    }).finally(async () => {
      await blocker.query("rollback");
      blocker.release();
    });
    expect(preview.status).toBe("timed_out");
  });
});

describe("the builder's pickers", () => {
  it("offer profile fields, the property and location keys seen on profiles, metrics, lists and segments", async () => {
    const { workspaceId } = await workspaceWith({
      ann: { properties: { plan: "gold", birthday: "1990-01-01" } },
    });
    await db.pool.query('update profiles set location = \'{"country": "DE"}\' where workspace_id = $1', [
      workspaceId,
    ]);
    await ensureMetric(workspaceId, "Placed Order");
    await db.prisma.list.create({ data: { workspaceId, name: "Newsletter" } });
    const options = await loadSegmentBuilderOptions({ workspaceId });
    expect(options.properties).toEqual(
      expect.arrayContaining(["locale", "properties.plan", "properties.birthday", "location.country"]),
    );
    expect(options.metrics.map((metric) => metric.name)).toEqual(["Placed Order"]);
    expect(options.lists.map((list) => list.name)).toEqual(["Newsletter"]);
    expect(options.segments).toEqual([]);
  });
});
