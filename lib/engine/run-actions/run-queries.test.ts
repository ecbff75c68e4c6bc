import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createTestDatabase } from "@/test/database";
import { getRunWithSteps } from "./get-run-with-steps";
import { listFlowSummaries } from "./list-flow-summaries";
import { listReviewSteps } from "./list-review-steps";
import { decodeRunCursor, listRuns } from "./list-runs";
import { nodeCounts, uuidv7LowerBound } from "./node-counts";
import {
  createProfile,
  createWorkspaceFixture,
  driveRuns,
  node,
  publishChainFlow,
} from "./run-action-fixtures";
import { testRunFlow } from "./test-run-flow";

const db = await createTestDatabase();
const a = await createWorkspaceFixture("Alpha");
const b = await createWorkspaceFixture("Beta");

const failing = await publishChainFlow({
  workspaceId: a.workspaceId,
  name: "Failing",
  nodes: [node.trigger(a.listId), node.webhook("hook")],
});
const runIds: string[] = [];
for (let index = 0; index < 5; index++) {
  const profileId = await createProfile(a.workspaceId, `runner${index}@alpha.example`);
  runIds.push((await testRunFlow({ workspaceId: a.workspaceId, flowId: failing.flowId, profileId })).runId);
}
// Spread the start times a minute apart (oldest first) so filters and pages have edges to test.
const base = Date.parse("2031-01-01T12:00:00Z");
for (const [index, runId] of runIds.entries()) {
  await prisma.run.update({ where: { id: runId }, data: { startedAt: new Date(base + index * 60_000) } });
}
await driveRuns(db, runIds.slice(0, 3));

describe("listRuns", () => {
  it("pages newest first along the (started_at, id) keyset, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listRuns>> = await listRuns({
        workspaceId: a.workspaceId,
        flowId: failing.flowId,
        pageSize: 2,
        cursor: cursor ? decodeRunCursor(cursor) : undefined,
      });
      expect(page.runs.length).toBeLessThanOrEqual(2);
      seen.push(...page.runs.map((run) => run.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...runIds].reverse());
  });

  it("carries the profile and version, and filters by status and time", async () => {
    const failed = await listRuns({
      workspaceId: a.workspaceId,
      flowId: failing.flowId,
      status: "failed",
      pageSize: 50,
    });
    expect(failed.runs.map((run) => run.id)).toEqual(runIds.slice(0, 3).reverse());
    expect(failed.runs[0]).toMatchObject({
      versionNumber: 1,
      profile: { email: "runner2@alpha.example", label: "runner2@alpha.example" },
    });
    const window = await listRuns({
      workspaceId: a.workspaceId,
      flowId: failing.flowId,
      from: new Date(base + 60_000),
      to: new Date(base + 3 * 60_000),
      pageSize: 50,
    });
    expect(window.runs.map((run) => run.id)).toEqual([runIds[2], runIds[1]]);
  });

  it("shows nothing of another workspace's flow", async () => {
    const page = await listRuns({ workspaceId: b.workspaceId, flowId: failing.flowId, pageSize: 50 });
    expect(page.runs).toEqual([]);
  });

  it("refuses a cursor that is not one", () => {
    expect(() => decodeRunCursor("garbage")).toThrow("The page cursor is not valid");
  });
});

