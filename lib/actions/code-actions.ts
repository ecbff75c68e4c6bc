"use server";

import { refresh } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { deleteCodeSecret, setCodeSecret } from "@/lib/code/functions/code-secrets";
import { createCodeFunction, duplicateCodeFunction } from "@/lib/code/functions/create-code-function";
import { deployCodeFunction, redeployCodeVersion } from "@/lib/code/functions/deploy-code-function";
import { getInvocation, listInvocations } from "@/lib/code/functions/queries";
import { deleteCodeFunction, renameCodeFunction } from "@/lib/code/functions/rename-or-delete-code-function";
import { saveCodeDraft, updateCodeSettings } from "@/lib/code/functions/save-code-draft";
import {
  ZCreateCodeFunction,
  ZDeleteCodeSecret,
  ZFunctionRef,
  ZInvocationRef,
  ZListInvocations,
  ZRedeployCodeVersion,
  ZRenameCodeFunction,
  ZSaveCodeDraft,
  ZSetCodeSecret,
  ZSetCodeTopics,
  ZTestRunCodeFunction,
  ZUpdateCodeSettings,
} from "@/lib/code/functions/schemas";
import { setCodeTopics } from "@/lib/code/functions/set-code-topics";
import { testRunCodeFunction } from "@/lib/code/functions/test-run-code-function";

// The Code page's actions. Roles: editors and above write (create, save, deploy, topics,
// variables, test runs — a test run may apply SDK writes, and even a dry run executes code with
// the function's secrets); viewers read (Logs). Every action re-checks the session, workspace
// and role itself (workspaceAction) and passes the workspace id down, so an id from another
// workspace is "not found".

export async function createCodeFunctionAction(input: unknown) {
  return workspaceAction({
    name: "createCodeFunction",
    role: "editor",
    schema: ZCreateCodeFunction,
    input,
    run: async (fields, { workspace, user }) => {
      const created = await createCodeFunction({ workspaceId: workspace.id, userId: user.id, ...fields });
      refresh();
      return { functionId: created.id };
    },
  });
}

export async function duplicateCodeFunctionAction(input: unknown) {
  return workspaceAction({
    name: "duplicateCodeFunction",
    role: "editor",
    schema: ZFunctionRef,
    input,
    run: async ({ functionId }, { workspace, user }) => {
      const copy = await duplicateCodeFunction({ workspaceId: workspace.id, functionId, userId: user.id });
      refresh();
      return { functionId: copy.id };
    },
  });
}

export async function renameCodeFunctionAction(input: unknown) {
  return workspaceAction({
    name: "renameCodeFunction",
    role: "editor",
    schema: ZRenameCodeFunction,
    input,
    run: async ({ functionId, name }, { workspace, user }) => {
      const renamed = await renameCodeFunction({
        workspaceId: workspace.id,
        functionId,
        name,
        userId: user.id,
      });
      refresh();
      return { functionId: renamed.id, name: renamed.name };
    },
  });
}

export async function deleteCodeFunctionAction(input: unknown) {
  return workspaceAction({
    name: "deleteCodeFunction",
    role: "editor",
    schema: ZFunctionRef,
    input,
    run: async ({ functionId }, { workspace }) => {
      await deleteCodeFunction({ workspaceId: workspace.id, functionId });
      refresh();
      return { functionId };
    },
  });
}

/** Saves the draft whatever its state; answers the compile errors (line/column) for the editor's markers. */
export async function saveCodeDraftAction(input: unknown) {
  return workspaceAction({
    name: "saveCodeDraft",
    role: "editor",
    schema: ZSaveCodeDraft,
    input,
    run: ({ functionId, source, settings }, { workspace, user }) =>
      saveCodeDraft({ workspaceId: workspace.id, functionId, source, settings, userId: user.id }),
  });
}

export async function updateCodeSettingsAction(input: unknown) {
  return workspaceAction({
    name: "updateCodeSettings",
    role: "editor",
    schema: ZUpdateCodeSettings,
    input,
    run: async ({ functionId, settings }, { workspace, user }) => {
      const saved = await updateCodeSettings({
        workspaceId: workspace.id,
        functionId,
        settings,
        userId: user.id,
      });
      refresh();
      return saved;
    },
  });
}

export async function deployCodeFunctionAction(input: unknown) {
  return workspaceAction({
    name: "deployCodeFunction",
    role: "editor",
    schema: ZFunctionRef,
    input,
    run: async ({ functionId }, { workspace, user }) => {
      const deployed = await deployCodeFunction({ workspaceId: workspace.id, functionId, userId: user.id });
      refresh();
      return deployed;
    },
  });
}

export async function redeployCodeVersionAction(input: unknown) {
  return workspaceAction({
    name: "redeployCodeVersion",
    role: "editor",
    schema: ZRedeployCodeVersion,
    input,
    run: async ({ functionId, versionId }, { workspace, user }) => {
      const deployed = await redeployCodeVersion({
        workspaceId: workspace.id,
        functionId,
        versionId,
        userId: user.id,
      });
      refresh();
      return deployed;
    },
  });
}

/** Refuses Opened Email and Received Email with the seed's rule in the message. */
export async function setCodeTopicsAction(input: unknown) {
  return workspaceAction({
    name: "setCodeTopics",
    role: "editor",
    schema: ZSetCodeTopics,
    input,
    run: async ({ functionId, metricIds }, { workspace }) => {
      const topics = await setCodeTopics({ workspaceId: workspace.id, functionId, metricIds });
      refresh();
      return { topics: topics.map((metric) => ({ metricId: metric.id, name: metric.name })) };
    },
  });
}

/** Write-only: answers the name and a mask, never the value. */
export async function setCodeSecretAction(input: unknown) {
  return workspaceAction({
    name: "setCodeSecret",
    role: "editor",
    schema: ZSetCodeSecret,
    input,
    run: async ({ functionId, name, value }, { workspace }) => {
      const saved = await setCodeSecret({ workspaceId: workspace.id, functionId, name, value });
      refresh();
      return saved;
    },
  });
}

export async function deleteCodeSecretAction(input: unknown) {
  return workspaceAction({
    name: "deleteCodeSecret",
    role: "editor",
    schema: ZDeleteCodeSecret,
    input,
    run: async ({ functionId, name }, { workspace }) => {
      const result = await deleteCodeSecret({ workspaceId: workspace.id, functionId, name });
      refresh();
      return result;
    },
  });
}

/** Runs the draft (or unsaved source) on an event, a profile or a sample; dry run or apply. */
export async function testRunCodeFunctionAction(input: unknown) {
  return workspaceAction({
    name: "testRunCodeFunction",
    role: "editor",
    schema: ZTestRunCodeFunction,
    input,
    run: ({ functionId, source, input: runInput, mode }, { workspace }) =>
      testRunCodeFunction({ workspaceId: workspace.id, functionId, source, input: runInput, mode }),
  });
}

export async function listInvocationsAction(input: unknown) {
  return workspaceAction({
    name: "listInvocations",
    role: "viewer",
    schema: ZListInvocations,
    input,
    run: ({ functionId, cursor, pageSize }, { workspace }) =>
      listInvocations({ workspaceId: workspace.id, functionId, cursor, pageSize }),
  });
}

export async function getInvocationAction(input: unknown) {
  return workspaceAction({
    name: "getInvocation",
    role: "viewer",
    schema: ZInvocationRef,
    input,
    run: ({ invocationId }, { workspace }) => getInvocation({ workspaceId: workspace.id, invocationId }),
  });
}
