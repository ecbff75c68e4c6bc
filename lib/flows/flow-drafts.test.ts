import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createWorkspaceFixture, node, publishChainFlow } from "@/lib/engine/run-actions/run-action-fixtures";
import { HookflowError } from "@/lib/errors";
import { createFlow } from "@/lib/flows/create-flow";
import { createFlowFromTemplate } from "@/lib/flows/create-flow-from-template";
import { deleteFlow, FlowHasActiveRunsError } from "@/lib/flows/delete-flow";
import { duplicateFlow } from "@/lib/flows/duplicate-flow";
import { emptyFlowGraph, type TFlowGraph, ZFlowGraph } from "@/lib/flows/graph-schema";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";
import { FlowProblemsError, MESSAGE_METRIC_TRIGGER_REFUSAL, publishFlow } from "@/lib/flows/publish-flow";
import { renameFlow } from "@/lib/flows/rename-flow";
import { DraftConflictError, saveDraft } from "@/lib/flows/save-draft";
import { parseAllowlist, type TAllowlist } from "@/lib/webhooks/ssrf";
import { createTestDatabase } from "@/test/database";

await createTestDatabase();
const a = await createWorkspaceFixture("Alpha");
const b = await createWorkspaceFixture("Beta");

function listThenWebhook(listId: string): TFlowGraph {
  return {
    ...emptyFlowGraph(),
    nodes: [node.trigger(listId), node.webhook("hook")],
    edges: [{ id: "e1", source: "trigger", sourceHandle: null, target: "hook" }],
  };
}

async function newFlow(workspaceId = a.workspaceId) {
  return createFlow({ workspaceId, name: "Draft", userId: null });
}

describe("saveDraft", () => {
  it("stores the parsed graph and moves the revision on", async () => {
    const flow = await newFlow();
    const saved = await saveDraft({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      graph: listThenWebhook(a.listId),
      expectedRevision: 0,
      userId: null,
    });
    expect(saved.revision).toBe(1);
    const row = await prisma.flow.findUniqueOrThrow({ where: { id: flow.id } });
    expect(ZFlowGraph.parse(row.draftGraph).nodes.map((n) => n.id)).toEqual(["trigger", "hook"]);
  });

  it("refuses a stale revision with a conflict naming the current one, and force overwrites", async () => {
    const flow = await newFlow();
    const base = { workspaceId: a.workspaceId, flowId: flow.id, userId: null };
    await saveDraft({ ...base, graph: emptyFlowGraph(), expectedRevision: 0 });
    const stale = saveDraft({ ...base, graph: listThenWebhook(a.listId), expectedRevision: 0 });
    await expect(stale).rejects.toBeInstanceOf(DraftConflictError);
    await expect(stale).rejects.toMatchObject({ status: 409, currentRevision: 1 });
    const forced = await saveDraft({
      ...base,
      graph: listThenWebhook(a.listId),
      expectedRevision: 0,
      force: true,
    });
    expect(forced.revision).toBe(2);
  });

  it("refuses a graph the schema rejects, naming the path (400)", async () => {
    const flow = await newFlow();
    const graph = {
      ...emptyFlowGraph(),
      nodes: [{ id: "d", type: "delay", config: { mode: "duration", amount: -1, unit: "days" } }],
    };
    const save = saveDraft({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      graph,
      expectedRevision: 0,
      userId: null,
    });
    await expect(save).rejects.toMatchObject({ status: 400, pointer: "nodes.0.config.amount" });
    await expect(save).rejects.toThrow(/nodes\.0\.config\.amount/);
  });

  it("does not find another workspace's flow", async () => {
    const flow = await newFlow(b.workspaceId);
    const save = saveDraft({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      graph: emptyFlowGraph(),
      expectedRevision: 0,
      userId: null,
    });
    await expect(save).rejects.toMatchObject({ code: "not_found" });
    expect((await prisma.flow.findUniqueOrThrow({ where: { id: flow.id } })).draftRevision).toBe(0);
  });

  it("keeps an unchosen list as a valid draft that publishing refuses", async () => {
    const flow = await newFlow();
    await saveDraft({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      graph: listThenWebhook(UNCHOSEN_ID),
      expectedRevision: 0,
      userId: null,
    });
    const publish = publishFlow({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      status: "live",
      userId: null,
    });
    await expect(publish).rejects.toBeInstanceOf(FlowProblemsError);
  });

  it("refuses an http webhook at publish unless this server allows private targets", async () => {
    const flow = await newFlow();
    await saveDraft({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      graph: listThenWebhook(a.listId),
      expectedRevision: 0,
      userId: null,
    });
    // This process's allowlist (tests allow loopback) swapped for a production server's: none.
    const processWide = globalThis as { hookflowAllowlist?: TAllowlist };
    const saved = processWide.hookflowAllowlist;
    processWide.hookflowAllowlist = parseAllowlist(undefined);
    try {
      await expect(
        publishFlow({ workspaceId: a.workspaceId, flowId: flow.id, status: "live", userId: null }),
      ).rejects.toMatchObject({
        problems: [{ nodeId: "hook", field: "url", message: expect.stringMatching(/Use https/) }],
      });
    } finally {
      processWide.hookflowAllowlist = saved;
    }
    const published = await publishFlow({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      status: "live",
      userId: null,
    });
    expect(published).toBeTruthy();
  });
});

