import type { TActionCase } from "./case-types";
import { none, one } from "./case-types";

// Matrix entries: API keys, sign-in, code functions, event webhooks and flow webhook logs
// (see case-types.ts).

const AUTH_EXEMPT =
  "sign-in/up/out: no session, no workspace input (credentials only); covered by lib/auth and e2e/auth";
const SAMPLE_EVENT = { metric: "Placed Order", properties: {} };
const RANGE = { from: "2020-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z" };

export const CODE_AND_WEBHOOK_CASES: Record<string, TActionCase> = {
  "lib/actions/api-key-actions.ts#createApiKeyAction": { minRole: "admin", cross: none },
  "lib/actions/api-key-actions.ts#revokeApiKeyAction": {
    minRole: "admin",
    cross: (t) => one("B's API key", { apiKeyId: t.apiKeyIds.full }),
  },

  "lib/actions/auth-actions.ts#signInAction": { exempt: AUTH_EXEMPT },
  "lib/actions/auth-actions.ts#signUpAction": { exempt: AUTH_EXEMPT },
  "lib/actions/auth-actions.ts#signOutAction": { exempt: AUTH_EXEMPT },

  "lib/actions/code-actions.ts#createCodeFunctionAction": { minRole: "editor", cross: none },
  "lib/actions/code-actions.ts#duplicateCodeFunctionAction": {
    minRole: "editor",
    cross: (t) => one("B's function", { functionId: t.functionId }),
  },
  "lib/actions/code-actions.ts#renameCodeFunctionAction": {
    minRole: "editor",
    cross: (t) => one("B's function", { functionId: t.functionId, name: "Taken over" }),
  },
  "lib/actions/code-actions.ts#deleteCodeFunctionAction": {
    minRole: "editor",
    cross: (t) => one("B's function", { functionId: t.functionId }),
  },
  "lib/actions/code-actions.ts#saveCodeDraftAction": {
    minRole: "editor",
    cross: (t) => one("B's function", { functionId: t.functionId, source: "export default () => 1\n" }),
  },
  "lib/actions/code-actions.ts#updateCodeSettingsAction": {
    minRole: "editor",
    cross: (t) => one("B's function", { functionId: t.functionId, settings: {} }),
  },
  "lib/actions/code-actions.ts#deployCodeFunctionAction": {
    minRole: "editor",
    cross: (t) => one("B's function", { functionId: t.functionId }),
  },
  "lib/actions/code-actions.ts#redeployCodeVersionAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's function and version", input: { functionId: t.functionId, versionId: t.codeVersionId } },
      { why: "A's function, B's version", input: { functionId: a.functionId, versionId: t.codeVersionId } },
    ],
  },
  "lib/actions/code-actions.ts#setCodeTopicsAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's function", input: { functionId: t.functionId, metricIds: [] } },
      { why: "A's function, B's metric", input: { functionId: a.functionId, metricIds: [t.metricId] } },
    ],
  },
  "lib/actions/code-actions.ts#setCodeSecretAction": {
    minRole: "editor",
    cross: (t) => one("B's function", { functionId: t.functionId, name: t.secretName, value: "overwritten" }),
  },
  "lib/actions/code-actions.ts#deleteCodeSecretAction": {
    minRole: "editor",
    cross: (t) => one("B's function", { functionId: t.functionId, name: t.secretName }),
  },
  "lib/actions/code-actions.ts#testRunCodeFunctionAction": {
    minRole: "editor",
    cross: (t, a) => [
      {
        why: "B's function (would run with B's secrets)",
        input: { functionId: t.functionId, input: { kind: "sample", event: SAMPLE_EVENT }, mode: "dry-run" },
      },
      {
        why: "A's function on B's event",
        input: { functionId: a.functionId, input: { kind: "event", eventId: t.eventId }, mode: "dry-run" },
      },
      {
        why: "A's function on B's profile",
        input: {
          functionId: a.functionId,
          input: { kind: "profile", profileId: t.profileId },
          mode: "dry-run",
        },
      },
      {
        why: "A's function, sample with B's profile",
        input: {
          functionId: a.functionId,
          input: { kind: "sample", event: SAMPLE_EVENT, profileId: t.profileId },
          mode: "dry-run",
        },
      },
    ],
  },
  "lib/actions/code-actions.ts#listInvocationsAction": {
    minRole: "viewer",
    cross: (t) => one("B's function", { functionId: t.functionId }),
  },
  "lib/actions/code-actions.ts#getInvocationAction": {
    minRole: "viewer",
    cross: (t) => one("B's invocation", { invocationId: t.invocationId }),
  },

  "lib/actions/event-webhook-actions.ts#createEventWebhookAction": {
    minRole: "admin",
    cross: (t) =>
      one("topic: B's metric", { name: "Hook", url: "http://127.0.0.1:9/a", topics: [t.metricId] }),
  },
  "lib/actions/event-webhook-actions.ts#updateEventWebhookAction": {
    minRole: "admin",
    cross: (t, a) => [
      { why: "B's webhook", input: { webhookId: t.webhookId, url: "http://127.0.0.1:9/stolen" } },
      { why: "A's webhook, B's metric as topic", input: { webhookId: a.webhookId, topics: [t.metricId] } },
    ],
  },
  "lib/actions/event-webhook-actions.ts#setEventWebhookEnabledAction": {
    minRole: "admin",
    cross: (t) => one("B's webhook", { webhookId: t.webhookId, enabled: false }),
  },
  "lib/actions/event-webhook-actions.ts#deleteEventWebhookAction": {
    minRole: "admin",
    cross: (t) => one("B's webhook", { webhookId: t.webhookId }),
  },
  "lib/actions/event-webhook-actions.ts#revealSigningSecretAction": {
    minRole: "admin",
    cross: (t) => one("B's webhook", { webhookId: t.webhookId }),
  },
  "lib/actions/event-webhook-actions.ts#rotateSigningSecretAction": {
    minRole: "admin",
    cross: (t) => one("B's webhook", { webhookId: t.webhookId }),
  },
  "lib/actions/event-webhook-actions.ts#sendTestEventAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's webhook", input: { webhookId: t.webhookId, metricId: t.metricId } },
      { why: "A's webhook, B's metric", input: { webhookId: a.webhookId, metricId: t.metricId } },
    ],
  },
  "lib/actions/event-webhook-actions.ts#replayDeliveryAction": {
    minRole: "editor",
    cross: (t) => one("B's delivery", { deliveryId: t.deliveryId }),
  },
  "lib/actions/event-webhook-actions.ts#replayFailedDeliveriesAction": {
    minRole: "editor",
    cross: (t) => one("B's webhook", { webhookId: t.webhookId, range: RANGE }),
  },
  "lib/actions/event-webhook-actions.ts#getDeliveryAction": {
    minRole: "viewer",
    cross: (t) => one("B's delivery", { deliveryId: t.deliveryId }),
  },
  "lib/actions/event-webhook-actions.ts#samplePayloadAction": {
    minRole: "viewer",
    cross: (t, a) => [
      { why: "B's webhook", input: { webhookId: t.webhookId, metricId: t.metricId } },
      { why: "A's webhook, B's metric", input: { webhookId: a.webhookId, metricId: t.metricId } },
    ],
  },

  "lib/actions/webhook-log-actions.ts#getFlowDeliveryAction": {
    minRole: "viewer",
    cross: (t) => one("B's flow webhook delivery", { deliveryId: t.flowDeliveryId }),
  },
  "lib/actions/webhook-log-actions.ts#replayFlowDeliveryAction": {
    minRole: "editor",
    cross: (t) => one("B's flow webhook delivery", { deliveryId: t.flowDeliveryId }),
  },
  "lib/actions/webhook-log-actions.ts#replayFailedFlowDeliveriesAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's flow webhook node", input: { flowId: t.flowId, nodeId: "hook", range: RANGE } },
      // Node ids repeat across flows: A's flow with the node id of B's must not reach B's deliveries.
      {
        why: "A's flow, B's node id",
        input: { flowId: a.flowId, nodeId: "hook", range: RANGE },
        outcome: "either",
      },
    ],
  },
  "lib/actions/webhook-log-actions.ts#setWebhookRetentionAction": { minRole: "admin", cross: none },
};
