import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { withWorkspaceLock } from "@/lib/workspaces/workspace-lock";
import { createTestDatabase } from "@/test/database";

await createTestDatabase();

/** Tries to take the workspace's row lock from another connection without waiting. */
async function tryLockElsewhere(workspaceId: string): Promise<"locked" | "free"> {
  try {
    await prisma.$queryRaw`select id from workspaces where id = ${workspaceId}::uuid for update nowait`;
    return "free";
  } catch (error) {
    if (String(error).includes("55P03") || String(error).includes("could not obtain lock")) return "locked";
    throw error;
  }
}

describe("withWorkspaceLock", () => {
  it("holds the workspace lock for the whole of the work, also with lib/db's proxied client", async () => {
    const workspace = await prisma.workspace.create({ data: { name: "Locked" } });
    const seen = await withWorkspaceLock(prisma, workspace.id, async () => tryLockElsewhere(workspace.id));
    expect(seen).toBe("locked");
    expect(await tryLockElsewhere(workspace.id)).toBe("free");
  });

  it("joins a transaction it is given instead of opening another", async () => {
    const workspace = await prisma.workspace.create({ data: { name: "Joined" } });
    await prisma.$transaction(async (tx) => {
      await withWorkspaceLock(tx, workspace.id, async () => {});
      // Still held after withWorkspaceLock returned: the lock belongs to the caller's transaction.
      expect(await tryLockElsewhere(workspace.id)).toBe("locked");
    });
  });

  it("reports a missing workspace as not found", async () => {
    await expect(
      withWorkspaceLock(prisma, "01900000-0000-7000-8000-000000000000", async () => "never"),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
