import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  createEventWebhookAction,
  deleteEventWebhookAction,
  getDeliveryAction,
  replayDeliveryAction,
  replayFailedDeliveriesAction,
  revealSigningSecretAction,
  rotateSigningSecretAction,
  samplePayloadAction,
  sendTestEventAction,
  setEventWebhookEnabledAction,
  updateEventWebhookAction,
} from "@/lib/actions/event-webhook-actions";
import { requireWorkspace } from "@/lib/auth/workspace-context";
import { invalid } from "@/lib/errors";
import { createEventWebhook } from "@/lib/event-webhooks/create-event-webhook";
import { replayFailedDeliveries } from "@/lib/event-webhooks/replay-deliveries";
import { revealSigningSecret } from "@/lib/event-webhooks/reveal-signing-secret";
import { setEventWebhookEnabled } from "@/lib/event-webhooks/set-event-webhook-enabled";
import { updateEventWebhook } from "@/lib/event-webhooks/update-event-webhook";
import type { Role } from "@/lib/generated/prisma/enums";

vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("@/lib/auth/workspace-context", () => ({ requireWorkspace: vi.fn() }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));
vi.mock("@/lib/db/prisma", () => ({ prisma: {} }));
vi.mock("@/lib/event-webhooks/create-event-webhook", () => ({ createEventWebhook: vi.fn() }));
vi.mock("@/lib/event-webhooks/update-event-webhook", () => ({ updateEventWebhook: vi.fn() }));
vi.mock("@/lib/event-webhooks/set-event-webhook-enabled", () => ({ setEventWebhookEnabled: vi.fn() }));
vi.mock("@/lib/event-webhooks/delete-event-webhook", () => ({ deleteEventWebhook: vi.fn() }));
vi.mock("@/lib/event-webhooks/reveal-signing-secret", () => ({ revealSigningSecret: vi.fn() }));
vi.mock("@/lib/event-webhooks/rotate-signing-secret", () => ({ rotateSigningSecret: vi.fn() }));
vi.mock("@/lib/event-webhooks/send-test-event", () => ({ sendTestEvent: vi.fn() }));
vi.mock("@/lib/event-webhooks/replay-deliveries", () => ({
  replayDelivery: vi.fn(),
  replayFailedDeliveries: vi.fn(),
}));
vi.mock("@/lib/event-webhooks/get-delivery", () => ({ getDelivery: vi.fn() }));
vi.mock("@/lib/event-webhooks/sample-payload", () => ({ samplePayload: vi.fn() }));
vi.mock("@/lib/event-webhooks/find-in-workspace-or-throw", () => ({
  findEventWebhookOrThrow: vi.fn(async () => ({ id: WEBHOOK_ID })),
}));

const WEBHOOK_ID = "0193a8e1-0000-7000-8000-00000000000b";
const METRIC_ID = "0193a8f0-0000-7000-8000-000000000001";
const DELIVERY_ID = "0193a8f2-5b1c-7d3e-9f00-1a2b3c4d5e6f";
const CONTEXT = {
  user: { id: "u1", email: "a@example.com", name: "A", sessionId: "s1" },
  workspace: { id: "w1", name: "Acme" },
  role: "owner" as const,
};
const SETTINGS = { name: "Warehouse sync", url: "https://example.com/hooks", topics: [METRIC_ID] };

// The role each action asks requireWorkspace for: secrets and settings need an admin, operating
// deliveries an editor, reading a viewer. A change here is a change of who may do what.
const ROLE_TABLE: [string, (input: unknown) => Promise<{ ok: boolean }>, unknown, Role][] = [
  ["createEventWebhookAction", createEventWebhookAction, SETTINGS, "admin"],
  [
    "updateEventWebhookAction",
    updateEventWebhookAction,
    { webhookId: WEBHOOK_ID, name: "New name" },
    "admin",
  ],
  [
    "setEventWebhookEnabledAction",
    setEventWebhookEnabledAction,
    { webhookId: WEBHOOK_ID, enabled: false },
    "admin",
  ],
  ["deleteEventWebhookAction", deleteEventWebhookAction, { webhookId: WEBHOOK_ID }, "admin"],
  ["revealSigningSecretAction", revealSigningSecretAction, { webhookId: WEBHOOK_ID }, "admin"],
  ["rotateSigningSecretAction", rotateSigningSecretAction, { webhookId: WEBHOOK_ID }, "admin"],
  ["sendTestEventAction", sendTestEventAction, { webhookId: WEBHOOK_ID, metricId: METRIC_ID }, "editor"],
  ["replayDeliveryAction", replayDeliveryAction, { deliveryId: DELIVERY_ID }, "editor"],
  [
    "replayFailedDeliveriesAction",
    replayFailedDeliveriesAction,
    { webhookId: WEBHOOK_ID, range: { from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" } },
    "editor",
  ],
  ["getDeliveryAction", getDeliveryAction, { deliveryId: DELIVERY_ID }, "viewer"],
  ["samplePayloadAction", samplePayloadAction, { webhookId: WEBHOOK_ID, metricId: METRIC_ID }, "viewer"],
];

describe("event webhook actions", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(requireWorkspace).mockResolvedValue(CONTEXT);
    vi.mocked(createEventWebhook).mockResolvedValue({ id: WEBHOOK_ID } as never);
    vi.mocked(updateEventWebhook).mockResolvedValue({ id: WEBHOOK_ID } as never);
    vi.mocked(setEventWebhookEnabled).mockResolvedValue({ id: WEBHOOK_ID, enabled: false } as never);
  });

  it.each(ROLE_TABLE)("%s asks for the right role", async (_name, action, input, role) => {
    const result = await action(input);
    expect(requireWorkspace).toHaveBeenCalledWith({ role });
    expect(result.ok).toBe(true);
  });

  it("never reveals a secret to a member without the role", async () => {
    vi.mocked(requireWorkspace).mockRejectedValue(invalid("This needs the admin role or higher"));
    const result = await revealSigningSecretAction({ webhookId: WEBHOOK_ID });
    expect(result).toMatchObject({ ok: false, error: "This needs the admin role or higher" });
    expect(revealSigningSecret).not.toHaveBeenCalled();
  });

  it("passes the caller's workspace, not one from the input", async () => {
    await createEventWebhookAction({ ...SETTINGS, workspaceId: "someone-else" });
    expect(createEventWebhook).toHaveBeenCalledWith({
      workspaceId: "w1",
      input: expect.objectContaining({ name: "Warehouse sync", topics: [METRIC_ID] }),
    });
  });

  it("puts the endpoint check's refusal on the url field", async () => {
    vi.mocked(createEventWebhook).mockRejectedValue(
      invalid("url: Refused to connect to 10.0.0.1: private address", "url"),
    );
    const result = await createEventWebhookAction(SETTINGS);
    expect(result).toEqual({
      ok: false,
      error: "url: Refused to connect to 10.0.0.1: private address",
      fieldErrors: { url: "url: Refused to connect to 10.0.0.1: private address" },
    });
  });

  it("answers settings out of range per field, without calling the domain", async () => {
    const result = await createEventWebhookAction({ ...SETTINGS, topics: [], batchSize: 0 });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { topics: "Choose at least one metric", batchSize: "Batch size must be at least 1" },
    });
    expect(createEventWebhook).not.toHaveBeenCalled();
  });

  it("refuses a replay range that ends before it starts, on its end field", async () => {
    const result = await replayFailedDeliveriesAction({
      webhookId: WEBHOOK_ID,
      range: { from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" },
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { "range.to": "The start must be before the end" },
    });
    expect(replayFailedDeliveries).not.toHaveBeenCalled();
  });
});
