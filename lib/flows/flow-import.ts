import type { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { invalid } from "@/lib/errors";
import { createFlow } from "@/lib/flows/create-flow";
import { type TFlowExport, ZFlowExport } from "@/lib/flows/flow-export";
import {
  listGraphReferences,
  mapGraphReferences,
  type TReferenceKind,
  unchosenValue,
} from "@/lib/flows/graph-references";
import {
  FLOW_GRAPH_SCHEMA_VERSION,
  type TFlowGraph,
  type TFlowNode,
  ZFlowGraph,
} from "@/lib/flows/graph-schema";
import { NODE_TYPES } from "@/lib/flows/node-types";

// Importing an exported flow into this workspace as a new draft. Every reference is mapped by
// kind and name (the export's table); one that cannot be mapped is cleared to "not chosen", so the
// node shows as unconfigured in the editor (and publish refuses it) instead of carrying another
// workspace's id, and the report lists it.

/** Largest document accepted (the server action's body limit is 2 MB; the text travels inside it). */
export const MAX_IMPORT_CHARS = 1_500_000;
const ISSUES_SHOWN = 5;

export type TUnmappedReference = {
  kind: TReferenceKind;
  /** The name in the document, or null when the document did not describe this id. */
  name: string | null;
  /** Nodes (by label or id) that used it; "flow filters" for the flow's settings. */
  usedBy: string[];
};
export type TImportReport = {
  flowId: string;
  name: string;
  mapped: { kind: TReferenceKind; name: string }[];
  unmapped: TUnmappedReference[];
};

/** Parses and validates an export document; errors name the path that is wrong. */
export function parseFlowExport(text: string): TFlowExport {
  if (text.length > MAX_IMPORT_CHARS)
    throw invalid(
      `The document is too large (at most ${MAX_IMPORT_CHARS.toLocaleString("en-US")} characters)`,
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(
      `The document is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const envelope = ZFlowExport.safeParse(json);
  if (!envelope.success) throw issuesError(envelope.error.issues, []);
  if (envelope.data.schemaVersion > FLOW_GRAPH_SCHEMA_VERSION) {
    throw invalid(
      `This flow was exported with flow schema version ${envelope.data.schemaVersion}; this Hookflow reads up to version ${FLOW_GRAPH_SCHEMA_VERSION}. Upgrade Hookflow to import it.`,
      "schemaVersion",
    );
  }
  const graph = ZFlowGraph.safeParse(envelope.data.flow.graph);
  if (!graph.success) throw issuesError(graph.error.issues, ["flow", "graph"]);
  return { ...envelope.data, flow: { name: envelope.data.flow.name, graph: graph.data } };
}

function issuesError(issues: z.core.$ZodIssue[], prefix: PropertyKey[]) {
  const described = issues.slice(0, ISSUES_SHOWN).map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join(".");
    return `${path || "the document"}: ${issue.message}`;
  });
  const more = issues.length > ISSUES_SHOWN ? ` (and ${issues.length - ISSUES_SHOWN} more)` : "";
  const first = [...prefix, ...(issues[0]?.path ?? [])].map(String).join(".");
  return invalid(`The document is invalid — ${described.join("; ")}${more}`, first || undefined);
}

/** Imports a parsed export as a new draft flow in the workspace and reports what it mapped. */
export async function importFlow(
  options: { workspaceId: string; document: TFlowExport; userId: string | null; name?: string },
  db: Db = prisma,
): Promise<TImportReport> {
  const { document } = options;
  const targets = await findTargets(options.workspaceId, document, db);
  const mapped = new Map<string, { kind: TReferenceKind; name: string }>();
  const unmapped = new Map<string, TUnmappedReference>();
  const labels = new Map(document.flow.graph.nodes.map((node) => [node.id, nodeName(node)]));
  const graph: TFlowGraph = mapGraphReferences(document.flow.graph, (site) => {
    const described = document.references[site.id];
    const target =
      described && described.kind === site.kind
        ? targets.get(targetKey(site.kind, described.name))
        : undefined;
    if (target && described) {
      mapped.set(`${site.kind}:${site.id}`, { kind: site.kind, name: described.name });
      return target;
    }
    const key = `${site.kind}:${site.id}`;
    const entry = unmapped.get(key) ?? { kind: site.kind, name: described?.name ?? null, usedBy: [] };
    const user = site.nodeId === null ? "flow filters" : (labels.get(site.nodeId) ?? site.nodeId);
    if (!entry.usedBy.includes(user)) entry.usedBy.push(user);
    unmapped.set(key, entry);
    return unchosenValue(site.kind);
  });
  const flow = await createFlow(
    {
      workspaceId: options.workspaceId,
      name: options.name?.trim() || document.flow.name,
      graph,
      userId: options.userId,
    },
    db,
  );
  return { flowId: flow.id, name: flow.name, mapped: [...mapped.values()], unmapped: [...unmapped.values()] };
}

/** How the report names a node: its label, else "the Code node", "the List trigger". */
function nodeName(node: TFlowNode): string {
  if (node.label) return node.label;
  const entry = NODE_TYPES[node.type];
  return `the ${entry.label} ${entry.group === "Triggers" ? "trigger" : "node"}`;
}

const targetKey = (kind: TReferenceKind, name: string) => `${kind}:${name}`;

/**
 * The workspace's rows named in the document, one query per kind. Names are matched exactly
 * (case and spaces count: "VIP" and "vip" may be different lists); when several rows share a name
 * the oldest wins, so a repeated import maps the same way.
 */
async function findTargets(workspaceId: string, document: TFlowExport, db: Db): Promise<Map<string, string>> {
  const used = new Set(listGraphReferences(document.flow.graph).map((site) => site.id));
  const names = (kind: TReferenceKind) => [
    ...new Set(
      Object.entries(document.references)
        .filter(([id, reference]) => used.has(id) && reference.kind === kind)
        .map(([, reference]) => reference.name),
    ),
  ];
  const query = (kind: TReferenceKind) => ({
    where: { workspaceId, name: { in: names(kind) } },
    select: { id: true, name: true },
    orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }],
  });
  const [lists, segments, metrics, functions] = await Promise.all([
    db.list.findMany(query("list")),
    db.segment.findMany(query("segment")),
    db.metric.findMany(query("metric")),
    db.codeFunction.findMany(query("function")),
  ]);
  const targets = new Map<string, string>();
  const add = (kind: TReferenceKind, rows: { id: string; name: string }[]) => {
    for (const row of rows) {
      const key = targetKey(kind, row.name);
      if (!targets.has(key)) targets.set(key, row.id);
    }
  };
  add("list", lists);
  add("segment", segments);
  add("metric", metrics);
  add("function", functions);
  return targets;
}
