import type { Role } from "@/lib/generated/prisma/enums";

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

export const ROLES: readonly Role[] = ["owner", "admin", "editor", "viewer"];

/** viewer: reads; editor: builds flows, code, lists; admin: members and API keys; owner: all. */
export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}
