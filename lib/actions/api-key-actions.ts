"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { createApiKey, revokeApiKey, ZCreateApiKey } from "@/lib/api-keys/manage-api-keys";
import { prisma } from "@/lib/db/prisma";

const ZRevokeApiKey = z.object({ apiKeyId: z.uuid("Unknown API key") });

/** Returns the key in clear: the only moment it exists outside the caller's hands. */
export async function createApiKeyAction(input: unknown) {
  return workspaceAction({
    name: "createApiKey",
    role: "admin",
    schema: ZCreateApiKey,
    input,
    run: async (data, { workspace, user }) => {
      const created = await createApiKey(
        { workspaceId: workspace.id, createdById: user.id, input: data },
        prisma,
      );
      refresh();
      return {
        id: created.id,
        name: created.name,
        prefix: created.prefix,
        scope: created.scope,
        key: created.key,
      };
    },
  });
}

export async function revokeApiKeyAction(input: unknown) {
  return workspaceAction({
    name: "revokeApiKey",
    role: "admin",
    schema: ZRevokeApiKey,
    input,
    run: async ({ apiKeyId }, { workspace }) => {
      await revokeApiKey({ workspaceId: workspace.id, apiKeyId }, prisma);
      refresh();
      return { apiKeyId };
    },
  });
}
