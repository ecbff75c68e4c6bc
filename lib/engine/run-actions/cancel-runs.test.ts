import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { createTestDatabase } from "@/test/database";
import { cancelFlowRuns, cancelRuns } from "./cancel-runs";
import {
  createWorkspaceFixture,
  driveRuns,
  node,
  publishChainFlow,
  runOf,
  stepsOf,
} from "./run-action-fixtures";
import { testRunFlow } from "./test-run-flow";
import { turnFlowOff } from "./turn-flow-off";

const db = await createTestDatabase();
const a = await createWorkspaceFixture("Alpha");
const b = await createWorkspaceFixture("Beta");

/** Runs waiting on a one-hour delay: their next step is scheduled and queued for later. */
async function delayedRuns(fixture: typeof a, count: number) {
  const { flowId } = await publishChainFlow({
    workspaceId: fixture.workspaceId,
    nodes: [node.trigger(fixture.listId), node.delay("wait", 1, "hours"), node.webhook("hook")],
  });
  const runIds: string[] = [];
  for (let index = 0; index < count; index++) {
    runIds.push(
      (await testRunFlow({ workspaceId: fixture.workspaceId, flowId, profileId: fixture.profileId })).runId,
    );
  }
  await driveRuns(db, runIds);
  return { flowId, runIds };
}

describe("cancelRuns", () => {
  it("cancels the run and skips its pending steps, with who cancelled it", async () => {
    const { runIds } = await delayedRuns(a, 1);
    const runId = runIds[0]!;
    expect((await stepsOf(runId)).map((step) => step.status)).toEqual(["completed", "scheduled"]);
    expect(await cancelRuns({ workspaceId: a.workspaceId, runIds, userLabel: "Ada" })).toEqual({
      cancelled: 1,
    });
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "cancelled", exitReason: "Cancelled by Ada" });
    expect(run.endedAt).toBeInstanceOf(Date);
    expect((await stepsOf(runId))[1]).toMatchObject({ status: "skipped", error: "The run was cancelled" });
  });

  it("a step already queued does not run once its run is cancelled", async () => {
    const { runIds } = await delayedRuns(a, 1);
    const hook = (await stepsOf(runIds[0]!))[1]!;
    await cancelRuns({ workspaceId: a.workspaceId, runIds });
    // The queued job comes due: it claims nothing.
    await prisma.step.update({ where: { id: hook.id }, data: { scheduledFor: new Date(0) } });
    const { runSteps } = await import("@/lib/engine/run-steps");
    expect(await runSteps([hook.id], "9001", { database: db.pool, handlers: STEP_HANDLERS })).toBe(0);
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "cancelled" });
  });

  it("a step running while its run is cancelled finishes without advancing the run", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.webhook("slow"), node.webhook("next")],
    });
    const { runId } = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    let release: () => void = () => {};
    let started: () => void = () => {};
    const isStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const handlers: TStepHandlers = {
      ...STEP_HANDLERS,
      webhook: {
        type: "webhook",
        maxAttempts: 1,
        timeoutMs: 5000,
        execute: () => {
          started();
          return new Promise((resolve) => {
            release = () => resolve({ output: { ok: true } });
          });
        },
      },
    };
    const driving = driveRuns(db, [runId], handlers);
    await isStarted;
    await cancelRuns({ workspaceId: a.workspaceId, runIds: [runId] });
    release();
    await driving;
    expect(await runOf(runId)).toMatchObject({ status: "cancelled" });
    // The slow step's result is kept; nothing follows it in a cancelled run.
    const steps = await stepsOf(runId);
    expect(steps.map((step) => [step.nodeId, step.status])).toEqual([["slow", "completed"]]);
  });

  it("refuses a run that already ended, changing nothing", async () => {
    const { runIds } = await delayedRuns(a, 2);
    await cancelRuns({ workspaceId: a.workspaceId, runIds: [runIds[0]!] });
    await expect(cancelRuns({ workspaceId: a.workspaceId, runIds })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(`Run ${runIds[0]} is cancelled`),
    });
    expect(await runOf(runIds[1]!)).toMatchObject({ status: "running" });
  });

  it("workspace B cannot cancel A's runs: not found, nothing changed", async () => {
    const { flowId, runIds } = await delayedRuns(a, 1);
    await expect(cancelRuns({ workspaceId: b.workspaceId, runIds })).rejects.toMatchObject({ status: 404 });
    await expect(cancelFlowRuns({ workspaceId: b.workspaceId, flowId })).rejects.toMatchObject({
      status: 404,
    });
    // Mixed: one own run and one foreign one — all refused.
    const own = await delayedRuns(b, 1);
    await expect(
      cancelRuns({ workspaceId: b.workspaceId, runIds: [...own.runIds, ...runIds] }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "running", endedAt: null });
    expect(await runOf(own.runIds[0]!)).toMatchObject({ status: "running" });
  });
});

describe("cancelFlowRuns", () => {
  it("cancels the flow's runs in progress and leaves ended runs and other flows alone", async () => {
    const { flowId, runIds } = await delayedRuns(a, 3);
    const other = await delayedRuns(a, 1);
    await cancelRuns({ workspaceId: a.workspaceId, runIds: [runIds[0]!], userLabel: "First" });
    expect(await cancelFlowRuns({ workspaceId: a.workspaceId, flowId, userLabel: "Ada" })).toEqual({
      cancelled: 2,
    });
    expect(await runOf(runIds[0]!)).toMatchObject({ exitReason: "Cancelled by First" });
    expect(await runOf(runIds[2]!)).toMatchObject({ status: "cancelled", exitReason: "Cancelled by Ada" });
    expect(await runOf(other.runIds[0]!)).toMatchObject({ status: "running" });
  });
});

describe("turnFlowOff", () => {
  it("turns the flow off, keeping its live version, and lets its runs finish", async () => {
    const { flowId, runIds } = await delayedRuns(a, 1);
    const before = await prisma.flow.findUniqueOrThrow({ where: { id: flowId } });
    expect(
      await turnFlowOff({ workspaceId: a.workspaceId, flowId, runningRuns: "finish", userId: null }),
    ).toEqual({ cancelled: 0 });
    const flow = await prisma.flow.findUniqueOrThrow({ where: { id: flowId } });
    expect(flow).toMatchObject({ status: "draft", liveVersionId: before.liveVersionId });
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "running" });
  });

  it("cancels the runs in progress when asked to", async () => {
    const { flowId, runIds } = await delayedRuns(a, 2);
    expect(
      await turnFlowOff({ workspaceId: a.workspaceId, flowId, runningRuns: "cancel", userLabel: "Ada" }),
    ).toEqual({ cancelled: 2 });
    for (const runId of runIds) expect(await runOf(runId)).toMatchObject({ status: "cancelled" });
  });

  it("workspace B cannot turn A's flow off: not found, nothing changed", async () => {
    const { flowId, runIds } = await delayedRuns(a, 1);
    await expect(
      turnFlowOff({ workspaceId: b.workspaceId, flowId, runningRuns: "cancel" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await prisma.flow.findUniqueOrThrow({ where: { id: flowId } })).toMatchObject({ status: "live" });
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "running" });
  });
});
