import { vi } from "vitest";
import { currentUser } from "@/lib/auth/current-user";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

/**
 * Members of a test workspace, one per role, and `actAs(role)` to make the next server action run
 * as one of them. Only the session cookie is stood in for: the workspace gate still reads the
 * membership and its role from the database. vi.mock is hoisted per file, so the test file itself
 * mocks the session reader: `vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }))`.
 */
export function createRoleMembers({
  emailOf = (role) => `${role}@example.com`,
  nameOf = (role) => role,
}: {
  emailOf?: (role: Role) => string;
  nameOf?: (role: Role) => string;
} = {}) {
  const users: Partial<Record<Role, { id: string; email: string }>> = {};
  return {
    async add(prisma: PrismaClient, { workspaceId, roles }: { workspaceId: string; roles: readonly Role[] }) {
      for (const role of roles) {
        const user = await prisma.user.create({
          data: { email: emailOf(role), name: nameOf(role), passwordHash: "x" },
        });
        await prisma.membership.create({ data: { workspaceId, userId: user.id, email: user.email, role } });
        users[role] = { id: user.id, email: user.email };
      }
    },
    actAs(role: Role) {
      const user = users[role];
      if (!user) throw new Error(`No ${role} member: add it first`);
      vi.mocked(currentUser).mockResolvedValue({ ...user, name: nameOf(role), sessionId: "s" });
    },
  };
}
