import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

/** A profile of the workspace named by its id or its email (as a user types it in a form). */
export async function findProfileOrThrow(
  options: { workspaceId: string; idOrEmail: string },
  db: Db = prisma,
) {
  const value = options.idOrEmail.trim();
  const profile = await db.profile.findFirst({
    where: {
      workspaceId: options.workspaceId,
      // Emails are stored lower-cased (lib/audience/profile-input.ts).
      ...(isUuid(value) ? { id: value.toLowerCase() } : { email: value.toLowerCase() }),
    },
  });
  if (!profile) {
    throw new HookflowError(
      "not_found",
      isUuid(value) ? `No profile with id ${value}` : `No profile with email ${value}`,
      { pointer: "profile" },
    );
  }
  return profile;
}