describe("renameFlow and duplicateFlow", () => {
  it("renames, refusing an empty name and other workspaces' flows", async () => {
    const flow = await newFlow();
    await renameFlow({ workspaceId: a.workspaceId, flowId: flow.id, name: "  Welcome  ", userId: null });
    expect((await prisma.flow.findUniqueOrThrow({ where: { id: flow.id } })).name).toBe("Welcome");
    await expect(
      renameFlow({ workspaceId: a.workspaceId, flowId: flow.id, name: " ", userId: null }),
    ).rejects.toThrow(/name/);
    await expect(
      renameFlow({ workspaceId: b.workspaceId, flowId: flow.id, name: "Stolen", userId: null }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("duplicates the draft into a new draft flow", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      name: "Original",
      nodes: [node.trigger(a.listId), node.webhook("hook")],
    });
    const copy = await duplicateFlow({ workspaceId: a.workspaceId, flowId, userId: null });
    expect(copy).toMatchObject({ name: "Original (copy)", status: "draft", liveVersionId: null });
    expect(ZFlowGraph.parse(copy.draftGraph).nodes).toHaveLength(2);
  });
});

describe("deleteFlow", () => {
  async function flowWithActiveRun() {
    const { flowId, versionId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.webhook("hook")],
    });
    await prisma.run.create({
      data: {
        workspaceId: a.workspaceId,
        flowId,
        flowVersionId: versionId,
        profileId: a.profileId,
        triggerKey: `test:${flowId}`,
        status: "waiting",
      },
    });
    return flowId;
  }

  it("refuses while runs are in progress, and deletes nothing", async () => {
    const flowId = await flowWithActiveRun();
    const attempt = deleteFlow({ workspaceId: a.workspaceId, flowId });
    await expect(attempt).rejects.toBeInstanceOf(FlowHasActiveRunsError);
    await expect(attempt).rejects.toMatchObject({ status: 409, activeRuns: 1 });
    expect(await prisma.flow.count({ where: { id: flowId } })).toBe(1);
  });

  it("cancels the runs and deletes the flow, its versions and runs when asked", async () => {
    const flowId = await flowWithActiveRun();
    expect(await deleteFlow({ workspaceId: a.workspaceId, flowId, cancelRuns: true })).toEqual({
      cancelled: 1,
    });
    expect(await prisma.flow.count({ where: { id: flowId } })).toBe(0);
    expect(await prisma.flowVersion.count({ where: { flowId } })).toBe(0);
    expect(await prisma.run.count({ where: { flowId } })).toBe(0);
  });

  it("does not delete another workspace's flow", async () => {
    const flow = await newFlow(b.workspaceId);
    await expect(deleteFlow({ workspaceId: a.workspaceId, flowId: flow.id })).rejects.toBeInstanceOf(
      HookflowError,
    );
    expect(await prisma.flow.count({ where: { id: flow.id } })).toBe(1);
  });
});

describe("createFlowFromTemplate", () => {
  it("birthday card: date trigger 14 days before birthday, yearly at 09:00, re-entry always, then a webhook", async () => {
    const flow = await createFlowFromTemplate({
      workspaceId: a.workspaceId,
      template: "birthday-card",
      userId: null,
    });
    const graph = ZFlowGraph.parse(flow.draftGraph);
    expect(flow.name).toBe("Birthday card by mail");
    expect(graph.nodes.map((n) => n.type)).toEqual(["date-trigger", "webhook"]);
    expect(graph.nodes[0]!.config).toMatchObject({
      property: "birthday",
      offsetDays: 14,
      direction: "before",
      recurrence: "yearly",
      timeOfDay: "09:00",
    });
    expect(graph.settings.reentry).toEqual({ mode: "always" });
    expect(graph.edges).toHaveLength(1);
  });

  it("shopper locale: uses the workspace's Placed Order metric when it exists, else leaves it to choose", async () => {
    const without = await createFlowFromTemplate({
      workspaceId: b.workspaceId,
      template: "shopper-locale",
      userId: null,
    });
    expect(ZFlowGraph.parse(without.draftGraph).nodes[0]!.config).toMatchObject({ metricId: UNCHOSEN_ID });
    const metric = await prisma.metric.create({ data: { workspaceId: a.workspaceId, name: "Placed Order" } });
    const flow = await createFlowFromTemplate({
      workspaceId: a.workspaceId,
      template: "shopper-locale",
      userId: null,
    });
    const graph = ZFlowGraph.parse(flow.draftGraph);
    expect(graph.nodes.map((n) => n.type)).toEqual(["metric-trigger", "code"]);
    expect(graph.nodes[0]!.config).toMatchObject({ metricId: metric.id });
  });

  it("a message metric trigger is refused at publish with the seed's reason", async () => {
    const clicked = await prisma.metric.upsert({
      where: { workspaceId_name: { workspaceId: a.workspaceId, name: "Clicked Email" } },
      create: { workspaceId: a.workspaceId, name: "Clicked Email", isMessageMetric: true },
      update: {},
    });
    const flow = await createFlow({
      workspaceId: a.workspaceId,
      name: "Clicks",
      userId: null,
      graph: {
        ...emptyFlowGraph(),
        nodes: [
          {
            id: "t",
            type: "metric-trigger",
            position: { x: 0, y: 0 },
            config: { metricId: clicked.id, filters: { match: "all", groups: [] } },
          },
          node.webhook("hook"),
        ],
        edges: [{ id: "e", source: "t", sourceHandle: null, target: "hook" }],
      },
    });
    const publish = publishFlow({
      workspaceId: a.workspaceId,
      flowId: flow.id,
      status: "live",
      userId: null,
    });
    await expect(publish).rejects.toMatchObject({
      problems: [{ nodeId: "t", message: MESSAGE_METRIC_TRIGGER_REFUSAL }],
    });
  });
});
