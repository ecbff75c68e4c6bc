import { describe, expect, it } from "vitest";
import { deleteProfile } from "@/lib/audience/profile-pages/profile-writes";
import { recomputeSegmentInTransaction } from "@/lib/audience/segments/recompute-segment";
import { reevaluateSegmentsForProfiles } from "@/lib/audience/segments/reevaluate-segments";
import { deleteSegment } from "@/lib/audience/segments/rename-delete-segment";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import { getSegmentOrThrow } from "@/lib/audience/segments/segment-queries";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { createTestDatabase } from "@/test/database";

// segment_memberships has no foreign keys (migration 20261129235500): these check that every
// way a segment, a profile or a workspace goes away still takes its memberships with it.

const db = await createTestDatabase();

const everyoneWithLocale = {
  match: "any" as const,
  groups: [
    {
      match: "all" as const,
      conditions: [{ kind: "profile-property" as const, property: "locale", operator: "exists" as const }],
    },
  ],
};

async function workspaceWithSegments(names: string[]) {
  const workspace = await db.prisma.workspace.create({ data: { name: "Cleanup" } });
  const ids: Record<string, string> = {};
  for (const name of names) {
    const profile = await db.prisma.profile.create({
      data: { workspaceId: workspace.id, email: `${name}@example.com`, locale: "de-DE" },
    });
    ids[name] = profile.id;
  }
  const first = await saveSegment({
    workspaceId: workspace.id,
    segmentId: null,
    name: "A",
    definition: everyoneWithLocale,
  });
  const second = await saveSegment({
    workspaceId: workspace.id,
    segmentId: null,
    name: "B",
    definition: everyoneWithLocale,
  });
  return { workspaceId: workspace.id, ids, segmentIds: [first.id, second.id] };
}

async function membershipsOf(column: "segment_id" | "profile_id" | "workspace_id", id: string) {
  const rows = await db.pool.query(`select 1 from segment_memberships where ${column} = $1`, [id]);
  return rows.rowCount;
}

describe("segment memberships without foreign keys", () => {
  it("deleting a segment deletes its members and no other segment's", async () => {
    const { workspaceId, segmentIds } = await workspaceWithSegments(["ann", "bob"]);
    expect(await membershipsOf("segment_id", segmentIds[0]!)).toBe(2);
    await deleteSegment({ workspaceId, segmentId: segmentIds[0]! });
    expect(await membershipsOf("segment_id", segmentIds[0]!)).toBe(0);
    expect(await membershipsOf("segment_id", segmentIds[1]!)).toBe(2);
  });

  it("deleting a profile deletes its memberships in every segment, and only its own", async () => {
    const { workspaceId, ids } = await workspaceWithSegments(["ann", "bob"]);
    expect(await membershipsOf("profile_id", ids.ann!)).toBe(2);
    await deleteProfile(workspaceId, ids.ann!);
    expect(await membershipsOf("profile_id", ids.ann!)).toBe(0);
    expect(await membershipsOf("profile_id", ids.bob!)).toBe(2);
  });

  it("deleting a workspace deletes all its memberships (its profiles cascade, the trigger fires)", async () => {
    const { workspaceId } = await workspaceWithSegments(["ann", "bob", "cat"]);
    const other = await workspaceWithSegments(["dan"]);
    expect(await membershipsOf("workspace_id", workspaceId)).toBe(6);
    await db.prisma.workspace.delete({ where: { id: workspaceId } });
    expect(await membershipsOf("workspace_id", workspaceId)).toBe(0);
    expect(await membershipsOf("workspace_id", other.workspaceId)).toBe(2);
  });

  it("a profile deleted while a recompute is inserting it loses that membership too", async () => {
    const { workspaceId, ids, segmentIds } = await workspaceWithSegments(["ann"]);
    await deleteSegment({ workspaceId, segmentId: segmentIds[1]! });
    await db.pool.query("delete from segment_memberships where segment_id = $1", [segmentIds[0]]);
    const segment = (await getSegmentOrThrow({ workspaceId, segmentId: segmentIds[0]! })).loaded!;
    const recompute = await db.pool.connect();
    try {
      await recompute.query("begin");
      const result = await recomputeSegmentInTransaction(recompute, segment, { now: new Date() });
      expect(result.joined).toBe(1);
      // The delete runs now, while the recompute's insert is uncommitted: its trigger must wait.
      const deleting = deleteProfile(workspaceId, ids.ann!);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waiting = await db.pool.query(
        "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
      );
      expect(waiting.rows[0].n).toBeGreaterThanOrEqual(1);
      await recompute.query("commit");
      await deleting;
    } finally {
      recompute.release();
    }
    expect(await membershipsOf("profile_id", ids.ann!)).toBe(0);
  });

  it("an incremental re-evaluation inserts nothing for a segment deleted meanwhile", async () => {
    const { workspaceId, ids, segmentIds } = await workspaceWithSegments(["ann"]);
    const removing = await db.pool.connect();
    try {
      await removing.query("begin");
      await removing.query("select 1 from segments where workspace_id = $1 for update", [workspaceId]);
      await removing.query("delete from segment_memberships where segment_id = $1", [segmentIds[0]]);
      await removing.query("delete from segments where id = $1", [segmentIds[0]]);
      const reevaluating = withPgTransaction((tx) =>
        reevaluateSegmentsForProfiles(tx, [{ workspaceId, profileIds: [ids.ann!], properties: "any" }]),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await removing.query("commit");
      await reevaluating;
    } finally {
      removing.release();
    }
    expect(await membershipsOf("segment_id", segmentIds[0]!)).toBe(0);
    expect(await membershipsOf("segment_id", segmentIds[1]!)).toBe(1);
  });
});
