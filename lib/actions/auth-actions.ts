"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { toActionFailure, zodFailure } from "@/lib/actions/action-error";
import type { TActionFailure } from "@/lib/actions/action-result";
import { safeRedirectPath } from "@/lib/actions/safe-redirect";
import { selectWorkspace } from "@/lib/actions/workspace-cookie";
import { signIn, signOut } from "@/lib/auth/auth";
import { signUp, ZSignUp } from "@/lib/auth/sign-up";
import { prisma } from "@/lib/db/prisma";

const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")),
  password: z.string().min(1, "Enter your password").max(200),
});

// These actions answer a failure with TActionFailure and a success with a redirect (thrown by
// signIn as NEXT_REDIRECT, which toActionFailure re-throws), so they never return success data.

export async function signInAction(input: unknown): Promise<TActionFailure> {
  const parsed = ZSignIn.safeParse(input);
  if (!parsed.success) return zodFailure(parsed.error);
  const redirectTo = safeRedirectPath((input as { callbackUrl?: unknown } | null)?.callbackUrl);
  try {
    await signIn("credentials", { ...parsed.data, redirectTo });
  } catch (error) {
    // Same message for an unknown email and a wrong password: the form must not reveal which
    // addresses have accounts.
    if (error instanceof AuthError) {
      return { ok: false, error: "The email or password is incorrect", fieldErrors: {} };
    }
    return toActionFailure(error, "signIn");
  }
  throw new Error("signIn returned without redirecting");
}

export async function signUpAction(input: unknown): Promise<TActionFailure> {
  const parsed = ZSignUp.safeParse(input);
  if (!parsed.success) return zodFailure(parsed.error);
  try {
    const user = await signUp(parsed.data);
    // Land an invited user in the workspace they were invited to (the newest invitation), and
    // say so on the first page.
    const invited = await prisma.membership.findFirst({
      where: { userId: user.id, status: "active", invitedById: { not: null } },
      orderBy: { createdAt: "desc" },
      select: { workspaceId: true },
    });
    if (invited) await selectWorkspace(invited.workspaceId);
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: invited ? "/activity?joined=1" : "/activity?welcome=1",
    });
  } catch (error) {
    if (error instanceof AuthError) {
      // The account exists now; only the automatic sign-in failed.
      return {
        ok: false,
        error: "Your account was created, but signing in failed: sign in below",
        fieldErrors: {},
      };
    }
    return toActionFailure(error, "signUp");
  }
  throw new Error("signIn returned without redirecting");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
