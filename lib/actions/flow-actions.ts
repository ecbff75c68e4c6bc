"use server";

import { refresh } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import type { TCurrentUser } from "@/lib/auth/current-user";
import { ZFlowRef } from "@/lib/engine/run-actions/run-action-schemas";
import { createFlowFromTemplate } from "@/lib/flows/create-flow-from-template";
import { deleteFlow, FlowHasActiveRunsError } from "@/lib/flows/delete-flow";
import { duplicateFlow } from "@/lib/flows/duplicate-flow";
import {
  ZCreateFlowInput,
  ZDeleteFlowInput,
  ZPublishFlowInput,
  ZRenameFlowInput,
  ZSaveDraftInput,
} from "@/lib/flows/flow-action-schemas";
import { FlowProblemsError, publishFlow } from "@/lib/flows/publish-flow";
import { renameFlow } from "@/lib/flows/rename-flow";
import { DraftConflictError, saveDraft } from "@/lib/flows/save-draft";
import type { TGraphProblem } from "@/lib/flows/validate-graph";

// The flow builder's actions. Changing a flow needs the editor role; viewers open the editor
// read-only (the page decides) and every action re-checks the role itself (workspaceAction).

function userLabel(user: TCurrentUser): string {
  return user.name.trim() || user.email;
}

export async function createFlowAction(input: unknown) {
  return workspaceAction({
    name: "createFlow",
    role: "editor",
    schema: ZCreateFlowInput,
    input,
    run: async ({ template, name }, { workspace, user }) => {
      const flow = await createFlowFromTemplate({
        workspaceId: workspace.id,
        template,
        name,
        userId: user.id,
      });
      return { flowId: flow.id };
    },
  });
}

export type TSaveDraftReply =
  | { status: "saved"; revision: number; savedAt: string }
  | { status: "conflict"; currentRevision: number; message: string };

/** A conflict is a reply, not a failure: the editor offers reload or overwrite. */
export async function saveDraftAction(input: unknown) {
  return workspaceAction({
    name: "saveDraft",
    role: "editor",
    schema: ZSaveDraftInput,
    input,
    run: async (draft, { workspace, user }): Promise<TSaveDraftReply> => {
      try {
        const saved = await saveDraft({ ...draft, workspaceId: workspace.id, userId: user.id });
        return { status: "saved", revision: saved.revision, savedAt: saved.updatedAt.toISOString() };
      } catch (error) {
        if (!(error instanceof DraftConflictError)) throw error;
        return { status: "conflict", currentRevision: error.currentRevision, message: error.message };
      }
    },
  });
}

export async function renameFlowAction(input: unknown) {
  return workspaceAction({
    name: "renameFlow",
    role: "editor",
    schema: ZRenameFlowInput,
    input,
    run: async ({ flowId, name }, { workspace, user }) => {
      const result = await renameFlow({ workspaceId: workspace.id, flowId, name, userId: user.id });
      refresh();
      return result;
    },
  });
}

export async function duplicateFlowAction(input: unknown) {
  return workspaceAction({
    name: "duplicateFlow",
    role: "editor",
    schema: ZFlowRef,
    input,
    run: async ({ flowId }, { workspace, user }) => {
      const flow = await duplicateFlow({ workspaceId: workspace.id, flowId, userId: user.id });
      refresh();
      return { flowId: flow.id };
    },
  });
}

export type TDeleteFlowReply =
  | { deleted: true; cancelled: number }
  | { deleted: false; activeRuns: number; message: string };

/** Active runs are a reply (the dialog offers to cancel them), not an error string. */
export async function deleteFlowAction(input: unknown) {
  return workspaceAction({
    name: "deleteFlow",
    role: "editor",
    schema: ZDeleteFlowInput,
    input,
    run: async ({ flowId, cancelRuns }, { workspace, user }): Promise<TDeleteFlowReply> => {
      try {
        const result = await deleteFlow({
          workspaceId: workspace.id,
          flowId,
          cancelRuns,
          userLabel: userLabel(user),
        });
        refresh();
        return { deleted: true, cancelled: result.cancelled };
      } catch (error) {
        if (!(error instanceof FlowHasActiveRunsError)) throw error;
        return { deleted: false, activeRuns: error.activeRuns, message: error.message };
      }
    },
  });
}

export type TPublishReply =
  | { published: true; versionNumber: number; status: "live" | "manual" }
  | { published: false; problems: TGraphProblem[] };

/** Problems are a reply (the editor lists them and focuses nodes), not an error string. */
export async function publishFlowAction(input: unknown) {
  return workspaceAction({
    name: "publishFlow",
    role: "editor",
    schema: ZPublishFlowInput,
    input,
    run: async ({ flowId, status }, { workspace, user }): Promise<TPublishReply> => {
      try {
        const version = await publishFlow({ workspaceId: workspace.id, flowId, status, userId: user.id });
        return { published: true, versionNumber: version.number, status };
      } catch (error) {
        if (!(error instanceof FlowProblemsError)) throw error;
        return { published: false, problems: error.problems };
      }
    },
  });
}
