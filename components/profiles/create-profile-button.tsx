"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { IconPlus } from "@/components/ui/icons";
import { useFormAction } from "@/components/ui/use-form-action";
import { createProfileAction } from "@/lib/actions/profile-actions";

/** "New profile": a dialog with the identifiers and names; opens the new profile's page when saved. */
export function CreateProfileButton() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  // Errors come back per field (an invalid value, an identifier another profile has).
  const action = useFormAction(createProfileAction, {
    onSuccess: ({ profileId }) => router.push(`/profiles/${profileId}`),
  });

  return (
    <>
      <Button variant="primary" icon={<IconPlus />} onClick={() => setOpen(true)}>
        New profile
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          action.reset();
        }}
        title="New profile"
        description="Give at least one identifier: an email, a phone number or an external id."
      >
        <form onSubmit={action.onSubmit} className="space-y-3" noValidate>
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="off"
            error={action.fieldErrors.email}
          />
          <TextField
            label="Phone number"
            name="phoneNumber"
            placeholder="+15005550006"
            error={action.fieldErrors.phoneNumber}
          />
          <TextField label="External id" name="externalId" error={action.fieldErrors.externalId} />
          <div className="grid grid-cols-2 gap-3">
            <TextField label="First name" name="firstName" error={action.fieldErrors.firstName} />
            <TextField label="Last name" name="lastName" error={action.fieldErrors.lastName} />
          </div>
          <FormError>{action.error}</FormError>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={action.pending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={action.pending}>
              Create profile
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
