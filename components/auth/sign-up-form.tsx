"use client";

import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { signUpAction } from "@/lib/actions/auth-actions";

export function SignUpForm({ email, passwordMinLength }: { email?: string; passwordMinLength: number }) {
  const form = useFormAction(signUpAction);
  const invited = Boolean(email);
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        maxLength={100}
        autoFocus
        error={form.fieldErrors.name}
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={email}
        error={form.fieldErrors.email}
        hint={
          invited
            ? "The address you were invited with: you join the workspace when your account is created."
            : "Invited to a workspace? Use the invited address and you join it when your account is created."
        }
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={passwordMinLength}
        error={form.fieldErrors.password}
        hint={`At least ${passwordMinLength} characters.`}
      />
      <TextField
        label="Workspace name (optional)"
        name="workspaceName"
        maxLength={100}
        error={form.fieldErrors.workspaceName}
        hint={
          invited
            ? "Leave empty to only join the workspace you were invited to."
            : "Leave empty to name it after you. Skipped when you join by invitation, unless you fill it in."
        }
      />
      <FormError>{form.error}</FormError>
      <Button type="submit" variant="primary" className="w-full" pending={form.pending}>
        Create account
      </Button>
    </form>
  );
}
