import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import { StepError, type TStepHandlers } from "@/lib/engine/step-handler";
import { createTestDatabase } from "@/test/database";
import { cancelRuns } from "./cancel-runs";
import { replayFailedRuns, replayRuns } from "./replay-runs";
import {
  createWorkspaceFixture,
  driveRuns,
  node,
  publishChainFlow,
  queuedStepIds,
  republishChainFlow,
  runOf,
  stepsOf,
} from "./run-action-fixtures";
import { testRunFlow } from "./test-run-flow";

const db = await createTestDatabase();
const a = await createWorkspaceFixture("Alpha");
const b = await createWorkspaceFixture("Beta");

// A stand-in webhook handler: nodes whose id starts with "bad" fail for good while `isBroken`.
let isBroken = true;
const handlers: TStepHandlers = {
  ...STEP_HANDLERS,
  webhook: {
    type: "webhook",
    maxAttempts: 1,
    timeoutMs: 1000,
    execute: async (context) => {
      if (isBroken && context.node.id.startsWith("bad"))
        throw new StepError("receiver answered 410", { isRetryable: false });
      return { output: { key: context.step.idempotencyKey } };
    },
  },
};

/** Runs of trigger → ok → bad, driven until they fail at "bad". */
async function failedRuns(fixture: typeof a, count: number, status: "live" | "manual" = "live") {
  const { flowId, versionId } = await publishChainFlow({
    workspaceId: fixture.workspaceId,
    nodes: [node.trigger(fixture.listId), node.webhook("ok"), node.webhook("bad")],
  });
  const runIds: string[] = [];
  for (let index = 0; index < count; index++) {
    runIds.push(
      (await testRunFlow({ workspaceId: fixture.workspaceId, flowId, profileId: fixture.profileId })).runId,
    );
  }
  isBroken = true;
  await driveRuns(db, runIds, handlers);
  if (status === "manual") await prisma.flow.update({ where: { id: flowId }, data: { status: "manual" } });
  return { flowId, versionId, runIds };
}

const stepKeys = async (runId: string) =>
  (await stepsOf(runId)).map(
    (step) => `${step.nodeId}:${step.idempotencyKey.split(":").at(-1)}:${step.status}`,
  );

