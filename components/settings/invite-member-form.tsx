"use client";

import { useState } from "react";
import { assignableRoles, signUpLink } from "@/components/settings/roles";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { inviteMemberAction } from "@/lib/actions/member-actions";
import type { Role } from "@/lib/generated/prisma/enums";

export function InviteMemberForm({ actorRole, baseUrl }: { actorRole: Role; baseUrl: string }) {
  const [invited, setInvited] = useState<string | null>(null);
  const form = useFormAction(inviteMemberAction, {
    onSuccess: (data, element) => {
      setInvited(data.email);
      element.reset();
    },
  });

  return (
    <div className="px-4 py-4">
      <form onSubmit={form.onSubmit} className="flex flex-wrap items-start gap-3" noValidate>
        <TextField
          label="Email"
          name="email"
          type="email"
          required
          placeholder="colleague@example.com"
          className="min-w-60 flex-1"
          error={form.fieldErrors.email}
        />
        <SelectField
          label="Role"
          name="role"
          defaultValue="editor"
          className="w-40"
          error={form.fieldErrors.role}
        >
          {assignableRoles(actorRole).map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" pending={form.pending} className="mt-6">
          Invite
        </Button>
      </form>
      <div className="mt-2">
        <FormError>{form.error}</FormError>
      </div>
      {invited ? (
        <div
          className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-[13px] text-emerald-900"
          role="status"
        >
          <p>
            <strong>{invited}</strong> is invited. Hookflow sends no email: share this link. With an account
            already, they accept from the workspace menu instead.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded bg-white/70 px-2 py-1 font-mono text-xs">
              {signUpLink(baseUrl, invited)}
            </code>
            <CopyButton text={signUpLink(baseUrl, invited)} label="Copy link" />
          </div>
        </div>
      ) : null}
    </div>
  );
}
