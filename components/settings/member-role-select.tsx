"use client";

import { useState, useTransition } from "react";
import { assignableRoles } from "@/components/settings/roles";
import { Select } from "@/components/ui/field";
import { changeMemberRoleAction } from "@/lib/actions/member-actions";
import type { Role } from "@/lib/generated/prisma/enums";

/** Changes a role as soon as it is picked; on refusal the old role comes back with the reason. */
export function MemberRoleSelect({
  membershipId,
  email,
  role,
  actorRole,
}: {
  membershipId: string;
  email: string;
  role: Role;
  actorRole: Role;
}) {
  const [value, setValue] = useState<Role>(role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <div>
      <Select
        aria-label={`Role for ${email}`}
        value={value}
        disabled={pending}
        invalid={Boolean(error)}
        className="w-32"
        onChange={(event) => {
          const next = event.target.value as Role;
          setValue(next);
          setError(null);
          startTransition(async () => {
            const result = await changeMemberRoleAction({ membershipId, role: next });
            if (!result.ok) {
              setValue(role);
              setError(result.error);
            }
          });
        }}
      >
        {assignableRoles(actorRole).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
      {error ? (
        <p role="alert" className="mt-1 max-w-56 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
