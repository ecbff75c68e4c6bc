"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { ZSegmentDefinition } from "@/lib/audience/segment-definition";
import { explainSegmentMembership } from "@/lib/audience/segments/explain-segment-membership";
import { previewSegment } from "@/lib/audience/segments/preview-segment";
import { recomputeSegment } from "@/lib/audience/segments/recompute-segment";
import { deleteSegment, renameSegment } from "@/lib/audience/segments/rename-delete-segment";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import { getSegmentOrThrow, listSegmentMembers } from "@/lib/audience/segments/segment-queries";
import { invalid } from "@/lib/errors";

// The segment pages' actions. Editors build segments (like lists and flows); viewers preview,
// read members and ask "why is this profile in it?". Every action re-checks session, workspace and
// role (workspaceAction) and passes the workspace id down: another workspace's id is "not found".

const ZName = z.string().trim().min(1, "A segment needs a name").max(255, "At most 255 characters");
const ZSegmentRef = z.object({ segmentId: z.uuid("Unknown segment") });

export async function createSegmentAction(input: unknown) {
  return workspaceAction({
    name: "createSegment",
    role: "editor",
    schema: z.object({ name: ZName, definition: ZSegmentDefinition }),
    input,
    run: async ({ name, definition }, { workspace }) => {
      const saved = await saveSegment({ workspaceId: workspace.id, segmentId: null, name, definition });
      refresh();
      return { id: saved.id, ...saved.result };
    },
  });
}

export async function updateSegmentDefinitionAction(input: unknown) {
  return workspaceAction({
    name: "updateSegmentDefinition",
    role: "editor",
    schema: ZSegmentRef.extend({ definition: ZSegmentDefinition }),
    input,
    run: async ({ segmentId, definition }, { workspace }) => {
      const saved = await saveSegment({ workspaceId: workspace.id, segmentId, definition });
      refresh();
      return { id: saved.id, ...saved.result };
    },
  });
}

export async function renameSegmentAction(input: unknown) {
  return workspaceAction({
    name: "renameSegment",
    role: "editor",
    schema: ZSegmentRef.extend({ name: ZName }),
    input,
    run: async ({ segmentId, name }, { workspace }) => {
      const renamed = await renameSegment({ workspaceId: workspace.id, segmentId, name });
      refresh();
      return renamed;
    },
  });
}

export async function deleteSegmentAction(input: unknown) {
  return workspaceAction({
    name: "deleteSegment",
    role: "editor",
    schema: ZSegmentRef,
    input,
    run: async ({ segmentId }, { workspace }) => {
      const deleted = await deleteSegment({ workspaceId: workspace.id, segmentId });
      refresh();
      return deleted;
    },
  });
}

export async function previewSegmentAction(input: unknown) {
  return workspaceAction({
    name: "previewSegment",
    role: "viewer",
    schema: z.object({ definition: ZSegmentDefinition }),
    input,
    run: ({ definition }, { workspace }) => previewSegment({ workspaceId: workspace.id, definition }),
  });
}

export async function recomputeSegmentAction(input: unknown) {
  return workspaceAction({
    name: "recomputeSegment",
    role: "editor",
    schema: ZSegmentRef,
    input,
    run: async ({ segmentId }, { workspace }) => {
      const segment = await getSegmentOrThrow({ workspaceId: workspace.id, segmentId });
      if (!segment.loaded) throw invalid("This segment's definition is not valid: open it and save it again");
      const result = await recomputeSegment(segment.loaded);
      refresh();
      return result;
    },
  });
}

export async function explainSegmentMembershipAction(input: unknown) {
  return workspaceAction({
    name: "explainSegmentMembership",
    role: "viewer",
    schema: ZSegmentRef.extend({ profileId: z.uuid("Enter a profile id") }),
    input,
    run: ({ segmentId, profileId }, { workspace }) =>
      explainSegmentMembership({ workspaceId: workspace.id, segmentId, profileId }),
  });
}

export async function listSegmentMembersAction(input: unknown) {
  return workspaceAction({
    name: "listSegmentMembers",
    role: "viewer",
    schema: ZSegmentRef.extend({ afterProfileId: z.uuid().nullable().default(null) }),
    input,
    run: async ({ segmentId, afterProfileId }, { workspace }) => {
      // Another workspace's segment is "not found", as in every other segment action.
      await getSegmentOrThrow({ workspaceId: workspace.id, segmentId });
      return listSegmentMembers({ workspaceId: workspace.id, segmentId, afterProfileId, pageSize: 50 });
    },
  });
}
