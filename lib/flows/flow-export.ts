import { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { ZFlowName } from "@/lib/flows/flow-action-schemas";
import { getFlowVersionGraph } from "@/lib/flows/flow-versions";
import { listGraphReferences, REFERENCE_KINDS, type TReferenceKind } from "@/lib/flows/graph-references";
import { FLOW_GRAPH_SCHEMA_VERSION, type TFlowGraph, ZFlowGraph } from "@/lib/flows/graph-schema";

// A flow as a portable JSON document: the graph (with its schema version) plus a table naming
// every workspace row it points at, so another workspace can map them by name on import. Ids in
// the graph stay the source workspace's; only the table gives them meaning elsewhere.

export const FLOW_EXPORT_KIND = "hookflow.flow";

export const ZExportReference = z.object({
  kind: z.enum(REFERENCE_KINDS, "Use list, segment, metric or function"),
  name: z.string().trim().min(1, "Give the referenced item's name").max(200),
});

/** The document's envelope. The graph is checked separately (ZFlowGraph), after the version. */
export const ZFlowExport = z.object({
  kind: z.literal(
    FLOW_EXPORT_KIND,
    `This is not a Hookflow flow export (kind must be "${FLOW_EXPORT_KIND}")`,
  ),
  schemaVersion: z.number("Give the flow schema version (a number)").int().min(1),
  exportedAt: z.string().optional(),
  flow: z.object({ name: ZFlowName, graph: z.unknown() }),
  references: z.record(z.string(), ZExportReference).default({}),
});
export type TFlowExport = Omit<z.infer<typeof ZFlowExport>, "flow"> & {
  flow: { name: string; graph: TFlowGraph };
};

/**
 * The export document of a flow's draft, or of one published version (`versionNumber`). A
 * reference whose row was deleted since is left out of the table; import then reports it.
 */
export async function exportFlow(
  options: { workspaceId: string; flowId: string; versionNumber?: number; now?: Date },
  db: Db = prisma,
): Promise<TFlowExport> {
  const flow = await db.flow.findFirst({
    where: { id: options.flowId, workspaceId: options.workspaceId },
    select: { name: true, draftGraph: true },
  });
  if (!flow) throw notFound("Flow");
  const graph =
    options.versionNumber === undefined
      ? ZFlowGraph.parse(flow.draftGraph)
      : await getFlowVersionGraph({ ...options, number: options.versionNumber }, db);
  return {
    kind: FLOW_EXPORT_KIND,
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    flow: { name: flow.name, graph },
    references: await describeReferences(options.workspaceId, graph, db),
  };
}

async function describeReferences(
  workspaceId: string,
  graph: TFlowGraph,
  db: Db,
): Promise<Record<string, { kind: TReferenceKind; name: string }>> {
  const ids = (kind: TReferenceKind) => [
    ...new Set(
      listGraphReferences(graph)
        .filter((site) => site.kind === kind)
        .map((site) => site.id),
    ),
  ];
  const where = (kind: TReferenceKind) => ({ workspaceId, id: { in: ids(kind) } });
  const select = { id: true, name: true } as const;
  const [lists, segments, metrics, functions] = await Promise.all([
    db.list.findMany({ where: where("list"), select }),
    db.segment.findMany({ where: where("segment"), select }),
    db.metric.findMany({ where: where("metric"), select }),
    db.codeFunction.findMany({ where: where("function"), select }),
  ]);
  const table: Record<string, { kind: TReferenceKind; name: string }> = {};
  const add = (kind: TReferenceKind, rows: { id: string; name: string }[]) => {
    for (const row of rows) table[row.id] = { kind, name: row.name };
  };
  add("list", lists);
  add("segment", segments);
  add("metric", metrics);
  add("function", functions);
  return table;
}

/** "welcome-series.hookflow.json": the flow's name made safe for a file name. */
export function exportFileName(name: string, versionNumber?: number): string {
  const base =
    name
      .toLowerCase()
      .replaceAll(/[^a-z0-9]+/g, "-")
      .replaceAll(/^-+|-+$/g, "")
      .slice(0, 80) || "flow";
  return `${base}${versionNumber === undefined ? "" : `-v${versionNumber}`}.hookflow.json`;
}
