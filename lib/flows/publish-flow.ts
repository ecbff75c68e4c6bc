import type { Db } from "@/lib/db/prisma";
import { pool, prisma } from "@/lib/db/prisma";
import { ensureDateIndex } from "@/lib/engine/date-index";
import { HookflowError, notFound } from "@/lib/errors";
import {
  FLOW_GRAPH_SCHEMA_VERSION,
  isTriggerNode,
  type TFlowGraph,
  ZFlowGraph,
} from "@/lib/flows/graph-schema";
import { type TGraphProblem, validateFlowGraph } from "@/lib/flows/validate-graph";
import { webhookUrlProblem } from "@/lib/flows/webhook-url-rule";
import { webhookAllowlist } from "@/lib/webhooks/webhook-dispatcher";

export const MESSAGE_METRIC_TRIGGER_REFUSAL =
  "Flows cannot be triggered by message events (such as Received, Opened or Clicked Email). " +
  "To stream these events to another system, use an event webhook (Settings → Event webhooks).";

/** Thrown when a flow cannot be published; carries every problem (node, field, message). */
export class FlowProblemsError extends HookflowError {
  readonly problems: TGraphProblem[];
  constructor(problems: TGraphProblem[]) {
    super(
      "invalid",
      `The flow has ${problems.length} problem(s): ${problems.map((problem) => problem.message).join("; ")}`,
    );
    this.problems = problems;
  }
}

/** Checks the trigger's reference (list, segment, metric) against the workspace's data. */
export async function checkTriggerReference(
  workspaceId: string,
  graph: TFlowGraph,
  db: Db = prisma,
): Promise<TGraphProblem[]> {
  const trigger = graph.nodes.find(isTriggerNode);
  if (!trigger) return [];
  const problem = (message: string, field: string): TGraphProblem[] => [
    { nodeId: trigger.id, field, message },
  ];
  switch (trigger.type) {
    case "metric-trigger": {
      const metric = await db.metric.findFirst({ where: { id: trigger.config.metricId, workspaceId } });
      if (!metric) return problem("The chosen metric does not exist in this workspace", "metricId");
      if (metric.isMessageMetric) return problem(MESSAGE_METRIC_TRIGGER_REFUSAL, "metricId");
      return [];
    }
    case "list-trigger":
      return (await db.list.count({ where: { id: trigger.config.listId, workspaceId } })) === 0
        ? problem("The chosen list does not exist in this workspace", "listId")
        : [];
    case "segment-trigger":
      return (await db.segment.count({ where: { id: trigger.config.segmentId, workspaceId } })) === 0
        ? problem("The chosen segment does not exist in this workspace", "segmentId")
        : [];
    case "date-trigger":
      return [];
  }
}

/**
 * Checks that code steps name functions of this workspace. The engine would not run another
 * workspace's function (it looks functions up within the run's workspace), but a version must
 * not be published pointing at one: found by the tenant isolation matrix (test/isolation).
 */
export async function checkCodeFunctionReferences(
  workspaceId: string,
  graph: TFlowGraph,
  db: Db = prisma,
): Promise<TGraphProblem[]> {
  const steps = graph.nodes.flatMap((node) =>
    node.type === "code" && node.config.functionId
      ? [{ nodeId: node.id, functionId: node.config.functionId }]
      : [],
  );
  if (steps.length === 0) return [];
  const found = await db.codeFunction.findMany({
    where: { workspaceId, id: { in: steps.map((step) => step.functionId) } },
    select: { id: true },
  });
  const ids = new Set(found.map((row) => row.id));
  return steps
    .filter((step) => !ids.has(step.functionId))
    .map((step) => ({
      nodeId: step.nodeId,
      field: "functionId",
      message: "The chosen code function does not exist in this workspace",
    }));
}

/** The flow's denormalised trigger columns, by which the engine finds flows for an event or a join. */
export function triggerColumns(graph: TFlowGraph): { triggerType: string | null; triggerRef: string | null } {
  const trigger = graph.nodes.find(isTriggerNode);
  if (!trigger) return { triggerType: null, triggerRef: null };
  const ref =
    trigger.type === "metric-trigger"
      ? trigger.config.metricId
      : trigger.type === "list-trigger"
        ? trigger.config.listId
        : trigger.type === "segment-trigger"
          ? trigger.config.segmentId
          : trigger.config.property;
  return { triggerType: trigger.type, triggerRef: ref };
}

/**
 * Publishes the draft: validates it (schema, structure, references), stores it as the next
 * immutable numbered version and turns the flow on (live, or manual: every action waits for
 * review). Runs already going stay on the version they started on.
 */
export async function publishFlow(options: {
  workspaceId: string;
  flowId: string;
  status: "live" | "manual";
  userId: string | null;
}) {
  const version = await prisma.$transaction(async (tx) => {
    // Row lock: two publishes of one flow get consecutive numbers rather than a conflict.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      select id from flows where id = ${options.flowId}::uuid and workspace_id = ${options.workspaceId}::uuid for update`;
    if (locked.length === 0) throw notFound("Flow");
    const flow = await tx.flow.findUniqueOrThrow({ where: { id: options.flowId } });
    const parsed = ZFlowGraph.safeParse(flow.draftGraph);
    if (!parsed.success) {
      throw new FlowProblemsError(
        parsed.error.issues.map((issue) => ({
          nodeId: null,
          field: issue.path.join("."),
          message: issue.message,
        })),
      );
    }
    const problems = [
      ...validateFlowGraph(parsed.data),
      ...insecureWebhookUrls(parsed.data),
      ...(await checkTriggerReference(options.workspaceId, parsed.data, tx)),
      ...(await checkCodeFunctionReferences(options.workspaceId, parsed.data, tx)),
    ];
    if (problems.length > 0) throw new FlowProblemsError(problems);
    const last = await tx.flowVersion.aggregate({ where: { flowId: flow.id }, _max: { number: true } });
    const version = await tx.flowVersion.create({
      data: {
        workspaceId: options.workspaceId,
        flowId: flow.id,
        number: (last._max.number ?? 0) + 1,
        schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
        graph: parsed.data,
        createdById: options.userId,
      },
    });
    await tx.flow.update({
      where: { id: flow.id },
      data: {
        status: options.status,
        liveVersionId: version.id,
        ...triggerColumns(parsed.data),
        updatedById: options.userId,
      },
    });
    return version;
  });
  // The date scan's month-day index, built outside the transaction (CONCURRENTLY: profile
  // writes go on meanwhile). Until it exists the scan still works, only slower.
  const trigger = ZFlowGraph.parse(version.graph).nodes.find(isTriggerNode);
  if (trigger?.type === "date-trigger") await ensureDateIndex(pool(), trigger.config.property);
  return version;
}

/**
 * The server's half of the webhook URL rule the inspector shows: http only where this server
 * allows private targets (development); otherwise signed profile data leaves over TLS only.
 * Well-formedness is validateFlowGraph's; this adds only the scheme rule.
 */
function insecureWebhookUrls(graph: TFlowGraph): TGraphProblem[] {
  const isHttpAllowed = webhookAllowlist().isEnabled;
  return graph.nodes.flatMap((node) => {
    if (node.type !== "webhook" || !/^http:\/\//i.test(node.config.url)) return [];
    const message = webhookUrlProblem(node.config.url, { isHttpAllowed });
    return message ? [{ nodeId: node.id, field: "url", message }] : [];
  });
}
