import { prisma } from "@/lib/db/prisma";
import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { createFlow } from "@/lib/flows/create-flow";
import {
  FLOW_GRAPH_SCHEMA_VERSION,
  type TFlowEdge,
  type TFlowGraph,
  type TFlowNode,
  type TFlowSettings,
} from "@/lib/flows/graph-schema";
import { publishFlow } from "@/lib/flows/publish-flow";

// Test support for the engine (used by *.test.ts and benchmarks only).

/** A chain of nodes: each node's single output to the next (splits: give edges explicitly). */
export function chain(nodes: TFlowNode[]): TFlowEdge[] {
  return nodes.slice(1).map((node, index) => ({
    id: `e${index}`,
    source: nodes[index]!.id,
    sourceHandle: null,
    target: node.id,
  }));
}

/** A metric trigger without filters (the first node of most test flows). */
export function metricTriggerNode(metricId: string, id = "trigger"): TFlowNode {
  return {
    id,
    type: "metric-trigger",
    position: { x: 0, y: 0 },
    config: { metricId, filters: NO_CONDITIONS },
  };
}

/** A webhook node posting `body` to `url`. */
export function webhookNode(
  id: string,
  config: { url: string; body: string; headers?: { name: string; value: string }[] },
): TFlowNode {
  return {
    id,
    type: "webhook",
    position: { x: 0, y: 0 },
    config: { url: config.url, headers: config.headers ?? [], body: config.body },
  };
}

export async function publishTestFlow(options: {
  workspaceId: string;
  nodes: TFlowNode[];
  edges?: TFlowEdge[];
  settings?: Partial<TFlowSettings>;
  status?: "live" | "manual";
  name?: string;
}) {
  const graph: TFlowGraph = {
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    nodes: options.nodes,
    edges: options.edges ?? chain(options.nodes),
    settings: { filters: NO_CONDITIONS, reentry: { mode: "always" }, ...options.settings },
  };
  const flow = await createFlow({
    workspaceId: options.workspaceId,
    name: options.name ?? "Test flow",
    graph,
    userId: null,
  });
  const version = await publishFlow({
    workspaceId: options.workspaceId,
    flowId: flow.id,
    status: options.status ?? "live",
    userId: null,
  });
  return { flowId: flow.id, versionId: version.id };
}

export async function ensureMetric(
  workspaceId: string,
  name: string,
  isMessageMetric = false,
): Promise<string> {
  const metric = await prisma.metric.upsert({
    where: { workspaceId_name: { workspaceId, name } },
    create: { workspaceId, name, isMessageMetric },
    update: {},
  });
  return metric.id;
}

/** Polls until `check` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what ?? "a condition"}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
