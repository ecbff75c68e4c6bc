import type { Db } from "@/lib/db/prisma";
import { forbidden, notFound } from "@/lib/errors";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

/**
 * Runs `work` in a transaction holding a row lock on the workspace. Membership changes take it so
 * that "at least one owner remains" holds under concurrency: without it, two owners demoting each
 * other at the same moment would both see two owners and both succeed.
 */
export async function withWorkspaceLock<T>(
  db: Db,
  workspaceId: string,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  const locked = async (tx: Prisma.TransactionClient) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      select id from workspaces where id = ${workspaceId}::uuid for update`;
    if (rows.length === 0) throw notFound("Workspace");
    return work(tx);
  };
  return isTransactionClient(db) ? locked(db) : (db as PrismaClient).$transaction(locked);
}

/**
 * A transaction client lacks `$connect` (Prisma's ITXClientDenyList). Not `"$transaction" in db`:
 * Prisma 7's transaction client still carries `$transaction` at runtime, and lib/db's `prisma` is a
 * Proxy for which every `in` test is false — measured, both would have skipped the transaction.
 */
function isTransactionClient(db: Db): boolean {
  return typeof (db as { $connect?: unknown }).$connect !== "function";
}

/**
 * The acting user's role, read inside the lock rather than trusted from the caller, so a member
 * demoted a moment ago cannot still act with the old role.
 */
export async function actorRoleOrThrow(
  tx: Prisma.TransactionClient,
  options: { workspaceId: string; userId: string },
): Promise<Role> {
  const membership = await tx.membership.findFirst({
    where: { workspaceId: options.workspaceId, userId: options.userId, status: "active" },
    select: { role: true },
  });
  if (!membership) throw forbidden("You are not a member of this workspace");
  return membership.role;
}

export async function countActiveOwners(tx: Prisma.TransactionClient, workspaceId: string): Promise<number> {
  return tx.membership.count({ where: { workspaceId, role: "owner", status: "active" } });
}
