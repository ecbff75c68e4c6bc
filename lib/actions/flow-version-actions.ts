"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { countRunsStarted, nodeCounts, recentNodeSteps } from "@/lib/engine/run-actions/node-counts";
import { ZFlowRef } from "@/lib/engine/run-actions/run-action-schemas";
import { COUNT_PERIODS } from "@/lib/flows/count-periods";
import { importFlow, MAX_IMPORT_CHARS, parseFlowExport } from "@/lib/flows/flow-import";
import { getFlowVersionGraph, listFlowVersions } from "@/lib/flows/flow-versions";

// Versions, compare, import and the canvas's run counts. Reading needs the viewer role (the
// editor opens read-only for viewers); importing creates a flow, so it needs the editor role.

const ZVersionRef = ZFlowRef.extend({ number: z.number().int().min(1, "Unknown version") });
const ZPeriod = z.enum(
  Object.keys(COUNT_PERIODS) as [keyof typeof COUNT_PERIODS],
  "Choose 24 h, 7 d or 30 d",
);
const ZImportInput = z.object({
  text: z
    .string()
    .trim()
    .min(1, "Choose a file or paste an exported flow")
    .max(MAX_IMPORT_CHARS, "The document is too large"),
});

export async function listFlowVersionsAction(input: unknown) {
  return workspaceAction({
    name: "listFlowVersions",
    role: "viewer",
    schema: ZFlowRef,
    input,
    run: async ({ flowId }, { workspace }) => {
      const versions = await listFlowVersions({ workspaceId: workspace.id, flowId });
      return versions.map((version) => ({ ...version, createdAt: version.createdAt.toISOString() }));
    },
  });
}

export async function getFlowVersionAction(input: unknown) {
  return workspaceAction({
    name: "getFlowVersion",
    role: "viewer",
    schema: ZVersionRef,
    input,
    run: async ({ flowId, number }, { workspace }) => ({
      number,
      graph: await getFlowVersionGraph({ workspaceId: workspace.id, flowId, number }),
    }),
  });
}

export async function importFlowAction(input: unknown) {
  return workspaceAction({
    name: "importFlow",
    role: "editor",
    schema: ZImportInput,
    input,
    run: async ({ text }, { workspace, user }) => {
      const report = await importFlow({
        workspaceId: workspace.id,
        document: parseFlowExport(text),
        userId: user.id,
      });
      refresh();
      return report;
    },
  });
}

export async function nodeCountsAction(input: unknown) {
  return workspaceAction({
    name: "nodeCounts",
    role: "viewer",
    schema: ZFlowRef.extend({ period: ZPeriod }),
    input,
    run: async ({ flowId, period }, { workspace }) => {
      const since = new Date(Date.now() - COUNT_PERIODS[period].ms);
      const options = { workspaceId: workspace.id, flowId, since };
      const [nodes, runsStarted] = await Promise.all([nodeCounts(options), countRunsStarted(options)]);
      return { nodes, runsStarted };
    },
  });
}

export async function nodeStepsAction(input: unknown) {
  return workspaceAction({
    name: "nodeSteps",
    role: "viewer",
    schema: ZFlowRef.extend({ nodeId: z.string().min(1).max(64), period: ZPeriod }),
    input,
    run: async ({ flowId, nodeId, period }, { workspace }) => {
      const steps = await recentNodeSteps({
        workspaceId: workspace.id,
        flowId,
        nodeId,
        since: new Date(Date.now() - COUNT_PERIODS[period].ms),
        limit: 20,
      });
      return steps.map((step) => ({
        ...step,
        startedAt: step.startedAt?.toISOString() ?? null,
        endedAt: step.endedAt?.toISOString() ?? null,
        scheduledFor: step.scheduledFor?.toISOString() ?? null,
      }));
    },
  });
}
