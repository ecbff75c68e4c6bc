import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { userNames } from "@/lib/flows/flow-versions";
import { type TFlowNode, ZFlowNode } from "@/lib/flows/graph-schema";
import { nodeSummary } from "@/lib/flows/node-types";

// The flows list: each flow with its trigger in words ("Joins Newsletter"), status, live version,
// runs in the last 7 days, and who edited it last — optionally only flows whose name contains a
// search text. Three queries whatever the number of flows: the flows (with the trigger node
// picked out of the graph by PostgreSQL, not whole graphs shipped to Node), one grouped run count
// on runs(workspace_id, flow_id, started_at), and the names the triggers and editors point at.

export const RECENT_RUN_DAYS = 7;
export const MAX_FLOW_SEARCH = 200;

export type TFlowListItem = {
  id: string;
  name: string;
  status: "draft" | "manual" | "live";
  triggerSummary: string;
  liveVersionNumber: number | null;
  recentRuns: number;
  updatedAt: Date;
  updatedBy: string | null;
};

type TFlowRow = {
  id: string;
  name: string;
  status: TFlowListItem["status"];
  updated_at: Date;
  updated_by_id: string | null;
  live_version_number: number | null;
  trigger: unknown;
};

/** `%`, `_` and `\` in a search are literal characters, not LIKE wildcards. */
function likePattern(search: string): string {
  return `%${search.replaceAll(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export async function listFlows(
  options: { workspaceId: string; search?: string; now?: Date },
  db: Db = prisma,
): Promise<TFlowListItem[]> {
  const search = options.search?.trim().slice(0, MAX_FLOW_SEARCH) || null;
  const since = new Date((options.now ?? new Date()).getTime() - RECENT_RUN_DAYS * 86_400_000);
  // The trigger of what runs (the live version) when the flow is on, else the draft's.
  const [rows, counts] = await Promise.all([
    db.$queryRaw<TFlowRow[]>`
      select f.id, f.name, f.status::text as status, f.updated_at, f.updated_by_id,
        v.number as live_version_number,
        jsonb_path_query_first(
          case when f.status <> 'draft' and v.graph is not null then v.graph else f.draft_graph end,
          '$.nodes[*] ? (@.type like_regex "-trigger$")') as trigger
      from flows f left join flow_versions v on v.id = f.live_version_id
      where f.workspace_id = ${options.workspaceId}::uuid
        and (${search}::text is null or f.name ilike ${search ? likePattern(search) : ""})
      order by f.updated_at desc, f.id desc`,
    db.run.groupBy({
      by: ["flowId"],
      where: { workspaceId: options.workspaceId, startedAt: { gte: since } },
      _count: { _all: true },
    }),
  ]);
  const triggers = new Map(rows.map((row) => [row.id, parseTrigger(row.trigger)]));
  const [names, editors] = await Promise.all([
    referenceNames(options.workspaceId, [...triggers.values()], db),
    userNames(
      rows.map((row) => row.updated_by_id),
      db,
    ),
  ]);
  const recent = new Map(counts.map((row) => [row.flowId, row._count._all]));
  return rows.map((row) => {
    const trigger = triggers.get(row.id);
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      triggerSummary: trigger
        ? nodeSummary(trigger, {
            list: (id) => names.get(id),
            segment: (id) => names.get(id),
            metric: (id) => names.get(id),
          })
        : "No trigger yet",
      liveVersionNumber: row.live_version_number,
      recentRuns: recent.get(row.id) ?? 0,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by_id ? (editors.get(row.updated_by_id) ?? "A former member") : null,
    };
  });
}

function parseTrigger(value: unknown): TFlowNode | null {
  const parsed = ZFlowNode.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Names of the lists, segments and metrics the triggers point at (ids are UUIDv7: unique across tables). */
async function referenceNames(
  workspaceId: string,
  triggers: (TFlowNode | null)[],
  db: Db,
): Promise<Map<string, string>> {
  const ids = (type: TFlowNode["type"], pick: (node: TFlowNode) => string) =>
    triggers.filter((node): node is TFlowNode => node?.type === type).map(pick);
  const config = (node: TFlowNode) => node.config as Record<string, string>;
  const select = { id: true, name: true } as const;
  const [lists, segments, metrics] = await Promise.all([
    db.list.findMany({
      where: { workspaceId, id: { in: ids("list-trigger", (node) => config(node).listId!) } },
      select,
    }),
    db.segment.findMany({
      where: { workspaceId, id: { in: ids("segment-trigger", (node) => config(node).segmentId!) } },
      select,
    }),
    db.metric.findMany({
      where: { workspaceId, id: { in: ids("metric-trigger", (node) => config(node).metricId!) } },
      select,
    }),
  ]);
  return new Map([...lists, ...segments, ...metrics].map((row) => [row.id, row.name]));
}
