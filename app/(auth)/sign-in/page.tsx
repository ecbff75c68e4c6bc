import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeRedirectPath } from "@/lib/actions/safe-redirect";
import { currentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl =
    typeof params.callbackUrl === "string" ? safeRedirectPath(params.callbackUrl) : undefined;
  if (await currentUser()) redirect(callbackUrl ?? "/activity");
  // Auth.js sends failed sign-ins that did not go through our form here with ?error=.
  const initialError = params.error ? "Signing in failed: check your email and password" : undefined;
  return (
    <AuthCard
      title="Sign in to Hookflow"
      footer={
        <>
          No account yet?{" "}
          <Link href="/sign-up" className="font-medium text-accent-600 hover:text-accent-700">
            Create one
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
    </AuthCard>
  );
}
