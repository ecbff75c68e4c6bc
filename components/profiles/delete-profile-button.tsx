"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteProfileAction } from "@/lib/actions/profile-actions";

export function DeleteProfileButton({ profileId, label }: { profileId: string; label: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete profile"
      variant="secondary"
      size="md"
      title={`Delete ${label}?`}
      description="Its events, list and segment memberships and flow runs are deleted with it. This cannot be undone."
      confirmLabel="Delete profile"
      onConfirm={async () => {
        const result = await deleteProfileAction({ profileId });
        if (result.ok) router.push("/profiles");
        return result;
      }}
    />
  );
}
