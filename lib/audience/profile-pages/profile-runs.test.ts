import { describe, expect, it } from "vitest";
import { listProfileRuns } from "@/lib/audience/profile-pages/profile-detail";
import {
  createProfile,
  createWorkspaceFixture,
  node,
  publishChainFlow,
} from "@/lib/engine/run-actions/run-action-fixtures";
import { testRunFlow } from "@/lib/engine/run-actions/test-run-flow";
import { createTestDatabase } from "@/test/database";

// Issue 4, "What the user sees": the profile page lists the profile's runs (RunsCard).

const db = await createTestDatabase();

describe("listProfileRuns", () => {
  it("lists the profile's runs of every flow, newest first, with the flow's name, in its workspace only", async () => {
    const a = await createWorkspaceFixture("Profile runs");
    const b = await createWorkspaceFixture("Other workspace");
    const welcome = await publishChainFlow({
      workspaceId: a.workspaceId,
      name: "Welcome",
      nodes: [node.trigger(a.listId), node.delay("wait")],
    });
    const winback = await publishChainFlow({
      workspaceId: a.workspaceId,
      name: "Win-back",
      nodes: [node.trigger(a.listId), node.delay("wait")],
    });
    const other = await createProfile(a.workspaceId, "someone-else@profile-runs.example");
    const started: string[] = [];
    for (const flowId of [welcome.flowId, winback.flowId, welcome.flowId]) {
      started.push((await testRunFlow({ workspaceId: a.workspaceId, flowId, profileId: a.profileId })).runId);
    }
    await testRunFlow({ workspaceId: a.workspaceId, flowId: welcome.flowId, profileId: other });
    // Distinct start times, oldest first, so the order is the page's and not the ids'.
    for (const [index, runId] of started.entries()) {
      await db.prisma.run.update({
        where: { id: runId },
        data: { startedAt: new Date(Date.parse("2031-02-01T10:00:00Z") + index * 60_000) },
      });
    }

    const runs = await listProfileRuns({ workspaceId: a.workspaceId, profileId: a.profileId, take: 20 });
    expect(runs.map((run) => [run.id, run.flow.name])).toEqual([
      [started[2], "Welcome"],
      [started[1], "Win-back"],
      [started[0], "Welcome"],
    ]);
    expect(runs.every((run) => run.status === "running" || run.status === "waiting")).toBe(true);
    expect(
      await listProfileRuns({ workspaceId: a.workspaceId, profileId: a.profileId, take: 2 }),
    ).toHaveLength(2);
    expect(await listProfileRuns({ workspaceId: b.workspaceId, profileId: a.profileId, take: 20 })).toEqual(
      [],
    );
  });
});
