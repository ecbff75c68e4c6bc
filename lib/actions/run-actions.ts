"use server";

import { refresh } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import type { TCurrentUser } from "@/lib/auth/current-user";
import { approveAllWaiting, approveReviewSteps } from "@/lib/engine/run-actions/approve-review-steps";
import { cancelFlowRuns, cancelRuns } from "@/lib/engine/run-actions/cancel-runs";
import { findProfileOrThrow } from "@/lib/engine/run-actions/find-profile-or-throw";
import { replayFailedRuns, replayRuns } from "@/lib/engine/run-actions/replay-runs";
import {
  ZFlowRef,
  ZReplayFailedRunsInput,
  ZReplayRunsInput,
  ZRunIdsInput,
  ZStepIdsInput,
  ZTestRunInput,
  ZTurnFlowOffInput,
} from "@/lib/engine/run-actions/run-action-schemas";
import { skipAllWaiting, skipReviewSteps } from "@/lib/engine/run-actions/skip-review-steps";
import { testRunFlow } from "@/lib/engine/run-actions/test-run-flow";
import { turnFlowOff } from "@/lib/engine/run-actions/turn-flow-off";

// The runs page's actions. Changing runs needs the editor role (editors build and operate flows);
// viewers read runs through the pages and /api/app/runs. Every action re-checks the session,
// workspace and role itself (workspaceAction) and passes the workspace id down, so an id from
// another workspace is "not found".

/** How a user is named in a run's exit reason ("Skipped in review by …"). */
function userLabel(user: TCurrentUser): string {
  return user.name.trim() || user.email;
}

export async function approveReviewStepsAction(input: unknown) {
  return workspaceAction({
    name: "approveReviewSteps",
    role: "editor",
    schema: ZStepIdsInput,
    input,
    run: async ({ stepIds }, { workspace }) => {
      const result = await approveReviewSteps({ workspaceId: workspace.id, stepIds });
      refresh();
      return result;
    },
  });
}

export async function skipReviewStepsAction(input: unknown) {
  return workspaceAction({
    name: "skipReviewSteps",
    role: "editor",
    schema: ZStepIdsInput,
    input,
    run: async ({ stepIds }, { workspace, user }) => {
      const result = await skipReviewSteps({
        workspaceId: workspace.id,
        stepIds,
        userLabel: userLabel(user),
      });
      refresh();
      return result;
    },
  });
}

export async function approveAllWaitingAction(input: unknown) {
  return workspaceAction({
    name: "approveAllWaiting",
    role: "editor",
    schema: ZFlowRef,
    input,
    run: async ({ flowId }, { workspace }) => {
      const result = await approveAllWaiting({ workspaceId: workspace.id, flowId });
      refresh();
      return result;
    },
  });
}

export async function skipAllWaitingAction(input: unknown) {
  return workspaceAction({
    name: "skipAllWaiting",
    role: "editor",
    schema: ZFlowRef,
    input,
    run: async ({ flowId }, { workspace, user }) => {
      const result = await skipAllWaiting({ workspaceId: workspace.id, flowId, userLabel: userLabel(user) });
      refresh();
      return result;
    },
  });
}

export async function cancelRunsAction(input: unknown) {
  return workspaceAction({
    name: "cancelRuns",
    role: "editor",
    schema: ZRunIdsInput,
    input,
    run: async ({ runIds }, { workspace, user }) => {
      const result = await cancelRuns({ workspaceId: workspace.id, runIds, userLabel: userLabel(user) });
      refresh();
      return result;
    },
  });
}

export async function cancelFlowRunsAction(input: unknown) {
  return workspaceAction({
    name: "cancelFlowRuns",
    role: "editor",
    schema: ZFlowRef,
    input,
    run: async ({ flowId }, { workspace, user }) => {
      const result = await cancelFlowRuns({ workspaceId: workspace.id, flowId, userLabel: userLabel(user) });
      refresh();
      return result;
    },
  });
}

export async function turnFlowOffAction(input: unknown) {
  return workspaceAction({
    name: "turnFlowOff",
    role: "editor",
    schema: ZTurnFlowOffInput,
    input,
    run: async ({ flowId, runningRuns }, { workspace, user }) => {
      const result = await turnFlowOff({
        workspaceId: workspace.id,
        flowId,
        runningRuns,
        userId: user.id,
        userLabel: userLabel(user),
      });
      refresh();
      return result;
    },
  });
}

export async function replayRunsAction(input: unknown) {
  return workspaceAction({
    name: "replayRuns",
    role: "editor",
    schema: ZReplayRunsInput,
    input,
    run: async ({ runIds, from, version }, { workspace }) => {
      const result = await replayRuns({ workspaceId: workspace.id, runIds, from, version });
      refresh();
      return result;
    },
  });
}

export async function replayFailedRunsAction(input: unknown) {
  return workspaceAction({
    name: "replayFailedRuns",
    role: "editor",
    schema: ZReplayFailedRunsInput,
    input,
    run: async ({ flowId, from, version }, { workspace }) => {
      const result = await replayFailedRuns({ workspaceId: workspace.id, flowId, from, version });
      refresh();
      return result;
    },
  });
}

/** Returns the new run's id, for the form to link to. */
export async function testRunFlowAction(input: unknown) {
  return workspaceAction({
    name: "testRunFlow",
    role: "editor",
    schema: ZTestRunInput,
    input,
    run: async ({ flowId, profile }, { workspace }) => {
      const found = await findProfileOrThrow({ workspaceId: workspace.id, idOrEmail: profile });
      const result = await testRunFlow({ workspaceId: workspace.id, flowId, profileId: found.id });
      refresh();
      return result;
    },
  });
}
