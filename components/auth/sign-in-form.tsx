"use client";

import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { signInAction } from "@/lib/actions/auth-actions";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  // On success the action redirects; it only ever returns a failure.
  const form = useFormAction(signInAction);
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        autoFocus
        error={form.fieldErrors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={form.fieldErrors.password}
      />
      <FormError>{form.error ?? initialError}</FormError>
      <Button type="submit" variant="primary" className="w-full" pending={form.pending}>
        Sign in
      </Button>
    </form>
  );
}
