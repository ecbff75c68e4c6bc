"use server";

import { refresh } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { setWorkspaceCodeLimits, ZWorkspaceCodeLimits } from "@/lib/code/functions/workspace-code-limits";

/** Admins and owners set the workspace's ceiling for code function limits (within the server's maxima). */
export async function setWorkspaceCodeLimitsAction(input: unknown) {
  return workspaceAction({
    name: "setWorkspaceCodeLimits",
    role: "admin",
    schema: ZWorkspaceCodeLimits,
    input,
    run: async (limits, { workspace }) => {
      const saved = await setWorkspaceCodeLimits({ workspaceId: workspace.id, limits });
      refresh();
      return saved;
    },
  });
}
