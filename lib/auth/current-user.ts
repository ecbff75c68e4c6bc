import { auth } from "@/lib/auth/auth";
import { prisma } from "@/lib/db/prisma";

export type TCurrentUser = { id: string; email: string; name: string; sessionId: string };

/** The signed-in user, or null when there is no session or it was signed out / expired. */
export async function currentUser(): Promise<TCurrentUser | null> {
  const session = await auth();
  if (!session?.sessionId) return null;
  const row = await prisma.session.findUnique({
    where: { id: session.sessionId },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!row || row.expiresAt < new Date() || row.user.id !== session.user.id) return null;
  return { ...row.user, sessionId: row.id };
}
