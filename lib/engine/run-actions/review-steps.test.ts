import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { createTestDatabase } from "@/test/database";
import { approveAllWaiting, approveReviewSteps } from "./approve-review-steps";
import {
  createWorkspaceFixture,
  driveRuns,
  node,
  publishChainFlow,
  queuedStepIds,
  runOf,
  stepsOf,
} from "./run-action-fixtures";
import { skipAllWaiting, skipReviewSteps } from "./skip-review-steps";
import { testRunFlow } from "./test-run-flow";

const db = await createTestDatabase();
const a = await createWorkspaceFixture("Alpha");
const b = await createWorkspaceFixture("Beta");

// A stand-in webhook handler (the real one belongs to the webhooks issue) that succeeds.
const handlers: TStepHandlers = {
  ...STEP_HANDLERS,
  webhook: {
    type: "webhook",
    maxAttempts: 1,
    timeoutMs: 1000,
    execute: async () => ({ output: { ok: true } }),
  },
};

async function manualRuns(fixture: typeof a, count: number) {
  const { flowId } = await publishChainFlow({
    workspaceId: fixture.workspaceId,
    nodes: [node.trigger(fixture.listId), node.webhook("hook"), node.webhook("second")],
    status: "manual",
  });
  const runIds: string[] = [];
  for (let index = 0; index < count; index++) {
    runIds.push(
      (await testRunFlow({ workspaceId: fixture.workspaceId, flowId, profileId: fixture.profileId })).runId,
    );
  }
  const steps = await prisma.step.findMany({ where: { runId: { in: runIds } }, orderBy: { id: "asc" } });
  return { flowId, runIds, stepIds: steps.map((step) => step.id) };
}

describe("approveReviewSteps", () => {
  it("schedules and enqueues the step, the run runs on and stops at the next action for review", async () => {
    const { runIds, stepIds } = await manualRuns(a, 1);
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "waiting" });
    expect(await approveReviewSteps({ workspaceId: a.workspaceId, stepIds })).toEqual({ approved: 1 });
    expect((await stepsOf(runIds[0]!))[0]).toMatchObject({ status: "scheduled", waitingReason: null });
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "running" });
    expect(await queuedStepIds()).toContain(stepIds[0]);

    await driveRuns(db, runIds, handlers);
    const steps = await stepsOf(runIds[0]!);
    expect(steps.map((step) => [step.nodeId, step.status])).toEqual([
      ["hook", "completed"],
      ["second", "waiting"],
    ]);
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "waiting" });
  });

  it("refuses a step that is no longer waiting, changing nothing", async () => {
    const { runIds, stepIds } = await manualRuns(a, 2);
    await approveReviewSteps({ workspaceId: a.workspaceId, stepIds: [stepIds[0]!] });
    await expect(approveReviewSteps({ workspaceId: a.workspaceId, stepIds })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(`Step ${stepIds[0]} is no longer waiting for review`),
    });
    expect((await stepsOf(runIds[1]!))[0]).toMatchObject({ status: "waiting" });
  });

  it("keeps a step due later (after a delay) for its time", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.delay("wait", 2, "hours"), node.webhook("hook")],
      status: "manual",
    });
    const { runId } = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    await driveRuns(db, [runId], handlers);
    const hook = (await stepsOf(runId)).find((step) => step.nodeId === "hook")!;
    expect(hook.status).toBe("waiting");
    await approveReviewSteps({ workspaceId: a.workspaceId, stepIds: [hook.id] });
    const after = (await stepsOf(runId)).find((step) => step.nodeId === "hook")!;
    expect(after.status).toBe("scheduled");
    expect(after.scheduledFor?.getTime()).toBe(hook.scheduledFor?.getTime());
    const rows = await prisma.$queryRaw<{ run_at: Date }[]>`
      select run_at from graphile_worker._private_jobs where payload::text like ${`%${hook.id}%`}`;
    expect(rows[0]!.run_at.getTime()).toBe(hook.scheduledFor!.getTime());
  });

  it("approveAllWaiting approves every waiting step of the flow and no other flow's", async () => {
    const { flowId, runIds } = await manualRuns(a, 3);
    const other = await manualRuns(a, 1);
    expect(await approveAllWaiting({ workspaceId: a.workspaceId, flowId })).toEqual({ approved: 3 });
    for (const runId of runIds) expect(await runOf(runId)).toMatchObject({ status: "running" });
    expect((await stepsOf(other.runIds[0]!))[0]).toMatchObject({ status: "waiting" });
    expect(await approveAllWaiting({ workspaceId: a.workspaceId, flowId })).toEqual({ approved: 0 });
  });

  it("workspace B cannot approve A's steps nor A's flow: not found, nothing changed", async () => {
    const { flowId, runIds, stepIds } = await manualRuns(a, 1);
    const before = await runOf(runIds[0]!);
    await expect(approveReviewSteps({ workspaceId: b.workspaceId, stepIds })).rejects.toMatchObject({
      status: 404,
    });
    await expect(approveAllWaiting({ workspaceId: b.workspaceId, flowId })).rejects.toMatchObject({
      status: 404,
    });
    expect(await runOf(runIds[0]!)).toEqual(before);
    expect((await stepsOf(runIds[0]!))[0]).toMatchObject({ status: "waiting" });
    expect(await queuedStepIds()).not.toContain(stepIds[0]);
  });
});

describe("skipReviewSteps", () => {
  it("skips the step and exits the run with who skipped it", async () => {
    const { runIds, stepIds } = await manualRuns(a, 1);
    expect(await skipReviewSteps({ workspaceId: a.workspaceId, stepIds, userLabel: "Grace Hopper" })).toEqual(
      { skipped: 1 },
    );
    const run = await runOf(runIds[0]!);
    expect(run).toMatchObject({ status: "exited", exitReason: "Skipped in review by Grace Hopper" });
    expect(run.endedAt).toBeInstanceOf(Date);
    expect((await stepsOf(runIds[0]!))[0]).toMatchObject({ status: "skipped", waitingReason: null });
    expect(await queuedStepIds()).not.toContain(stepIds[0]);
  });

  it("skipAllWaiting exits every waiting run of the flow", async () => {
    const { flowId, runIds } = await manualRuns(a, 2);
    expect(await skipAllWaiting({ workspaceId: a.workspaceId, flowId, userLabel: "Ada" })).toEqual({
      skipped: 2,
    });
    for (const runId of runIds) expect(await runOf(runId)).toMatchObject({ status: "exited" });
  });

  it("refuses a step that was already approved", async () => {
    const { stepIds } = await manualRuns(a, 1);
    await approveReviewSteps({ workspaceId: a.workspaceId, stepIds });
    await expect(
      skipReviewSteps({ workspaceId: a.workspaceId, stepIds, userLabel: "Ada" }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("workspace B cannot skip A's steps: not found, nothing changed", async () => {
    const { flowId, runIds, stepIds } = await manualRuns(a, 1);
    const before = await runOf(runIds[0]!);
    await expect(
      skipReviewSteps({ workspaceId: b.workspaceId, stepIds, userLabel: "Mallory" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      skipAllWaiting({ workspaceId: b.workspaceId, flowId, userLabel: "Mallory" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await runOf(runIds[0]!)).toEqual(before);
    expect((await stepsOf(runIds[0]!))[0]).toMatchObject({ status: "waiting" });
  });
});
