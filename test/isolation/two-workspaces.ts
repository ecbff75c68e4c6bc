import { randomBytes } from "node:crypto";
import { eventDocument } from "@/lib/api/testing/api-fixtures";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import { importProfile } from "@/lib/audience/import-profile";
import { addProfilesToList } from "@/lib/audience/list-members";
import { createList } from "@/lib/audience/lists";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import { setCodeSecret } from "@/lib/code/functions/code-secrets";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { deployCodeFunction } from "@/lib/code/functions/deploy-code-function";
import { saveCodeDraft } from "@/lib/code/functions/save-code-draft";
import { sealSecret } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db/prisma";
import { node, publishChainFlow } from "@/lib/engine/run-actions/run-action-fixtures";
import { testRunFlow } from "@/lib/engine/run-actions/test-run-flow";
import { createEventWebhook } from "@/lib/event-webhooks/create-event-webhook";
import { revealSigningSecret } from "@/lib/event-webhooks/reveal-signing-secret";
import type { Role } from "@/lib/generated/prisma/enums";
import { ingestEvent } from "@/lib/ingestion/ingest-event";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { inviteMember } from "@/lib/workspaces/invite-member";

// One workspace with one of everything, built through the domain functions on the real database
// (rows the engine or the deliverer would write — a delivery, an invocation — are inserted as
// those write them, to avoid running the worker). Every text it stores carries `marker`, so an
// answer that contains the marker shows data of this workspace.

export type TUser = { id: string; email: string; name: string };

export type TWorkspaceIds = {
  workspaceId: string;
  marker: string;
  users: Record<Role, TUser>;
  membershipIds: Record<Role, string>;
  invitationId: string;
  invitedEmail: string;
  apiKeyIds: { full: string; ingest: string };
  keys: { full: string; ingest: string };
  profileId: string;
  email: string;
  metricId: string;
  eventId: string;
  listId: string;
  segmentId: string;
  flowId: string;
  versionId: string;
  runId: string;
  stepId: string;
  webhookId: string;
  signingSecret: string;
  deliveryId: string;
  flowDeliveryId: string;
  functionId: string;
  codeVersionId: string;
  secretName: string;
  secretValue: string;
  workspaceSecretValue: string;
  invocationId: string;
};

const ROLES: Role[] = ["owner", "admin", "editor", "viewer"];

