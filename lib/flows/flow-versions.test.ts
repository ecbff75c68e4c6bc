import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { nodeCounts, recentNodeSteps } from "@/lib/engine/run-actions/node-counts";
import { createWorkspaceFixture, driveRuns, node } from "@/lib/engine/run-actions/run-action-fixtures";
import { testRunFlow } from "@/lib/engine/run-actions/test-run-flow";
import { createFlow } from "@/lib/flows/create-flow";
import { getFlowVersionGraph, listFlowVersions } from "@/lib/flows/flow-versions";
import { diffFlowGraphs } from "@/lib/flows/graph-diff";
import { emptyFlowGraph, type TFlowGraph } from "@/lib/flows/graph-schema";
import { listFlows } from "@/lib/flows/list-flows";
import { publishFlow } from "@/lib/flows/publish-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const a = await createWorkspaceFixture("Alpha");
const b = await createWorkspaceFixture("Beta");
const ada = await prisma.user.create({
  data: { email: "ada@alpha.example", name: "Ada", passwordHash: "x" },
});
const bob = await prisma.user.create({ data: { email: "bob@alpha.example", name: " ", passwordHash: "x" } });

function chain(...nodes: ReturnType<typeof node.webhook>[]): TFlowGraph {
  return {
    ...emptyFlowGraph(),
    nodes,
    edges: nodes.slice(1).map((target, index) => ({
      id: `e${index}`,
      source: nodes[index]!.id,
      sourceHandle: null,
      target: target.id,
    })),
  };
}

async function publishAs(
  flowId: string,
  graph: TFlowGraph,
  userId: string,
  status: "live" | "manual" = "live",
) {
  const flow = await prisma.flow.findUniqueOrThrow({ where: { id: flowId } });
  await saveDraft({
    workspaceId: a.workspaceId,
    flowId,
    graph,
    expectedRevision: flow.draftRevision,
    userId,
  });
  return publishFlow({ workspaceId: a.workspaceId, flowId, status, userId });
}

const flow = await createFlow({ workspaceId: a.workspaceId, name: "Welcome series", userId: ada.id });
await publishAs(flow.id, chain(node.trigger(a.listId), node.webhook("hook")), ada.id);
await publishAs(
  flow.id,
  chain(node.trigger(a.listId), node.delay("wait"), node.webhook("hook")),
  bob.id,
  "manual",
);

