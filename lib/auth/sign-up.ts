import { z } from "zod";
import { hashPassword, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

export const ZSignUp = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z.email("Enter a valid email address").transform((email) => email.toLowerCase()),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(200, "Use at most 200 characters"),
  workspaceName: z.string().trim().max(100).optional(),
});
export type TSignUp = z.infer<typeof ZSignUp>;

/**
 * Creates the user. Pending invitations for the email become active memberships; a user with no
 * invitation gets a new workspace of their own.
 */
export async function signUp(input: TSignUp) {
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email } });
    if (existing) {
      throw new HookflowError("conflict", "An account with this email already exists: sign in instead", {
        pointer: "email",
      });
    }
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    const accepted = await tx.membership.updateMany({
      where: { email: input.email, status: "pending" },
      data: { userId: user.id, status: "active" },
    });
    if (accepted.count === 0 || input.workspaceName) {
      await createWorkspace({ name: input.workspaceName || `${input.name}'s workspace`, owner: user }, tx);
    }
    return user;
  });
}
