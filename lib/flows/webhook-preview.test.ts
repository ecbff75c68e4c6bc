import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  listPreviewEventsAction,
  loadWebhookVariablesAction,
  previewWebhookAction,
  searchPreviewProfilesAction,
  sendWebhookTestAction,
} from "@/lib/actions/webhook-node-actions";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { hasRole } from "@/lib/auth/roles";
import { requireWorkspace } from "@/lib/auth/workspace-context";
import { sealSecret } from "@/lib/crypto/secret-box";
import { ensureMetric } from "@/lib/engine/testing/engine-fixtures";
import { forbidden } from "@/lib/errors";
import { createFlow } from "@/lib/flows/create-flow";
import { emptyFlowGraph } from "@/lib/flows/graph-schema";
import { sendWebhookTest } from "@/lib/flows/webhook-test-send";
import type { Role } from "@/lib/generated/prisma/enums";
import { flowWebhookSecret } from "@/lib/webhooks/flow-webhook-secret";
import { createTestDatabase } from "@/test/database";

// Integration: the webhook node's preview and "Send test" actions on a real PostgreSQL, sending
// real signed requests to a receiver on 127.0.0.1 (allowlisted in vitest.config.ts). Only the
// session lookup is replaced: requireWorkspace answers with this file's workspace and a role,
// refusing lower roles exactly like the real one.
vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/workspace-context", () => ({ requireWorkspace: vi.fn() }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture();
const other = await createApiFixture("Other");

let sessionRole: Role = "editor";
function signIn(role: Role, workspace = workspaceId) {
  sessionRole = role;
  vi.mocked(requireWorkspace).mockImplementation(async (options?: { role?: Role }) => {
    if (options?.role && !hasRole(sessionRole, options.role)) throw forbidden("Your role cannot do this");
    return {
      user: { id: "u1", email: "e@example.com", name: "E", sessionId: "s1" },
      workspace: { id: workspace, name: "Acme" },
      role: sessionRole,
    } as never;
  });
}

