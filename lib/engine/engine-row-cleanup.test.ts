import { describe, expect, it } from "vitest";
import { deleteFlow } from "@/lib/flows/delete-flow";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const { prisma } = db;

/**
 * Runs, steps and code invocations carry workspace_id without a foreign key to workspaces (each
 * check was a per-row lookup and a lock on the one hot workspace row, per event): they are
 * deleted through the keys they keep — runs by their flow and profile, steps by their run,
 * invocations by their function. These tests hold that every deletion path still removes them.
 */
async function engineRows() {
  const workspace = await prisma.workspace.create({ data: { name: "cleanup" } });
  const workspaceId = workspace.id;
  const profile = await prisma.profile.create({
    data: { workspaceId, email: `p-${workspaceId}@example.com` },
  });
  const flow = await prisma.flow.create({ data: { workspaceId, name: "f", draftGraph: {} } });
  const version = await prisma.flowVersion.create({
    data: { workspaceId, flowId: flow.id, number: 1, schemaVersion: 1, graph: {} },
  });
  const run = await prisma.run.create({
    data: { workspaceId, flowId: flow.id, flowVersionId: version.id, profileId: profile.id, triggerKey: "t" },
  });
  const step = await prisma.step.create({
    data: { workspaceId, runId: run.id, nodeId: "n", nodeType: "webhook", idempotencyKey: `${run.id}:n:0` },
  });
  const delivery = await prisma.webhookDelivery.create({
    data: {
      workspaceId,
      stepId: step.id,
      flowId: flow.id,
      nodeId: "n",
      messageId: `m-${step.id}`,
      url: "x",
      payload: {},
    },
  });
  await prisma.webhookAttempt.create({
    data: { workspaceId, deliveryId: delivery.id, number: 1, requestHeaders: {}, requestBody: "" },
  });
  const fn = await prisma.codeFunction.create({
    data: { workspaceId, name: "fn", language: "javascript", draftSource: "" },
  });
  const fnVersion = await prisma.codeFunctionVersion.create({
    data: { workspaceId, functionId: fn.id, number: 1, source: "" },
  });
  await prisma.codeInvocation.create({
    data: {
      workspaceId,
      functionId: fn.id,
      versionId: fnVersion.id,
      trigger: "flow",
      runId: run.id,
      stepId: step.id,
      status: "ok",
      durationMs: 1,
    },
  });
  return { workspaceId, profileId: profile.id, flowId: flow.id };
}

async function countsOf(workspaceId: string) {
  const [row] = await db.pool
    .query<{ runs: number; steps: number; deliveries: number; attempts: number; invocations: number }>(
      `select (select count(*)::int from runs where workspace_id = $1) as runs,
              (select count(*)::int from steps where workspace_id = $1) as steps,
              (select count(*)::int from webhook_deliveries where workspace_id = $1) as deliveries,
              (select count(*)::int from webhook_attempts where workspace_id = $1) as attempts,
              (select count(*)::int from code_invocations where workspace_id = $1) as invocations`,
      [workspaceId],
    )
    .then((result) => result.rows);
  return row;
}

describe("engine rows without workspace foreign keys", () => {
  it("deleting a workspace deletes its runs, steps, deliveries and invocations, and no other's", async () => {
    const doomed = await engineRows();
    const kept = await engineRows();
    await prisma.workspace.delete({ where: { id: doomed.workspaceId } });
    expect(await countsOf(doomed.workspaceId)).toEqual({
      runs: 0,
      steps: 0,
      deliveries: 0,
      attempts: 0,
      invocations: 0,
    });
    expect(await countsOf(kept.workspaceId)).toEqual({
      runs: 1,
      steps: 1,
      deliveries: 1,
      attempts: 1,
      invocations: 1,
    });
  });

  it("deleting a flow deletes its runs and their steps; the code log stays with its function", async () => {
    const rows = await engineRows();
    await deleteFlow({ workspaceId: rows.workspaceId, flowId: rows.flowId, cancelRuns: true });
    expect(await countsOf(rows.workspaceId)).toEqual({
      runs: 0,
      steps: 0,
      deliveries: 0,
      attempts: 0,
      invocations: 1,
    });
  });

  it("deleting a profile deletes its runs and their steps", async () => {
    const rows = await engineRows();
    await prisma.profile.delete({ where: { id: rows.profileId } });
    expect(await countsOf(rows.workspaceId)).toEqual({
      runs: 0,
      steps: 0,
      deliveries: 0,
      attempts: 0,
      invocations: 1,
    });
  });

  it("deleting a code function deletes its invocations", async () => {
    const rows = await engineRows();
    await prisma.codeFunction.deleteMany({ where: { workspaceId: rows.workspaceId } });
    expect((await countsOf(rows.workspaceId))?.invocations).toBe(0);
  });
});
