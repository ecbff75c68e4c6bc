import { parseSegments } from "@/lib/audience/segments/segment-graph";
import { getSegmentOrThrow } from "@/lib/audience/segments/segment-queries";
import { HookflowError } from "@/lib/errors";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";

export async function renameSegment(options: { workspaceId: string; segmentId: string; name: string }) {
  return withPgTransaction(async (tx) => {
    await getSegmentOrThrow(options, tx);
    await tx.query("update segments set name = $3, updated_at = now() where id = $1 and workspace_id = $2", [
      options.segmentId,
      options.workspaceId,
      options.name,
    ]);
    return { id: options.segmentId };
  });
}

/**
 * Deletes a segment with its members, history and snapshots. Refused while another
 * segment's definition reads it (that segment's meaning would silently change).
 */
export async function deleteSegment(options: { workspaceId: string; segmentId: string }) {
  return withPgTransaction(async (tx) => {
    await getSegmentOrThrow(options, tx);
    const rows = await tx.query<{ id: string; workspace_id: string; name: string; definition: unknown }>(
      "select id, workspace_id, name, definition from segments where workspace_id = $1 order by id for update",
      [options.workspaceId],
    );
    const readers = parseSegments(rows.rows).filter((segment) =>
      segment.dependencies.segmentIds.has(options.segmentId),
    );
    if (readers.length > 0) {
      throw new HookflowError(
        "conflict",
        `Segment ${readers.map((segment) => `"${segment.name}"`).join(", ")} uses this segment: change ${readers.length > 1 ? "them" : "it"} first`,
      );
    }
    // Members explicitly: segment_memberships has no foreign keys (first computations insert
    // hundreds of thousands of rows, each key was a per-row check).
    await tx.query("delete from segment_memberships where segment_id = $1", [options.segmentId]);
    await tx.query("delete from segment_membership_changes where segment_id = $1", [options.segmentId]);
    await tx.query("delete from segment_size_snapshots where segment_id = $1", [options.segmentId]);
    await tx.query("delete from segments where id = $1 and workspace_id = $2", [
      options.segmentId,
      options.workspaceId,
    ]);
    return { id: options.segmentId };
  });
}