type TReceived = { headers: http.IncomingHttpHeaders; body: string };
const received: TReceived[] = [];
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
    response
      .writeHead(202, { "content-type": "application/json", "x-receiver": "loopback" })
      .end('{"accepted":true}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const RECEIVER = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const metricId = await ensureMetric(workspaceId, "Placed Order");
const flow = await createFlow({ workspaceId, name: "Preview flow", graph: emptyFlowGraph(), userId: null });
const profile = await db.prisma.profile.create({
  data: {
    workspaceId,
    email: "ada@example.com",
    firstName: "Ada",
    lastName: "Lovelace",
    properties: { "Favorite Color": "teal", plan: "gold" },
  },
});
const event = await db.pool.query<{ id: string }>(
  `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id, value)
   values (gen_random_uuid(), $1, $2, $3, $4, '2026-11-29T10:00:00Z', 'order-1', 42.5) returning id`,
  [workspaceId, metricId, profile.id, JSON.stringify({ OrderId: "A-1", Items: ["shirt", "hat"] })],
);
const eventId = event.rows[0]!.id;
await db.prisma.secret.create({
  data: { workspaceId, name: "ERP_TOKEN", ciphertext: sealSecret("tok-123456") },
});

const BODY = [
  "{",
  '  "email": {{ person.email | json }},',
  '  "color": "{{ person|lookup:\'Favorite Color\' }}",',
  '  "order": {{ event.OrderId | json }},',
  '  "items": {{ event.Items }},',
  '  "token": "{{ secrets.ERP_TOKEN }}"',
  "}",
].join("\n");
const HEADERS = [
  { name: "Authorization", value: "Bearer {{ secrets.ERP_TOKEN }}" },
  { name: "X-Plan", value: "{{ person.plan }}" },
];

function input(overrides: Record<string, unknown> = {}) {
  return {
    flowId: flow.id,
    profileId: profile.id,
    eventId,
    config: { url: RECEIVER, headers: HEADERS, body: BODY },
    ...overrides,
  };
}

beforeEach(() => {
  received.length = 0;
  signIn("editor");
});

describe("previewWebhookAction", () => {
  it("renders the body against the profile and its event, with secrets as ••••", async () => {
    signIn("viewer");
    const result = await previewWebhookAction(input());
    expect(result.ok).toBe(true);
    if (!result.ok || !result.data.ok) throw new Error(JSON.stringify(result));
    expect(JSON.parse(result.data.body)).toEqual({
      email: "ada@example.com",
      color: "teal",
      order: "A-1",
      items: ["shirt", "hat"],
      token: "••••",
    });
    expect(result.data.headers).toEqual({ authorization: "••••", "x-plan": "gold" });
    expect(JSON.stringify(result.data)).not.toContain("tok-123456");
  });

  it("reports a parse error at its line and column in the template", async () => {
    const result = await previewWebhookAction(
      input({ config: { url: RECEIVER, headers: [], body: '{\n  "a": {{ person.email | nope }}\n}' } }),
    );
    if (!result.ok || result.data.ok) throw new Error(JSON.stringify(result));
    expect(result.data).toMatchObject({ part: "body", line: 2, message: 'Unknown filter "nope"' });
    expect(result.data.column).toBeGreaterThan(0);
  });

  it("reports invalid rendered JSON with the template position that wrote it", async () => {
    const result = await previewWebhookAction(
      input({ config: { url: RECEIVER, headers: [], body: '{\n"name": {{ person.first_name }}\n}' } }),
    );
    if (!result.ok || result.data.ok) throw new Error(JSON.stringify(result));
    expect(result.data.message).toContain("not valid JSON");
    expect(result.data.line).toBe(2);
  });

  it("names a secret that does not exist", async () => {
    const result = await previewWebhookAction(
      input({ config: { url: RECEIVER, headers: [], body: '{"a": "{{ secrets.MISSING }}"}' } }),
    );
    if (!result.ok || result.data.ok) throw new Error(JSON.stringify(result));
    expect(result.data).toMatchObject({
      part: "secrets",
      message: 'Secret "MISSING" is not defined in this workspace',
    });
  });

  it("does not find a profile of another workspace", async () => {
    signIn("editor", other.workspaceId);
    const result = await previewWebhookAction(input({ eventId: null }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { flowId: "The flow was not found" } });
    signIn("editor");
    const foreign = await db.prisma.profile.create({
      data: { workspaceId: other.workspaceId, email: "x@example.com" },
    });
    const refused = await previewWebhookAction(input({ profileId: foreign.id, eventId: null }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { profileId: "The profile was not found" } });
  });
});

describe("sendWebhookTestAction", () => {
  it("sends the signed request through the delivery path and returns what was sent and answered", async () => {
    const result = await sendWebhookTestAction({ ...input(), nodeId: "hook" });
    if (!result.ok || !result.data.ok) throw new Error(JSON.stringify(result));
    const sent = result.data;
    expect(received).toHaveLength(1);
    const got = received[0]!;
    // The receiver verifies the signature with the standardwebhooks library and the workspace secret.
    const secret = await flowWebhookSecret(db.pool, workspaceId);
    expect(() =>
      new Webhook(secret).verify(got.body, {
        "webhook-id": String(got.headers["webhook-id"]),
        "webhook-timestamp": String(got.headers["webhook-timestamp"]),
        "webhook-signature": String(got.headers["webhook-signature"]),
      }),
    ).not.toThrow();
    expect(got.headers.authorization).toBe("Bearer tok-123456");
    expect(JSON.parse(got.body).token).toBe("tok-123456");
    expect(sent.response).toMatchObject({ status: 202, body: '{"accepted":true}', error: null });
    expect(sent.response.headers["x-receiver"]).toBe("loopback");
    expect(sent.durationMs).toBeGreaterThanOrEqual(0);
    expect(sent.request.url).toBe(RECEIVER);
    expect(sent.request.headers).toMatchObject({
      "content-type": "application/json",
      authorization: "••••",
      "x-plan": "gold",
      "webhook-id": got.headers["webhook-id"],
      "webhook-timestamp": got.headers["webhook-timestamp"],
      "webhook-signature": got.headers["webhook-signature"],
    });
    expect(JSON.parse(sent.request.body).token).toBe("••••");
    expect(JSON.stringify(sent)).not.toContain("tok-123456");
  });

  it("needs the editor role", async () => {
    signIn("viewer");
    const result = await sendWebhookTestAction({ ...input(), nodeId: "hook" });
    expect(result).toMatchObject({ ok: false, error: "Your role cannot do this" });
    expect(received).toHaveLength(0);
  });

  it("sends nothing when the template fails, and says where", async () => {
    const result = await sendWebhookTestAction({
      ...input({
        config: { url: RECEIVER, headers: [{ name: "X", value: "{{ person.email | nope }}" }], body: "{}" },
      }),
      nodeId: "hook",
    });
    if (!result.ok || result.data.ok) throw new Error(JSON.stringify(result));
    expect(result.data).toMatchObject({ part: "header:X", message: 'Unknown filter "nope"' });
    expect(received).toHaveLength(0);
  });

  it("reports the SSRF guard's refusal of a private target as the outcome", async () => {
    const result = await sendWebhookTestAction({
      ...input({ config: { url: "https://10.1.2.3/hook", headers: [], body: "{}" } }),
      nodeId: "hook",
    });
    if (!result.ok || !result.data.ok) throw new Error(JSON.stringify(result));
    expect(result.data.response.status).toBeNull();
    expect(result.data.response.error).toMatch(/10\.1\.2\.3/);
  });

  it("refuses http unless the server allows private targets", async () => {
    const subject = { profile: { ...profile, location: {}, properties: {} }, event: null, outputs: {} };
    await expect(
      sendWebhookTest({
        workspaceId,
        flowId: flow.id,
        nodeId: "hook",
        template: { url: RECEIVER, headers: [], body: "{}" },
        subject,
        isHttpAllowed: false,
      }),
    ).rejects.toThrow(/Use https/);
    expect(received).toHaveLength(0);
  });
});

describe("editor variables", () => {
  it("lists profile and metric property keys and secret names (never values)", async () => {
    const result = await loadWebhookVariablesAction({ metricId });
    if (!result.ok) throw new Error(result.error);
    expect(result.data.profilePropertyKeys).toEqual(expect.arrayContaining(["Favorite Color", "plan"]));
    expect(result.data.eventPropertyKeys).toEqual(["Items", "OrderId"]);
    expect(result.data.secretNames).toEqual(["ERP_TOKEN"]);
    expect(result.data.isHttpAllowed).toBe(true);
    expect(JSON.stringify(result.data)).not.toContain("tok-123456");
  });

  it("finds profiles by name and lists their events of the trigger metric", async () => {
    const found = await searchPreviewProfilesAction({ query: "lovel" });
    if (!found.ok) throw new Error(found.error);
    expect(found.data.map((row) => row.id)).toEqual([profile.id]);
    const events = await listPreviewEventsAction({ profileId: profile.id, metricId });
    if (!events.ok) throw new Error(events.error);
    expect(events.data).toEqual([
      { id: eventId, metricName: "Placed Order", time: "2026-11-29T10:00:00.000Z" },
    ]);
    const otherMetric = await ensureMetric(workspaceId, "Viewed Product");
    const none = await listPreviewEventsAction({ profileId: profile.id, metricId: otherMetric });
    expect(none).toEqual({ ok: true, data: [] });
  });
});
