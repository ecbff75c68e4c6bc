import type pg from "pg";
import { recomputeSegment } from "@/lib/audience/segments/recompute-segment";
import { orderByDependencies, parseSegments } from "@/lib/audience/segments/segment-graph";
import { pool } from "@/lib/db/prisma";
import { moduleLog } from "@/lib/log";

/** How stale a time-window segment may get: "in the last 30 days" moves with the clock, not with data. */
export const SEGMENT_SWEEP_EVERY_MS = 15 * 60_000;

const log = moduleLog("segment-sweep");

/**
 * The scheduled sweep (lib/engine/scheduler.ts): recomputes every segment with a time-window
 * condition (property dates, anniversaries, event counts in the last N days) not fully computed in
 * the last `staleAfterMs`, in dependency order, each in its own transaction (a failing segment
 * does not stop the others); segments that read those are recomputed after them. Then it writes
 * today's size snapshot of every segment that has none yet (the size chart's daily points).
 * Any number of processes may run it: recomputes of one segment serialize on its row lock and a
 * second one finds nothing left to change.
 */
export async function sweepSegments(
  options: { database?: pg.Pool; now?: Date; staleAfterMs?: number } = {},
): Promise<{ recomputed: number; failed: number; snapshots: number }> {
  const database = options.database ?? pool();
  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (options.staleAfterMs ?? SEGMENT_SWEEP_EVERY_MS) + 1000);
  const rows = await database.query<{
    id: string;
    workspace_id: string;
    name: string;
    definition: unknown;
    computed_at: Date | null;
  }>(
    `select s.id, s.workspace_id, s.name, s.definition,
            (select max(x.computed_at) from segment_size_snapshots x where x.segment_id = s.id) as computed_at
     from segments s`,
  );
  const computedAt = new Map(rows.rows.map((row) => [row.id, row.computed_at]));
  const segments = parseSegments(rows.rows);
  const due = new Set(
    segments
      .filter((segment) => segment.dependencies.hasTimeWindow)
      .filter((segment) => (computedAt.get(segment.id)?.getTime() ?? 0) < staleBefore.getTime())
      .map((segment) => segment.id),
  );
  // Segments reading a recomputed segment follow it.
  for (let grew = true; grew; ) {
    grew = false;
    for (const segment of segments) {
      if (!due.has(segment.id) && [...segment.dependencies.segmentIds].some((id) => due.has(id))) {
        due.add(segment.id);
        grew = true;
      }
    }
  }
  let recomputed = 0;
  let failed = 0;
  for (const segment of orderByDependencies(segments.filter((candidate) => due.has(candidate.id)))) {
    try {
      await recomputeSegment(segment, { database, now });
      recomputed++;
    } catch (error) {
      failed++;
      log.error({ err: error, segmentId: segment.id }, "segment recompute failed; the next sweep retries it");
    }
  }
  const snapshots = await database.query(
    `insert into segment_size_snapshots (workspace_id, segment_id, day, size, computed_at)
     select s.workspace_id, s.id, ($1::timestamptz at time zone 'UTC')::date,
            (select count(*) from segment_memberships sm where sm.segment_id = s.id),
            coalesce((select max(x.computed_at) from segment_size_snapshots x where x.segment_id = s.id), $1::timestamptz)
     from segments s
     on conflict (segment_id, day) do nothing`,
    [now],
  );
  return { recomputed, failed, snapshots: snapshots.rowCount ?? 0 };
}