describe("replayRuns", () => {
  it("from the start: a new round with new idempotency keys, queued in the same transaction", async () => {
    const { runIds } = await failedRuns(a, 1);
    const runId = runIds[0]!;
    const failed = await runOf(runId);
    expect(failed).toMatchObject({ status: "failed", replayCount: 0 });
    expect(failed.error).toContain("receiver answered 410");

    expect(await replayRuns({ workspaceId: a.workspaceId, runIds, from: "start", version: "same" })).toEqual({
      replayed: 1,
    });
    expect(await runOf(runId)).toMatchObject({
      status: "running",
      replayCount: 1,
      error: null,
      exitReason: null,
      endedAt: null,
    });
    const steps = await stepsOf(runId);
    expect(await stepKeys(runId)).toEqual(["ok:0:completed", "bad:0:failed", "ok:1:scheduled"]);
    expect(await queuedStepIds()).toContain(steps[2]!.id);

    isBroken = false;
    await driveRuns(db, runIds, handlers);
    expect(await runOf(runId)).toMatchObject({ status: "completed" });
    expect(await stepKeys(runId)).toEqual([
      "ok:0:completed",
      "bad:0:failed",
      "ok:1:completed",
      "bad:1:completed",
    ]);
    // The handler saw the new round's key: a webhook would be a new delivery.
    expect((await stepsOf(runId))[3]!.output).toEqual({ key: `${runId}:bad:1` });
  });

  it("from the failed step: only that node runs again", async () => {
    const { runIds } = await failedRuns(a, 1);
    await replayRuns({ workspaceId: a.workspaceId, runIds, from: "failed-step", version: "same" });
    expect(await stepKeys(runIds[0]!)).toEqual(["ok:0:completed", "bad:0:failed", "bad:1:scheduled"]);
    isBroken = false;
    await driveRuns(db, runIds, handlers);
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "completed", replayCount: 1 });
  });

  it("on the current version: the run moves to it", async () => {
    const { flowId, versionId, runIds } = await failedRuns(a, 1);
    const next = await republishChainFlow({
      workspaceId: a.workspaceId,
      flowId,
      nodes: [node.trigger(a.listId), node.webhook("ok"), node.webhook("bad"), node.webhook("extra")],
    });
    expect(next.versionId).not.toBe(versionId);
    await replayRuns({ workspaceId: a.workspaceId, runIds, from: "failed-step", version: "current" });
    expect(await runOf(runIds[0]!)).toMatchObject({ flowVersionId: next.versionId });
    isBroken = false;
    await driveRuns(db, runIds, handlers);
    expect(await stepKeys(runIds[0]!)).toContain("extra:1:completed");
  });

  it("refuses a failed node missing from the chosen version, naming it, and changes nothing", async () => {
    const { flowId, versionId, runIds } = await failedRuns(a, 1);
    await republishChainFlow({
      workspaceId: a.workspaceId,
      flowId,
      nodes: [node.trigger(a.listId), node.webhook("ok"), node.webhook("renamed")],
    });
    await expect(
      replayRuns({ workspaceId: a.workspaceId, runIds, from: "failed-step", version: "current" }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/node "bad" is not in version 2/),
    });
    expect(await runOf(runIds[0]!)).toMatchObject({
      status: "failed",
      replayCount: 0,
      flowVersionId: versionId,
    });
    expect(await stepsOf(runIds[0]!)).toHaveLength(2);
    // On its own version the node exists: that works.
    await replayRuns({ workspaceId: a.workspaceId, runIds, from: "failed-step", version: "same" });
    expect(await stepKeys(runIds[0]!)).toContain("bad:1:scheduled");
  });

  it("replays a cancelled run from the start, and refuses 'from the failed step' when none failed", async () => {
    const { flowId } = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.delay("wait"), node.webhook("ok")],
    });
    const { runId } = await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId });
    await cancelRuns({ workspaceId: a.workspaceId, runIds: [runId] });
    await expect(
      replayRuns({ workspaceId: a.workspaceId, runIds: [runId], from: "failed-step", version: "same" }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("has no failed step") });
    await replayRuns({ workspaceId: a.workspaceId, runIds: [runId], from: "start", version: "same" });
    expect(await runOf(runId)).toMatchObject({ status: "running", replayCount: 1, exitReason: null });
    expect(await stepKeys(runId)).toEqual(["wait:0:skipped", "wait:1:scheduled"]);
  });

  it("holds a manual flow's replayed action step for review", async () => {
    const { runIds } = await failedRuns(a, 1, "manual");
    await replayRuns({ workspaceId: a.workspaceId, runIds, from: "failed-step", version: "same" });
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "waiting" });
    const step = (await stepsOf(runIds[0]!))[2]!;
    expect(step).toMatchObject({ nodeId: "bad", status: "waiting", waitingReason: "review" });
    expect(await queuedStepIds()).not.toContain(step.id);
  });

  it("refuses runs that did not end, or still have a step running", async () => {
    const { runIds } = await failedRuns(a, 2);
    isBroken = false;
    await replayRuns({ workspaceId: a.workspaceId, runIds: [runIds[0]!], from: "start", version: "same" });
    await expect(
      replayRuns({ workspaceId: a.workspaceId, runIds, from: "start", version: "same" }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining(`Run ${runIds[0]} is running`) });
    expect(await runOf(runIds[1]!)).toMatchObject({ status: "failed", replayCount: 0 });
    await driveRuns(db, [runIds[0]!], handlers);
    await expect(
      replayRuns({ workspaceId: a.workspaceId, runIds: [runIds[0]!], from: "start", version: "same" }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining("is completed") });

    const stuck = (await stepsOf(runIds[1]!))[0]!;
    await prisma.step.update({ where: { id: stuck.id }, data: { status: "running" } });
    await expect(
      replayRuns({ workspaceId: a.workspaceId, runIds: [runIds[1]!], from: "start", version: "same" }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining("step ok running") });
  });

  it("workspace B cannot replay A's runs: not found, nothing changed", async () => {
    const { flowId, runIds } = await failedRuns(a, 1);
    await expect(
      replayRuns({ workspaceId: b.workspaceId, runIds, from: "start", version: "same" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      replayFailedRuns({ workspaceId: b.workspaceId, flowId, from: "start", version: "same" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "failed", replayCount: 0 });
    expect(await stepsOf(runIds[0]!)).toHaveLength(2);
  });
});

describe("replayFailedRuns", () => {
  it("replays every failed run of the flow, and only those", async () => {
    const { flowId, runIds } = await failedRuns(a, 3);
    const other = await failedRuns(a, 1);
    // One of the flow's runs exited instead: not a failed run, so not replayed.
    await prisma.run.update({ where: { id: runIds[2]! }, data: { status: "exited", error: null } });
    expect(
      await replayFailedRuns({ workspaceId: a.workspaceId, flowId, from: "failed-step", version: "same" }),
    ).toEqual({ replayed: 2 });
    expect(await runOf(runIds[0]!)).toMatchObject({ status: "running", replayCount: 1 });
    expect(await runOf(runIds[1]!)).toMatchObject({ status: "running", replayCount: 1 });
    expect(await runOf(runIds[2]!)).toMatchObject({ status: "exited", replayCount: 0 });
    expect(await runOf(other.runIds[0]!)).toMatchObject({ status: "failed", replayCount: 0 });
    expect(
      await replayFailedRuns({ workspaceId: a.workspaceId, flowId, from: "start", version: "same" }),
    ).toEqual({ replayed: 0 });
  });
});
