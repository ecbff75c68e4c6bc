import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  approveAllWaitingAction,
  approveReviewStepsAction,
  cancelFlowRunsAction,
  cancelRunsAction,
  replayFailedRunsAction,
  replayRunsAction,
  skipAllWaitingAction,
  skipReviewStepsAction,
  testRunFlowAction,
  turnFlowOffAction,
} from "@/lib/actions/run-actions";
import {
  createWorkspaceFixture,
  node,
  publishChainFlow,
  type TWorkspaceFixture,
} from "@/lib/engine/run-actions/run-action-fixtures";
import { createRoleMembers } from "@/test/act-as";
import { createTestDatabase } from "@/test/database";

// The runs page's server actions through the real workspace gate (membership and role read from
// the database); only the session cookie is stood in for. The domain behind each action has its
// own tests (lib/engine/run-actions); these check the role, the workspace and the input.
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const { add: addMembers, actAs } = createRoleMembers({
  emailOf: (role) => `${role}@runs.example`,
  nameOf: (role) => `${role} user`,
});
let mine: TWorkspaceFixture;
let flowId = "";
let theirFlowId = "";

const waitingSteps = (runId: string) =>
  db.prisma.step.findMany({ where: { runId, status: "waiting", waitingReason: "review" } });

beforeAll(async () => {
  mine = await createWorkspaceFixture("Runs roles");
  await addMembers(db.prisma, { workspaceId: mine.workspaceId, roles: ["viewer", "editor"] });
  // A manual flow: each action waits in the review queue.
  flowId = (
    await publishChainFlow({
      workspaceId: mine.workspaceId,
      status: "manual",
      nodes: [node.trigger(mine.listId), node.webhook("hook")],
    })
  ).flowId;
  const theirs = await createWorkspaceFixture("Someone else");
  theirFlowId = (
    await publishChainFlow({ workspaceId: theirs.workspaceId, nodes: [node.trigger(theirs.listId)] })
  ).flowId;
});

describe("run actions", () => {
  it("a viewer can change nothing: every action needs the editor role", async () => {
    actAs("viewer");
    const runIds = [crypto.randomUUID()];
    const stepIds = [crypto.randomUUID()];
    const replay = { from: "start", version: "same" } as const;
    const refused = [
      await testRunFlowAction({ flowId, profile: mine.email }),
      await approveReviewStepsAction({ stepIds }),
      await skipReviewStepsAction({ stepIds }),
      await approveAllWaitingAction({ flowId }),
      await skipAllWaitingAction({ flowId }),
      await cancelRunsAction({ runIds }),
      await cancelFlowRunsAction({ flowId }),
      await turnFlowOffAction({ flowId, runningRuns: "cancel" }),
      await replayRunsAction({ runIds, ...replay }),
      await replayFailedRunsAction({ flowId, ...replay }),
    ];
    for (const result of refused) {
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/needs the editor role/) });
    }
    expect(await db.prisma.run.count({ where: { flowId } })).toBe(0);
    expect((await db.prisma.flow.findUniqueOrThrow({ where: { id: flowId } })).status).toBe("manual");
  });

  it("an editor test-runs by email, skips one waiting profile, approves the rest, cancels a run", async () => {
    actAs("editor");
    const first = await testRunFlowAction({ flowId, profile: mine.email.toUpperCase() });
    expect(first).toMatchObject({ ok: true, data: { runId: expect.any(String) } });
    const firstRunId = first.ok ? first.data.runId : "";
    const [held] = await waitingSteps(firstRunId);
    expect(held?.nodeId).toBe("hook");
    expect(await skipReviewStepsAction({ stepIds: [held!.id] })).toMatchObject({ ok: true });
    const skipped = await db.prisma.run.findUniqueOrThrow({ where: { id: firstRunId } });
    expect(skipped.status).toBe("exited");
    expect(skipped.exitReason).toContain("editor user");

    const second = await testRunFlowAction({ flowId, profile: mine.profileId });
    const secondRunId = second.ok ? second.data.runId : "";
    expect(await waitingSteps(secondRunId)).toHaveLength(1);
    expect(await approveAllWaitingAction({ flowId })).toMatchObject({ ok: true });
    expect(await waitingSteps(secondRunId)).toHaveLength(0);
    expect(await cancelRunsAction({ runIds: [secondRunId] })).toMatchObject({ ok: true });
    expect((await db.prisma.run.findUniqueOrThrow({ where: { id: secondRunId } })).status).toBe("cancelled");
  });

  it("bad input names the field; another workspace's flow is not found", async () => {
    actAs("editor");
    expect(await testRunFlowAction({ flowId, profile: "  " })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/profile id or email/i),
    });
    expect(await turnFlowOffAction({ flowId, runningRuns: "later" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/runs in progress/),
    });
    expect(await turnFlowOffAction({ flowId: theirFlowId, runningRuns: "finish" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not found/),
    });
    expect((await db.prisma.flow.findUniqueOrThrow({ where: { id: theirFlowId } })).status).toBe("live");
  });
});
