"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import {
  createProfile,
  deleteProfile,
  updateProfile,
  ZCreateProfileInput,
  ZUpdateProfileInput,
} from "@/lib/audience/profile-pages/profile-writes";

// The Profiles pages' actions. Editors create, edit and delete profiles; viewers only read (the
// pages need no action to read). Every action re-checks session, workspace and role and passes the
// workspace id down: another workspace's profile is "not found".

export async function createProfileAction(input: unknown) {
  return workspaceAction({
    name: "createProfile",
    role: "editor",
    schema: ZCreateProfileInput,
    input,
    run: async (parsed, { workspace }) => {
      const created = await createProfile(workspace.id, parsed);
      refresh();
      return created;
    },
  });
}

export async function updateProfileAction(input: unknown) {
  return workspaceAction({
    name: "updateProfile",
    role: "editor",
    schema: ZUpdateProfileInput,
    input,
    run: async (parsed, { workspace }) => {
      const updated = await updateProfile(workspace.id, parsed);
      refresh();
      return updated;
    },
  });
}

export async function deleteProfileAction(input: unknown) {
  return workspaceAction({
    name: "deleteProfile",
    role: "editor",
    schema: z.object({ profileId: z.uuid("Unknown profile") }),
    input,
    run: async ({ profileId }, { workspace }) => deleteProfile(workspace.id, profileId),
  });
}
