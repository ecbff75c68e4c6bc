import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  getFlowDeliveryAction,
  replayFailedFlowDeliveriesAction,
  replayFlowDeliveryAction,
  setWebhookRetentionAction,
} from "@/lib/actions/webhook-log-actions";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { requireWorkspace } from "@/lib/auth/workspace-context";
import { forbidden } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { getWebhookRetentionDays } from "@/lib/webhooks/retention/webhook-retention-settings";
import { createTestDatabase } from "@/test/database";

// The session is the one thing replaced: requireWorkspace answers for a member of `acme` with the
// role under test (and refuses, as it does, below the role asked for); the domain runs on PostgreSQL.
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("@/lib/auth/workspace-context", () => ({ requireWorkspace: vi.fn() }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const acme = await createApiFixture("Acme");
const other = await createApiFixture("Other");
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

function signInAs(role: Role, workspaceId = acme.workspaceId) {
  vi.mocked(requireWorkspace).mockImplementation(async (options) => {
    const wanted = options?.role ?? "viewer";
    if (RANK[role] < RANK[wanted]) throw forbidden(`This needs the ${wanted} role or higher`);
    return {
      user: { id: "u1", email: "a@example.com", name: "A", sessionId: "s1" },
      workspace: { id: workspaceId, name: "W" },
      role,
    } as never;
  });
}

describe("webhook log actions", () => {
  beforeEach(() => vi.clearAllMocks());

  it.each([
    {
      name: "getFlowDeliveryAction",
      action: getFlowDeliveryAction,
      input: { deliveryId: uuidv7() },
      role: "viewer",
    },
    {
      name: "replayFlowDeliveryAction",
      action: replayFlowDeliveryAction,
      input: { deliveryId: uuidv7() },
      role: "editor",
    },
    {
      name: "replayFailedFlowDeliveriesAction",
      action: replayFailedFlowDeliveriesAction,
      input: {
        flowId: uuidv7(),
        nodeId: "hook",
        range: { from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" },
      },
      role: "editor",
    },
    {
      name: "setWebhookRetentionAction",
      action: setWebhookRetentionAction,
      input: { days: 30 },
      role: "admin",
    },
  ] as const)("$name asks for the $role role", async ({ action, input, role }) => {
    signInAs("owner");
    await action(input);
    expect(requireWorkspace).toHaveBeenCalledWith({ role });
  });

  it("an admin sets the retention; an editor is refused; bad values are answered on the field", async () => {
    signInAs("editor");
    expect(await setWebhookRetentionAction({ days: 3 })).toMatchObject({ ok: false });
    expect(await getWebhookRetentionDays({ workspaceId: acme.workspaceId })).toBe(30);
    signInAs("admin");
    expect(await setWebhookRetentionAction({ days: 3 })).toEqual({ ok: true, data: { days: 3 } });
    expect(await getWebhookRetentionDays({ workspaceId: acme.workspaceId })).toBe(3);
    expect(await getWebhookRetentionDays({ workspaceId: other.workspaceId })).toBe(30);
    expect(await setWebhookRetentionAction({ days: 0 })).toMatchObject({
      ok: false,
      fieldErrors: { days: "Retention must be at least 1 day" },
    });
    expect(await setWebhookRetentionAction({ days: "ten" })).toMatchObject({
      ok: false,
      fieldErrors: { days: "Retention must be a number of days" },
    });
    // Saving makes sure the sweep job exists.
    const jobs = await db.pool.query(
      "select 1 from graphile_worker.jobs where key = 'hookflow:webhook-retention-sweep'",
    );
    expect(jobs.rows).toHaveLength(1);
  });

  it("another workspace's delivery is not found; a malformed id is answered on its field", async () => {
    const id = uuidv7();
    await db.pool.query(
      `insert into webhook_deliveries (id, workspace_id, message_id, url, payload, status, flow_id, node_id)
       values ($1, $2, $3, 'https://example.com/h', '{}', 'failed', $4, 'hook')`,
      [id, other.workspaceId, `msg_${id}`, uuidv7()],
    );
    signInAs("owner");
    expect(await getFlowDeliveryAction({ deliveryId: id })).toMatchObject({
      ok: false,
      error: "Delivery was not found",
    });
    expect(await replayFlowDeliveryAction({ deliveryId: id })).toMatchObject({ ok: false });
    expect(await getFlowDeliveryAction({ deliveryId: "nope" })).toMatchObject({
      ok: false,
      fieldErrors: { deliveryId: "Unknown delivery" },
    });
  });
});
