import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

// Shared by the membership integration tests; they run against the database createTestDatabase()
// installed as lib/db's `prisma` (a Proxy, exactly what the server actions pass).

let counter = 0;

export async function user(name = "User") {
  counter += 1;
  return prisma.user.create({ data: { email: `user${counter}@example.com`, name, passwordHash: "x" } });
}

/** A workspace owned by a new user, plus active members with the given roles. */
export async function workspaceWith(...roles: Role[]) {
  const owner = await user("Owner");
  const workspace = await createWorkspace({ name: `Workspace ${counter}`, owner }, prisma);
  const members = [];
  for (const role of roles) {
    const member = await user(role);
    const membership = await prisma.membership.create({
      data: { workspaceId: workspace.id, userId: member.id, email: member.email, role, status: "active" },
    });
    members.push({ user: member, membership });
  }
  const ownerMembership = await prisma.membership.findFirstOrThrow({
    where: { workspaceId: workspace.id, userId: owner.id },
  });
  return { workspace, owner, ownerMembership, members };
}

export async function failure(promise: Promise<unknown>): Promise<HookflowError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof HookflowError)) throw new Error(`expected a HookflowError, got ${String(error)}`);
  return error;
}

/** Whether `work` settles, or is seen waiting on a row lock in this database, whichever first. */
export async function blockedOrSettled(work: Promise<unknown>): Promise<"blocked" | "settled"> {
  let settled = false;
  work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (;;) {
    if (settled) return "settled";
    const [row] = await prisma.$queryRaw<{ waiting: bigint }[]>`
      select count(*) as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    if (row && row.waiting > 0n) return "blocked";
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
