import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { currentUser } from "@/lib/auth/current-user";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await currentUser()) redirect("/activity");
  const { email } = await searchParams;
  // ?email= comes from the sign-up link on an invitation (Settings → Members). The page does not
  // say which workspace invited the address: anyone can type such a link.
  const invitedEmail = typeof email === "string" && email.length <= 254 ? email : undefined;
  return (
    <AuthCard
      title={invitedEmail ? "Accept your invitation" : "Create your account"}
      description={
        invitedEmail
          ? "Create an account with the invited address; the invitation is accepted when the account is created."
          : "Your own workspace is created with your account."
      }
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className="font-medium text-accent-600 hover:text-accent-700">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm email={invitedEmail} passwordMinLength={PASSWORD_MIN_LENGTH} />
    </AuthCard>
  );
}
