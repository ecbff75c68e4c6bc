import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { FLOW_GRAPH_SCHEMA_VERSION } from "@/lib/flows/graph-schema";
import type { TActionCase } from "./case-types";
import { none, one } from "./case-types";
import type { TWorkspaceIds } from "./two-workspaces";

// Matrix entries: flows, versions, runs and the flow editor's webhook node (see case-types.ts).

// Renders the event's property and a workspace secret: neither may come from B.
const CONFIG = {
  url: "http://127.0.0.1:9/x",
  headers: [{ name: "authorization", value: "Bearer {{ secrets.WEBHOOK_TOKEN }}" }],
  body: '{"sku":"{{ event.properties.sku }}"}',
};
const REPLAY = { from: "start", version: "same" } as const;

/** A graph whose trigger and code step point at `t`'s list and function. */
function graphNaming(t: TWorkspaceIds) {
  return {
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    nodes: [
      { id: "trigger", type: "list-trigger", position: { x: 0, y: 0 }, config: { listId: t.listId } },
      { id: "code", type: "code", position: { x: 0, y: 100 }, config: { functionId: t.functionId } },
    ],
    edges: [{ id: "e0", source: "trigger", sourceHandle: null, target: "code" }],
    settings: { filters: NO_CONDITIONS, reentry: { mode: "always" } },
  };
}

function exportNaming(t: TWorkspaceIds) {
  return JSON.stringify({
    kind: "hookflow.flow",
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    flow: { name: "Imported", graph: graphNaming(t) },
    references: {},
  });
}

export const FLOW_AND_RUN_CASES: Record<string, TActionCase> = {
  "lib/actions/flow-actions.ts#createFlowAction": { minRole: "editor", cross: none },
  "lib/actions/flow-actions.ts#saveDraftAction": {
    minRole: "editor",
    cross: (t) =>
      one("B's flow", { flowId: t.flowId, graph: graphNaming(t), expectedRevision: 0, force: true }),
  },
  "lib/actions/flow-actions.ts#renameFlowAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId, name: "Taken over" }),
  },
  "lib/actions/flow-actions.ts#duplicateFlowAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId }),
  },
  "lib/actions/flow-actions.ts#deleteFlowAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId, cancelRuns: true }),
  },
  "lib/actions/flow-actions.ts#publishFlowAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId, status: "live" }),
  },

  "lib/actions/flow-version-actions.ts#listFlowVersionsAction": {
    minRole: "viewer",
    cross: (t) => one("B's flow", { flowId: t.flowId }),
  },
  "lib/actions/flow-version-actions.ts#getFlowVersionAction": {
    minRole: "viewer",
    cross: (t) => one("B's flow", { flowId: t.flowId, number: 1 }),
  },
  "lib/actions/flow-version-actions.ts#importFlowAction": {
    minRole: "editor",
    cross: (t) => one("a document naming B's list and function", { text: exportNaming(t) }, "either"),
  },
  "lib/actions/flow-version-actions.ts#nodeCountsAction": {
    minRole: "viewer",
    cross: (t) => one("B's flow", { flowId: t.flowId, period: "30d" }),
  },
  "lib/actions/flow-version-actions.ts#nodeStepsAction": {
    minRole: "viewer",
    cross: (t) => one("B's flow", { flowId: t.flowId, nodeId: "hook", period: "30d" }),
  },

  "lib/actions/run-actions.ts#approveReviewStepsAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's step", input: { stepIds: [t.stepId] } },
      { why: "A's step with B's", input: { stepIds: [a.stepId, t.stepId] } },
    ],
  },
  "lib/actions/run-actions.ts#skipReviewStepsAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's step", input: { stepIds: [t.stepId] } },
      { why: "A's step with B's", input: { stepIds: [a.stepId, t.stepId] } },
    ],
  },
  "lib/actions/run-actions.ts#approveAllWaitingAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId }),
  },
  "lib/actions/run-actions.ts#skipAllWaitingAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId }),
  },
  "lib/actions/run-actions.ts#cancelRunsAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's run", input: { runIds: [t.runId] } },
      { why: "A's run with B's", input: { runIds: [a.runId, t.runId] } },
    ],
  },
  "lib/actions/run-actions.ts#cancelFlowRunsAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId }),
  },
  "lib/actions/run-actions.ts#turnFlowOffAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId, runningRuns: "cancel" }),
  },
  "lib/actions/run-actions.ts#replayRunsAction": {
    minRole: "editor",
    cross: (t) => one("B's run", { runIds: [t.runId], ...REPLAY }),
  },
  "lib/actions/run-actions.ts#replayFailedRunsAction": {
    minRole: "editor",
    cross: (t) => one("B's flow", { flowId: t.flowId, ...REPLAY }),
  },
  "lib/actions/run-actions.ts#testRunFlowAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's flow", input: { flowId: t.flowId, profile: t.profileId } },
      { why: "A's flow, B's profile id", input: { flowId: a.flowId, profile: t.profileId } },
      // Emails are per workspace: A may have (or have made) a profile with the same address.
      {
        why: "A's flow, B's profile email",
        input: { flowId: a.flowId, profile: t.email },
        outcome: "either",
      },
    ],
  },

  "lib/actions/webhook-node-actions.ts#loadWebhookVariablesAction": {
    minRole: "viewer",
    cross: (t) => one("B's metric", { metricId: t.metricId }, "either"),
  },
  "lib/actions/webhook-node-actions.ts#searchPreviewProfilesAction": {
    minRole: "viewer",
    cross: (t) => one("B's customer's email", { query: t.email }, "either"),
  },
  "lib/actions/webhook-node-actions.ts#listPreviewEventsAction": {
    minRole: "viewer",
    cross: (t) => one("B's profile", { profileId: t.profileId, metricId: t.metricId }, "either"),
  },
  "lib/actions/webhook-node-actions.ts#previewWebhookAction": {
    minRole: "viewer",
    cross: (t, a) => [
      { why: "B's flow and profile", input: { flowId: t.flowId, profileId: t.profileId, config: CONFIG } },
      { why: "A's flow, B's profile", input: { flowId: a.flowId, profileId: t.profileId, config: CONFIG } },
      {
        why: "A's flow and profile, B's event",
        input: { flowId: a.flowId, profileId: a.profileId, eventId: t.eventId, config: CONFIG },
      },
      {
        why: "A's flow and profile, B's function upstream",
        input: {
          flowId: a.flowId,
          profileId: a.profileId,
          upstreamCode: [{ nodeId: "code", functionId: t.functionId }],
          config: CONFIG,
        },
        outcome: "either",
      },
    ],
  },
  "lib/actions/webhook-node-actions.ts#sendWebhookTestAction": {
    minRole: "editor",
    cross: (t, a) => [
      {
        why: "B's flow and profile",
        input: { flowId: t.flowId, profileId: t.profileId, nodeId: "hook", config: CONFIG },
      },
      {
        why: "A's flow, B's profile and event",
        input: {
          flowId: a.flowId,
          profileId: t.profileId,
          eventId: t.eventId,
          nodeId: "hook",
          config: CONFIG,
        },
      },
    ],
  },
};
