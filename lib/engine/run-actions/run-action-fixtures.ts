import { prisma } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { runSteps } from "@/lib/engine/run-steps";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { StepError } from "@/lib/engine/step-handler";
import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { createFlow } from "@/lib/flows/create-flow";
import {
  FLOW_GRAPH_SCHEMA_VERSION,
  type TFlowEdge,
  type TFlowNode,
  type TFlowSettings,
} from "@/lib/flows/graph-schema";
import { publishFlow } from "@/lib/flows/publish-flow";

// Test support for the run actions' integration tests (imported by *.test.ts only).

export type TWorkspaceFixture = { workspaceId: string; listId: string; profileId: string; email: string };

let counter = 0;

/** A workspace with one list and one profile (no users: domain functions take the workspace id). */
export async function createWorkspaceFixture(name: string): Promise<TWorkspaceFixture> {
  counter += 1;
  const workspace = await prisma.workspace.create({ data: { name } });
  const list = await prisma.list.create({ data: { workspaceId: workspace.id, name: `${name} list` } });
  const email = `p${counter}@${name.toLowerCase().replaceAll(/\W/g, "")}.example`;
  const profile = await prisma.profile.create({
    data: { workspaceId: workspace.id, email, firstName: "Ada", lastName: "Lovelace" },
  });
  return { workspaceId: workspace.id, listId: list.id, profileId: profile.id, email };
}

export async function createProfile(workspaceId: string, email: string): Promise<string> {
  const profile = await prisma.profile.create({ data: { workspaceId, email } });
  return profile.id;
}

export const node = {
  trigger: (listId: string): TFlowNode => ({
    id: "trigger",
    type: "list-trigger",
    position: { x: 0, y: 0 },
    config: { listId },
  }),
  // No webhook handler is registered yet: a webhook step fails at once, without retries.
  webhook: (id: string): TFlowNode => ({
    id,
    type: "webhook",
    position: { x: 0, y: 0 },
    // Loopback only (tests never reach the network); driveRuns' stand-in handler sends nothing.
    config: { url: `http://127.0.0.1:9/${id}`, headers: [], body: "{}" },
  }),
  delay: (id: string, amount = 1, unit: "minutes" | "hours" | "days" = "hours"): TFlowNode => ({
    id,
    type: "delay",
    position: { x: 0, y: 0 },
    config: { mode: "duration", amount, unit },
  }),
};

function chain(nodes: TFlowNode[]): TFlowEdge[] {
  return nodes.slice(1).map((target, index) => ({
    id: `e${index}`,
    source: nodes[index]!.id,
    sourceHandle: null,
    target: target.id,
  }));
}

/** Creates and publishes a flow whose nodes form a chain from the trigger. */
export async function publishChainFlow(options: {
  workspaceId: string;
  nodes: TFlowNode[];
  status?: "live" | "manual";
  name?: string;
  settings?: Partial<TFlowSettings>;
}): Promise<{ flowId: string; versionId: string }> {
  const flow = await createFlow({
    workspaceId: options.workspaceId,
    name: options.name ?? "Test flow",
    userId: null,
    graph: {
      schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
      nodes: options.nodes,
      edges: chain(options.nodes),
      settings: { filters: NO_CONDITIONS, reentry: { mode: "always" }, ...options.settings },
    },
  });
  const version = await publishFlow({
    workspaceId: options.workspaceId,
    flowId: flow.id,
    status: options.status ?? "live",
    userId: null,
  });
  return { flowId: flow.id, versionId: version.id };
}

/** Replaces the draft with a new chain and publishes it as the next version. */
export async function republishChainFlow(options: {
  workspaceId: string;
  flowId: string;
  nodes: TFlowNode[];
  status?: "live" | "manual";
}): Promise<{ versionId: string; number: number }> {
  await prisma.flow.update({
    where: { id: options.flowId },
    data: {
      draftGraph: {
        schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
        nodes: options.nodes,
        edges: chain(options.nodes),
        settings: { filters: NO_CONDITIONS, reentry: { mode: "always" } },
      },
    },
  });
  const version = await publishFlow({
    workspaceId: options.workspaceId,
    flowId: options.flowId,
    status: options.status ?? "live",
    userId: null,
  });
  return { versionId: version.id, number: version.number };
}

let jobCounter = 0;

/**
 * Runs the due scheduled steps of the given runs the way a worker would (no queue process: the
 * steps are read from the table), until none is due. Returns how many steps ran.
 */
/** The engine's handlers, with webhook steps failing at once instead of sending anything. */
export const TEST_HANDLERS: TStepHandlers = {
  ...STEP_HANDLERS,
  webhook: {
    type: "webhook",
    maxAttempts: 1,
    timeoutMs: 1_000,
    execute: async () => {
      throw new StepError("No receiver in this test", { isRetryable: false });
    },
  },
};

export async function driveRuns(
  database: { pool: import("pg").Pool },
  runIds: readonly string[],
  handlers: TStepHandlers = TEST_HANDLERS,
): Promise<number> {
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const due = await prisma.step.findMany({
      where: {
        runId: { in: [...runIds] },
        // A worker's job for a step of an ended run claims nothing: leave those alone.
        run: { status: { in: ["running", "waiting"] } },
        status: "scheduled",
        OR: [{ scheduledFor: null }, { scheduledFor: { lte: new Date() } }],
      },
      select: { id: true },
    });
    if (due.length === 0) return total;
    jobCounter += 1;
    // claim_job is a bigint column (graphile-worker's job id).
    total += await runSteps(
      due.map((step) => step.id),
      String(jobCounter),
      { database: database.pool, handlers },
    );
  }
  throw new Error("driveRuns: steps kept becoming due after 20 rounds");
}

export function runOf(runId: string) {
  return prisma.run.findUniqueOrThrow({ where: { id: runId } });
}

export function stepsOf(runId: string) {
  return prisma.step.findMany({ where: { runId }, orderBy: { id: "asc" } });
}

/** Jobs in graphile-worker's queue that carry any of the given step ids. */
export async function queuedStepIds(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ payload: { stepIds?: string[] } }[]>`
    select payload from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'hookflow.run_steps'`;
  return rows.flatMap((row) => row.payload.stepIds ?? []);
}