export async function createWorkspaceWithEverything(label: string): Promise<TWorkspaceIds> {
  const marker = `zq${label}${randomBytes(4).toString("hex")}`;
  const domain = `${marker}.example`;
  const users = {} as Record<Role, TUser>;
  for (const role of ROLES) {
    users[role] = await prisma.user.create({
      data: { email: `${role}@${domain}`, name: `${role} ${marker}`, passwordHash: "not-a-hash" },
      select: { id: true, email: true, name: true },
    });
  }
  const workspace = await createWorkspace({ name: `Workspace ${marker}`, owner: users.owner }, prisma);
  const workspaceId = workspace.id;
  for (const role of ROLES.filter((role) => role !== "owner")) {
    await prisma.membership.create({
      data: { workspaceId, userId: users[role].id, email: users[role].email, role },
    });
  }
  const memberships = await prisma.membership.findMany({ where: { workspaceId } });
  const membershipIds = Object.fromEntries(memberships.map((row) => [row.role, row.id])) as Record<
    Role,
    string
  >;
  const invitedEmail = `invitee@${domain}`;
  const invitation = await inviteMember(
    { workspaceId, actorUserId: users.owner.id, input: { email: invitedEmail, role: "editor" } },
    prisma,
  );

  const key = (scope: "full" | "ingest") =>
    createApiKey(
      { workspaceId, createdById: users.owner.id, input: { name: `${scope} ${marker}`, scope } },
      prisma,
    );
  const [fullKey, ingestKey] = [await key("full"), await key("ingest")];

  const email = `customer@${domain}`;
  const { profileId } = await importProfile({
    workspaceId,
    document: {
      data: { type: "profile", attributes: { email, first_name: marker, properties: { note: marker } } },
    },
  });
  const ingested = await ingestEvent({
    workspaceId,
    document: eventDocument({ metric: "Placed Order", profile: { email }, properties: { sku: marker } }),
  });
  const metric = await prisma.metric.findFirstOrThrow({ where: { workspaceId, name: "Placed Order" } });
  const list = await createList({
    workspaceId,
    document: { data: { type: "list", attributes: { name: `List ${marker}` } } },
  });
  await addProfilesToList({
    workspaceId,
    listId: list.id,
    document: { data: [{ type: "profile", id: profileId }] },
  });
  const segment = await saveSegment({
    workspaceId,
    segmentId: null,
    name: `Segment ${marker}`,
    definition: { groups: [{ conditions: [{ kind: "list-membership", listId: list.id }] }] },
  });

  // A manual flow: its test run waits for review at the first action (a run, a step to approve).
  const { flowId, versionId } = await publishChainFlow({
    workspaceId,
    name: `Flow ${marker}`,
    nodes: [node.trigger(list.id), node.webhook("hook"), node.webhook("second")],
    status: "manual",
  });
  const { runId } = await testRunFlow({ workspaceId, flowId, profileId });
  const step = await prisma.step.findFirstOrThrow({ where: { runId } });

  const webhook = await createEventWebhook({
    workspaceId,
    input: { name: `Webhook ${marker}`, url: `http://127.0.0.1:9/${marker}`, topics: [metric.id] },
  });
  const { secret: signingSecret } = await revealSigningSecret({ workspaceId, webhookId: webhook.id });
  const delivery = await prisma.webhookDelivery.create({
    data: {
      workspaceId,
      eventWebhookId: webhook.id,
      messageId: `msg_${marker}`,
      url: `http://127.0.0.1:9/${marker}`,
      topics: ["Placed Order"],
      eventIds: [ingested.eventId],
      eventCount: 1,
      payload: { data: [{ marker }] },
      status: "failed",
      attemptCount: 1,
      attempts: {
        create: {
          workspaceId,
          number: 1,
          requestHeaders: {},
          requestBody: `{"marker":"${marker}"}`,
          responseStatus: 500,
          responseBody: marker,
        },
      },
    },
  });

  // A flow webhook node's delivery (the step's request, as the webhook handler records it).
  const flowDelivery = await prisma.webhookDelivery.create({
    data: {
      workspaceId,
      stepId: step.id,
      flowId,
      nodeId: step.nodeId,
      messageId: `msg_step_${marker}`,
      url: `http://127.0.0.1:9/${marker}`,
      topic: "flow",
      payload: { marker },
      status: "failed",
      attemptCount: 1,
      attempts: {
        create: { workspaceId, number: 1, requestHeaders: {}, requestBody: marker, responseStatus: 500 },
      },
    },
  });

  const fn = await createCodeFunction({
    workspaceId,
    name: `Function ${marker}`,
    language: "javascript",
    template: "blank",
    userId: users.owner.id,
  });
  await saveCodeDraft({
    workspaceId,
    functionId: fn.id,
    source: `export default async () => ({ marker: "${marker}" })\n`,
    userId: users.owner.id,
  });
  const deployed = await deployCodeFunction({ workspaceId, functionId: fn.id, userId: users.owner.id });
  const secretName = "API_TOKEN";
  const secretValue = `secret-${marker}`;
  await setCodeSecret({ workspaceId, functionId: fn.id, name: secretName, value: secretValue });
  // A workspace secret (flow webhook templates' {{ secrets.NAME }}): no domain function writes
  // one yet, so the row is stored as loadWorkspaceSecrets reads it.
  const workspaceSecretValue = `workspace-secret-${marker}`;
  await prisma.secret.create({
    data: {
      workspaceId,
      functionId: null,
      name: "WEBHOOK_TOKEN",
      ciphertext: sealSecret(workspaceSecretValue),
    },
  });
  const invocation = await prisma.codeInvocation.create({
    data: {
      workspaceId,
      functionId: fn.id,
      versionId: deployed.versionId,
      trigger: "event",
      profileId,
      triggerEventId: ingested.eventId,
      metricName: "Placed Order",
      status: "ok",
      durationMs: 3,
      logs: [{ level: "log", message: marker }],
      returnValue: { marker },
    },
  });

  return {
    workspaceId,
    marker,
    users,
    membershipIds,
    invitationId: invitation.id,
    invitedEmail,
    apiKeyIds: { full: fullKey.id, ingest: ingestKey.id },
    keys: { full: fullKey.key, ingest: ingestKey.key },
    profileId,
    email,
    metricId: metric.id,
    eventId: ingested.eventId,
    listId: list.id,
    segmentId: segment.id,
    flowId,
    versionId,
    runId,
    stepId: step.id,
    webhookId: webhook.id,
    signingSecret,
    deliveryId: delivery.id,
    flowDeliveryId: flowDelivery.id,
    functionId: fn.id,
    codeVersionId: deployed.versionId,
    secretName,
    secretValue,
    workspaceSecretValue,
    invocationId: invocation.id,
  };
}
