import { expect } from "vitest";
import { ROLES } from "@/lib/auth/roles";
import type { Database } from "@/lib/db/prisma";
import type { Role } from "@/lib/generated/prisma/enums";
import { changedTables, sensitiveStringsOf, snapshotOf } from "./isolation-harness";
import { tablesNaming } from "./snapshot-workspace";
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** After a request that succeeded inside A: no row of A points at one of B's objects. */
export async function expectNoReferencesFromAToB(context: TMatrixContext): Promise<void> {
  const ids = sensitiveStringsOf(context.b).filter((text) => UUID.test(text));
  const tables = await tablesNaming(context.db.pool, context.a.workspaceId, ids);
  expect(tables, "A's rows naming B's ids").toEqual([]);
}
