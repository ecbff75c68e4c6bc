import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { type TFlowGraph, ZFlowGraph } from "@/lib/flows/graph-schema";

// A flow's published versions (immutable, numbered by publishFlow) for the editor's history panel
// and compare view. Authors are user names looked up by id in one query: a version keeps its
// author's id even after they leave the workspace, and is then shown as "a former member".

export type TFlowVersionSummary = {
  number: number;
  createdAt: Date;
  author: string | null;
  isLive: boolean;
};

export async function listFlowVersions(
  options: { workspaceId: string; flowId: string },
  db: Db = prisma,
): Promise<TFlowVersionSummary[]> {
  const flow = await db.flow.findFirst({
    where: { id: options.flowId, workspaceId: options.workspaceId },
    select: { liveVersionId: true, status: true },
  });
  if (!flow) throw notFound("Flow");
  // Index flow_versions(flow_id, number) (the unique key), read backwards: newest first.
  const versions = await db.flowVersion.findMany({
    where: { flowId: options.flowId, workspaceId: options.workspaceId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, createdAt: true, createdById: true },
  });
  const authors = await userNames(
    versions.map((version) => version.createdById),
    db,
  );
  return versions.map((version) => ({
    number: version.number,
    createdAt: version.createdAt,
    author: version.createdById ? (authors.get(version.createdById) ?? "A former member") : null,
    // A flow turned off keeps its last version as live_version_id, but nothing runs on it.
    isLive: version.id === flow.liveVersionId && flow.status !== "draft",
  }));
}

/** One version's graph, parsed with the one schema (versions are immutable, so it parses). */
export async function getFlowVersionGraph(
  options: { workspaceId: string; flowId: string; number: number },
  db: Db = prisma,
): Promise<TFlowGraph> {
  const version = await db.flowVersion.findFirst({
    where: { flowId: options.flowId, workspaceId: options.workspaceId, number: options.number },
    select: { graph: true },
  });
  if (!version) throw notFound(`Version ${options.number} of this flow`);
  return ZFlowGraph.parse(version.graph);
}

/** Display names of users by id ("Ada Lovelace", or the email when the name is blank). */
export async function userNames(
  ids: readonly (string | null)[],
  db: Db = prisma,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({
    where: { id: { in: unique } },
    select: { id: true, name: true, email: true },
  });
  return new Map(users.map((user) => [user.id, user.name.trim() || user.email]));
}
