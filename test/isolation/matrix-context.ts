import { expect } from "vitest";
import { ROLES } from "@/lib/auth/roles";
import type { Database } from "@/lib/db/prisma";
import type { Role } from "@/lib/generated/prisma/enums";
import { changedTables, snapshotOf } from "./isolation-harness";
import type { TUser, TWorkspaceIds } from "./two-workspaces";

// What the three matrices (actions, routes, pages) share: the database, the two workspaces, and
// how to act as a user (the stood-in session) with a workspace cookie of the attacker's choosing.

export type TMatrixContext = {
  db: Database;
  a: TWorkspaceIds;
  b: TWorkspaceIds;
  root: string;
  actAs: (user: TUser | null, workspaceCookie?: string) => void;
};

/** Lowest first: viewer, editor, admin, owner. */
export const RANKED_ROLES: Role[] = [...ROLES].reverse();

export async function expectUntouched(
  context: TMatrixContext,
  workspace: TWorkspaceIds,
  work: () => Promise<void>,
): Promise<void> {
  const before = await snapshotOf(context.db.pool, workspace);
  await work();
  const after = await snapshotOf(context.db.pool, workspace);
  expect(changedTables(before, after), `tables of ${workspace.marker} changed`).toEqual([]);
}
