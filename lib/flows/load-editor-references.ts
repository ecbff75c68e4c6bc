import { readCodeSettings } from "@/lib/code/functions/settings-schema";
import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";

/**
 * What the flow editor's pickers show: lists and segments with member counts (one grouped count
 * each), metrics with their message flag, code functions with their declared outputs. Event counts per metric are left out:
 * counting events scans the largest table, which is not cheap enough for every editor load.
 */
export async function loadEditorReferences(options: { workspaceId: string }, db: Db = prisma) {
  const where = { workspaceId: options.workspaceId };
  const [lists, listCounts, segments, segmentCounts, metrics, codeFunctions] = await Promise.all([
    db.list.findMany({ where, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.listMembership.groupBy({ by: ["listId"], where, _count: { _all: true } }),
    db.segment.findMany({ where, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.segmentMembership.groupBy({ by: ["segmentId"], where, _count: { _all: true } }),
    db.metric.findMany({
      where,
      orderBy: { name: "asc" },
      select: { id: true, name: true, isMessageMetric: true },
    }),
    db.codeFunction.findMany({
      where,
      orderBy: { name: "asc" },
      select: { id: true, name: true, language: true, status: true, settings: true },
    }),
  ]);
  const listMembers = new Map(listCounts.map((row) => [row.listId, row._count._all]));
  const segmentMembers = new Map(segmentCounts.map((row) => [row.segmentId, row._count._all]));
  return {
    lists: lists.map((list) => ({ ...list, members: listMembers.get(list.id) ?? 0 })),
    segments: segments.map((segment) => ({ ...segment, members: segmentMembers.get(segment.id) ?? 0 })),
    metrics,
    codeFunctions: codeFunctions.map((fn) => ({
      id: fn.id,
      name: fn.name,
      language: String(fn.language),
      status: String(fn.status),
      outputs: readCodeSettings(fn.settings).outputs.map(({ name, type }) => ({ name, type })),
    })),
  };
}
