import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createFlow } from "@/lib/flows/create-flow";
import { emptyFlowGraph } from "@/lib/flows/graph-schema";
import { createTestDatabase } from "@/test/database";
import {
  createWorkspaceFixture,
  driveRuns,
  node,
  publishChainFlow,
  queuedStepIds,
  runOf,
  stepsOf,
} from "./run-action-fixtures";
import { testRunFlow } from "./test-run-flow";
import { turnFlowOff } from "./turn-flow-off";

const db = await createTestDatabase();
const a = await createWorkspaceFixture("Alpha");
const b = await createWorkspaceFixture("Beta");

describe("testRunFlow", () => {
  it("starts a test run on the live version, enqueues its first step, and the run completes", async () => {
    const { flowId, versionId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId)],
    });
    const { runId } = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    const run = await runOf(runId);
    expect(run).toMatchObject({ flowVersionId: versionId, isTest: true, profileId: a.profileId });
    expect(run.triggerKey).toMatch(/^test:[0-9a-f-]{36}$/);
    // A trigger with no successors: nothing to do.
    expect(run.status).toBe("completed");
  });

  it("creates and queues the trigger's successors; the steps run to the end", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.webhook("hook")],
    });
    const { runId } = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    const [step] = await stepsOf(runId);
    expect(step).toMatchObject({ nodeId: "hook", status: "scheduled", idempotencyKey: `${runId}:hook:0` });
    expect(await queuedStepIds()).toContain(step!.id);
    await driveRuns(db, [runId]);
    // No webhook handler is registered yet: the step fails at once and fails the run.
    expect(await runOf(runId)).toMatchObject({ status: "failed" });
    expect((await stepsOf(runId))[0]).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("gives each test run its own trigger key, whatever the re-entry rule", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.delay("wait")],
      settings: { reentry: { mode: "once" } },
    });
    const first = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    const second = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    expect(first.runId).not.toBe(second.runId);
  });

  it("holds a manual flow's action step for review", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.webhook("hook")],
      status: "manual",
    });
    const { runId } = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    const [step] = await stepsOf(runId);
    expect(step).toMatchObject({ status: "waiting", waitingReason: "review" });
    expect(await queuedStepIds()).not.toContain(step!.id);
  });

  it("runs a flow that is off on its latest version", async () => {
    const { flowId, versionId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.delay("wait")],
    });
    await turnFlowOff({ workspaceId: a.workspaceId, flowId, runningRuns: "finish" });
    const { runId } = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    expect(await runOf(runId)).toMatchObject({ flowVersionId: versionId, status: "running" });
  });

  it("refuses a flow that was never published", async () => {
    const flow = await createFlow({
      workspaceId: a.workspaceId,
      name: "Draft",
      graph: emptyFlowGraph(),
      userId: null,
    });
    await expect(
      testRunFlow({ workspaceId: a.workspaceId, flowId: flow.id, profileId: a.profileId }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("Publish the flow first") });
  });

  it("refuses a profile that does not match the flow filters, saying so", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.delay("wait")],
      settings: {
        filters: {
          match: "all",
          groups: [
            {
              match: "all",
              conditions: [
                {
                  kind: "profile-property",
                  property: "email",
                  operator: "equals",
                  value: "someone@else.example",
                },
              ],
            },
          ],
        },
      },
    });
    await expect(
      testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("filters") });
  });

  it("does not run another workspace's flow, nor for another workspace's profile", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: b.workspaceId,
      nodes: [node.trigger(b.listId), node.delay("wait")],
    });
    const before = await prisma.run.count();
    await expect(
      testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      testRunFlow({ workspaceId: b.workspaceId, flowId, profileId: a.profileId }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await prisma.run.count()).toBe(before);
  });
});