describe("getRunWithSteps", () => {
  it("returns the run with its flow, version, profile and steps in creation order", async () => {
    const run = await getRunWithSteps({ workspaceId: a.workspaceId, runId: runIds[0]! });
    expect(run).toMatchObject({
      id: runIds[0],
      status: "failed",
      versionNumber: 1,
      isOnCurrentVersion: true,
      flow: { id: failing.flowId, name: "Failing" },
      profile: { email: "runner0@alpha.example" },
      event: null,
    });
    expect(run.steps).toHaveLength(1);
    expect(run.steps[0]).toMatchObject({ nodeId: "hook", status: "failed", attempts: 1, round: 0 });
    expect(run.steps[0]!.error).toContain("No receiver in this test");
    expect(run.steps[0]!.attemptHistory).toEqual([expect.objectContaining({ attempt: 1 })]);
  });

  it("another workspace's run is not found", async () => {
    await expect(getRunWithSteps({ workspaceId: b.workspaceId, runId: runIds[0]! })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("nodeCounts", () => {
  it("counts the flow's steps per node and status since a time", async () => {
    expect(
      await nodeCounts({ workspaceId: a.workspaceId, flowId: failing.flowId, since: new Date(0) }),
    ).toEqual({ hook: { failed: 3, scheduled: 2 } });
    expect(
      await nodeCounts({
        workspaceId: a.workspaceId,
        flowId: failing.flowId,
        since: new Date(Date.now() + 60_000),
      }),
    ).toEqual({});
  });

  it("keeps flows apart whose nodes share ids (a duplicated flow keeps them)", async () => {
    const twin = await publishChainFlow({
      workspaceId: a.workspaceId,
      name: "Twin",
      nodes: [node.trigger(a.listId), node.webhook("hook")],
    });
    const profileId = await createProfile(a.workspaceId, "twin@alpha.example");
    await testRunFlow({ workspaceId: a.workspaceId, flowId: twin.flowId, profileId });
    const since = new Date(0);
    expect(await nodeCounts({ workspaceId: a.workspaceId, flowId: twin.flowId, since })).toEqual({
      hook: { scheduled: 1 },
    });
    expect(await nodeCounts({ workspaceId: a.workspaceId, flowId: failing.flowId, since })).toEqual({
      hook: { failed: 3, scheduled: 2 },
    });
  });

  it("the lower bound sorts below every id of its millisecond and above the previous one", () => {
    expect(uuidv7LowerBound(new Date(0x0123456789ab))).toBe("01234567-89ab-0000-0000-000000000000");
  });

  it("another workspace's flow is not found", async () => {
    await expect(
      nodeCounts({ workspaceId: b.workspaceId, flowId: failing.flowId, since: new Date(0) }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("listReviewSteps", () => {
  it("lists the flow's steps waiting for review, oldest first, with the total", async () => {
    const manual = await publishChainFlow({
      workspaceId: a.workspaceId,
      nodes: [node.trigger(a.listId), node.webhook("hook")],
      status: "manual",
    });
    const first = await testRunFlow({
      workspaceId: a.workspaceId,
      flowId: manual.flowId,
      profileId: a.profileId,
    });
    await testRunFlow({ workspaceId: a.workspaceId, flowId: manual.flowId, profileId: a.profileId });
    const queue = await listReviewSteps({ workspaceId: a.workspaceId, flowId: manual.flowId, limit: 1 });
    expect(queue.total).toBe(2);
    expect(queue.steps).toHaveLength(1);
    expect(queue.steps[0]).toMatchObject({
      nodeId: "hook",
      run: { id: first.runId, profile: { email: a.email } },
    });
    expect(await listReviewSteps({ workspaceId: b.workspaceId, flowId: manual.flowId, limit: 10 })).toEqual({
      steps: [],
      total: 0,
    });
  });
});

describe("listFlowSummaries", () => {
  it("lists the workspace's flows with their runs of the last 7 days", async () => {
    const flows = await listFlowSummaries({
      workspaceId: a.workspaceId,
      now: new Date(base + 3 * 86_400_000),
    });
    const summary = flows.find((flow) => flow.id === failing.flowId);
    expect(summary).toMatchObject({
      name: "Failing",
      status: "live",
      triggerType: "list-trigger",
      liveVersionNumber: 1,
      recentRuns: 5,
    });
    const later = await listFlowSummaries({
      workspaceId: a.workspaceId,
      now: new Date(base + 8 * 86_400_000),
    });
    expect(later.find((flow) => flow.id === failing.flowId)?.recentRuns).toBe(0);
    expect(await listFlowSummaries({ workspaceId: b.workspaceId })).toEqual([]);
  });
});