describe("listFlowVersions", () => {
  it("lists versions newest first with author, time and the live marker", async () => {
    const versions = await listFlowVersions({ workspaceId: a.workspaceId, flowId: flow.id });
    expect(versions.map(({ number, author, isLive }) => ({ number, author, isLive }))).toEqual([
      // A blank name falls back to the email.
      { number: 2, author: "bob@alpha.example", isLive: true },
      { number: 1, author: "Ada", isLive: false },
    ]);
    expect(versions[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(versions[1]!.createdAt.getTime());
  });

  it("no version is live once the flow is turned off", async () => {
    const off = await createFlow({ workspaceId: a.workspaceId, name: "Off", userId: null });
    await publishAs(off.id, chain(node.trigger(a.listId)), ada.id);
    await prisma.flow.update({ where: { id: off.id }, data: { status: "draft" } });
    const [only] = await listFlowVersions({ workspaceId: a.workspaceId, flowId: off.id });
    expect(only).toMatchObject({ number: 1, isLive: false });
  });

  it("another workspace sees neither the flow nor its versions", async () => {
    await expect(listFlowVersions({ workspaceId: b.workspaceId, flowId: flow.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      getFlowVersionGraph({ workspaceId: b.workspaceId, flowId: flow.id, number: 1 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("getFlowVersionGraph", () => {
  it("returns each immutable version, which diff as published", async () => {
    const v1 = await getFlowVersionGraph({ workspaceId: a.workspaceId, flowId: flow.id, number: 1 });
    const v2 = await getFlowVersionGraph({ workspaceId: a.workspaceId, flowId: flow.id, number: 2 });
    const diff = diffFlowGraphs(v1, v2);
    expect(diff.addedNodes.map((added) => added.id)).toEqual(["wait"]);
    expect(diff.addedEdges).toHaveLength(2);
    expect(diff.removedEdges).toEqual([{ source: "trigger", sourceHandle: null, target: "hook" }]);
  });

  it("a version that does not exist is 404, naming it", async () => {
    await expect(
      getFlowVersionGraph({ workspaceId: a.workspaceId, flowId: flow.id, number: 9 }),
    ).rejects.toThrow("Version 9 of this flow was not found");
  });
});

describe("listFlows", () => {
  it("shows the trigger in words, the live version, the last editor and recent runs", async () => {
    const { runId } = await testRunFlow({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      profileId: a.profileId,
    });
    const [row] = (await listFlows({ workspaceId: a.workspaceId, search: "welcome" })) ?? [];
    expect(row).toMatchObject({
      id: flow.id,
      name: "Welcome series",
      status: "manual",
      triggerSummary: "Joins Alpha list",
      liveVersionNumber: 2,
      recentRuns: 1,
      updatedBy: "bob@alpha.example",
    });
    // Counted over the last 7 days only.
    const later = await listFlows({
      workspaceId: a.workspaceId,
      search: "welcome",
      now: new Date(Date.now() + 8 * 86_400_000),
    });
    expect(later[0]!.recentRuns).toBe(0);
    await prisma.run.delete({ where: { id: runId } });
  });

  it("a draft shows its draft's trigger, or says there is none", async () => {
    await createFlow({ workspaceId: a.workspaceId, name: "Empty draft", userId: null });
    await createFlow({
      workspaceId: a.workspaceId,
      name: "Birthday draft",
      userId: null,
      graph: {
        ...emptyFlowGraph(),
        nodes: [
          {
            id: "t",
            type: "date-trigger",
            position: { x: 0, y: 0 },
            config: {
              property: "birthday",
              offsetDays: 14,
              direction: "before",
              recurrence: "yearly",
              timeOfDay: "09:00",
              timezone: { mode: "profile", fallback: "UTC" },
            },
          },
        ],
      },
    });
    const rows = await listFlows({ workspaceId: a.workspaceId, search: "draft" });
    expect(rows.map((row) => [row.name, row.triggerSummary, row.status, row.updatedBy])).toEqual([
      ["Birthday draft", "14 days before birthday, yearly, 09:00", "draft", null],
      ["Empty draft", "No trigger yet", "draft", null],
    ]);
  });

  it("searches by name, case-insensitively, with % and _ taken literally", async () => {
    await createFlow({ workspaceId: a.workspaceId, name: "50% off_sale", userId: null });
    await createFlow({ workspaceId: a.workspaceId, name: "500 offers", userId: null });
    const names = async (search: string) =>
      (await listFlows({ workspaceId: a.workspaceId, search })).map((row) => row.name);
    expect(await names("% OFF_")).toEqual(["50% off_sale"]);
    expect(await names("WELCOME")).toEqual(["Welcome series"]);
    expect(await names("nothing like this")).toEqual([]);
    expect((await names("  ")).length).toBeGreaterThan(4);
    expect(await listFlows({ workspaceId: b.workspaceId, search: "welcome" })).toEqual([]);
  });
});

describe("node counts and recent steps", () => {
  it("counts per node in one query and lists a node's latest steps with their profile", async () => {
    const counted = await createFlow({ workspaceId: a.workspaceId, name: "Counted", userId: null });
    await publishAs(counted.id, chain(node.trigger(a.listId), node.webhook("hook")), ada.id);
    const { runId } = await testRunFlow({
      workspaceId: a.workspaceId,
      flowId: counted.id,
      profileId: a.profileId,
    });
    await driveRuns(db, [runId]);
    const since = new Date(Date.now() - 3_600_000);
    expect(await nodeCounts({ workspaceId: a.workspaceId, flowId: counted.id, since })).toEqual({
      hook: { failed: 1 },
    });
    const steps = await recentNodeSteps({
      workspaceId: a.workspaceId,
      flowId: counted.id,
      nodeId: "hook",
      since,
      limit: 10,
    });
    expect(steps).toEqual([
      expect.objectContaining({
        runId,
        status: "failed",
        profileLabel: a.email,
        error: "No receiver in this test",
      }),
    ]);
    // Node ids repeat across flows: the other flow's "hook" steps are not this flow's.
    expect(
      await recentNodeSteps({
        workspaceId: a.workspaceId,
        flowId: flow.id,
        nodeId: "hook",
        since,
        limit: 10,
      }),
    ).toEqual([]);
    // Another workspace's flow is not found (as for nodeCounts), not an empty list.
    await expect(
      recentNodeSteps({
        workspaceId: b.workspaceId,
        flowId: counted.id,
        nodeId: "hook",
        since,
        limit: 10,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
