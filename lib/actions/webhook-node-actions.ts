"use server";

import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { loadPreviewSubject, previewWebhookRequest, ZWebhookPreviewInput } from "@/lib/flows/webhook-preview";
import {
  listRecentProfileEvents,
  loadWebhookTemplateVariables,
  searchPreviewProfiles,
} from "@/lib/flows/webhook-template-variables";
import { sendWebhookTest } from "@/lib/flows/webhook-test-send";
import { describeAllowlist } from "@/lib/webhooks/ssrf";
import { webhookAllowlist } from "@/lib/webhooks/webhook-dispatcher";

// The flow editor's webhook node: variables for completion, profiles/events to preview with, the
// preview (viewers may look: it shows profile data they can read anyway, secrets as ••••) and
// "Send test" (a real signed request: editor role, like every other action that sends or runs).
// Every action re-checks the session, workspace and role (workspaceAction) and scopes its reads
// to the workspace, so ids from another workspace are "not found".

const ZMetricRef = z.object({ metricId: z.uuid("Unknown metric").nullable().default(null) });

export async function loadWebhookVariablesAction(input: unknown) {
  return workspaceAction({
    name: "loadWebhookVariables",
    role: "viewer",
    schema: ZMetricRef,
    input,
    run: async ({ metricId }, { workspace }) => {
      const allowlist = webhookAllowlist();
      return {
        ...(await loadWebhookTemplateVariables({ workspaceId: workspace.id, metricId })),
        isHttpAllowed: allowlist.isEnabled,
        targetsNote: describeAllowlist(allowlist),
      };
    },
  });
}

export async function searchPreviewProfilesAction(input: unknown) {
  return workspaceAction({
    name: "searchPreviewProfiles",
    role: "viewer",
    schema: z.object({ query: z.string().max(200).default("") }),
    input,
    run: ({ query }, { workspace }) => searchPreviewProfiles({ workspaceId: workspace.id, query }),
  });
}

export async function listPreviewEventsAction(input: unknown) {
  return workspaceAction({
    name: "listPreviewEvents",
    role: "viewer",
    schema: ZMetricRef.extend({ profileId: z.uuid("Choose a profile") }),
    input,
    run: ({ profileId, metricId }, { workspace }) =>
      listRecentProfileEvents({ workspaceId: workspace.id, profileId, metricId }),
  });
}

export async function previewWebhookAction(input: unknown) {
  return workspaceAction({
    name: "previewWebhook",
    role: "viewer",
    schema: ZWebhookPreviewInput,
    input,
    run: async ({ config, ...subjectInput }, { workspace }) => {
      const subject = await loadPreviewSubject({ ...subjectInput, workspaceId: workspace.id });
      return previewWebhookRequest({ workspaceId: workspace.id, template: config, subject });
    },
  });
}

export async function sendWebhookTestAction(input: unknown) {
  return workspaceAction({
    name: "sendWebhookTest",
    role: "editor",
    schema: ZWebhookPreviewInput.extend({ nodeId: z.string().min(1).max(64) }),
    input,
    run: async ({ config, nodeId, ...subjectInput }, { workspace }) => {
      const subject = await loadPreviewSubject({ ...subjectInput, workspaceId: workspace.id });
      return sendWebhookTest({
        workspaceId: workspace.id,
        flowId: subjectInput.flowId,
        nodeId,
        template: config,
        subject,
      });
    },
  });
}
