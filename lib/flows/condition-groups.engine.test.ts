import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postEventRoute } from "@/app/api/events/route";
import { apiRequest, callRoute, createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { addProfilesToList } from "@/lib/audience/list-members";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { ensureMetric, publishTestFlow, waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startEngineWorker, type TEngineWorker } from "@/lib/engine/worker";
import type { TCondition, TConditions } from "@/lib/flows/conditions";
import { createTestDatabase } from "@/test/database";

// AND/OR condition groups evaluated by the real engine: events posted through the API start runs
// of a published flow whose conditional split has three groups; the branch each profile takes is
// read back from its steps. Webhook steps are recorded, not sent (their delivery is tested by the
// webhooks module).

const db = await createTestDatabase();
const fixture = await createApiFixture();
const workspaceId = fixture.workspaceId;
const handlers: TStepHandlers = {
  ...STEP_HANDLERS,
  webhook: {
    type: "webhook",
    maxAttempts: 1,
    timeoutMs: 5_000,
    execute: async () => ({ output: { sent: false } }),
  },
};
let worker: TEngineWorker;
beforeAll(async () => {
  worker = await startEngineWorker({ database: db.pool, handlers, concurrency: 2, pollIntervalMs: 50 });
});
afterAll(async () => {
  await worker.stop();
});

const property = (name: string, value: string): TCondition => ({
  kind: "profile-property",
  property: name,
  operator: "equals",
  value,
});
const at = { x: 0, y: 0 };
const hook = (id: string) => ({
  id,
  type: "webhook" as const,
  position: at,
  config: { url: `http://127.0.0.1:1/${id}`, headers: [], body: "{}" },
});

async function post(metric: string, email: string, value: number, properties: Record<string, string>) {
  const response = await callRoute(
    postEventRoute,
    apiRequest("/api/events", {
      key: fixture.fullKey,
      body: eventDocument({ metric, profile: { email, properties }, properties: { $value: value } }),
    }),
  );
  expect(response.status).toBe(202);
}

/** Publishes trigger → split(conditions) → yes/no webhooks, posts one event per profile, returns "email:branch". */
async function branchesFor(metric: string, conditions: TConditions, listId: string) {
  const metricId = await ensureMetric(workspaceId, metric);
  const { flowId } = await publishTestFlow({
    workspaceId,
    nodes: [
      {
        id: "trigger",
        type: "metric-trigger",
        position: at,
        config: { metricId, filters: { match: "all", groups: [] } },
      },
      { id: "split", type: "split", position: at, config: { conditions } },
      hook("yes"),
      hook("no"),
    ],
    edges: [
      { id: "a", source: "trigger", sourceHandle: null, target: "split" },
      { id: "b", source: "split", sourceHandle: "yes", target: "yes" },
      { id: "c", source: "split", sourceHandle: "no", target: "no" },
    ],
  });
  const tag = metric.replace(/\W/g, "").toLowerCase();
  const vip = await db.prisma.profile.create({
    data: { workspaceId, email: `vip.${tag}@example.com`, properties: { tier: "silver", country: "FR" } },
  });
  await addProfilesToList({ workspaceId, listId, document: { data: [{ type: "profile", id: vip.id }] } });
  await post(metric, `gold-de.${tag}@example.com`, 10, { tier: "gold", country: "DE" });
  await post(metric, `gold-fr.${tag}@example.com`, 10, { tier: "gold", country: "FR" });
  await post(metric, `big.${tag}@example.com`, 500, { tier: "silver", country: "FR" });
  await post(metric, vip.email!, 1, {});
  const runs = await waitFor(async () => {
    const found = await db.prisma.run.findMany({
      where: { flowId },
      include: { steps: true, profile: { select: { email: true } } },
    });
    return found.length === 4 && found.every((run) => run.status === "completed") && found;
  });
  return runs
    .map(
      (run) =>
        `${run.profile.email?.split(".")[0]}:${run.steps.find((step) => step.nodeId !== "split")?.nodeId}`,
    )
    .sort();
}

describe("conditional split with AND/OR groups, run by the engine", () => {
  it("OR of AND-groups: gold in DE, or an order above 100, or in the VIP list", async () => {
    const list = await db.prisma.list.create({ data: { workspaceId, name: "VIP (or)" } });
    const conditions: TConditions = {
      match: "any",
      groups: [
        { match: "all", conditions: [property("tier", "gold"), property("country", "DE")] },
        {
          match: "all",
          conditions: [{ kind: "event-property", property: "$value", operator: "greater_than", value: 100 }],
        },
        { match: "all", conditions: [{ kind: "list-membership", listId: list.id, isMember: true }] },
      ],
    };
    expect(await branchesFor("Grouped Order", conditions, list.id)).toEqual([
      "big:yes",
      "gold-de:yes",
      "gold-fr:no",
      "vip:yes",
    ]);
  });

  it("AND of OR-groups: (gold or in VIP) and (DE or an order above 100)", async () => {
    const list = await db.prisma.list.create({ data: { workspaceId, name: "VIP (and)" } });
    const conditions: TConditions = {
      match: "all",
      groups: [
        {
          match: "any",
          conditions: [
            property("tier", "gold"),
            { kind: "list-membership", listId: list.id, isMember: true },
          ],
        },
        {
          match: "any",
          conditions: [
            property("country", "DE"),
            { kind: "event-property", property: "$value", operator: "greater_than", value: 100 },
          ],
        },
      ],
    };
    expect(await branchesFor("Grouped Order And", conditions, list.id)).toEqual([
      "big:no",
      "gold-de:yes",
      "gold-fr:no",
      "vip:no",
    ]);
  });
});
