"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { IconPlus } from "@/components/ui/icons";
import { useServerAction } from "@/components/ui/use-server-action";
import { createProfileAction } from "@/lib/actions/profile-actions";

/** "New profile": a dialog with the identifiers and names; opens the new profile's page when saved. */
export function CreateProfileButton() {
  const [open, setOpen] = useState(false);
  const action = useServerAction();
  const router = useRouter();

  function submit(form: FormData) {
    const value = (name: string) => String(form.get(name) ?? "");
    action.run(
      () =>
        createProfileAction({
          email: value("email"),
          phoneNumber: value("phoneNumber"),
          externalId: value("externalId"),
          firstName: value("firstName"),
          lastName: value("lastName"),
        }),
      { onSuccess: ({ profileId }) => router.push(`/profiles/${profileId}`) },
    );
  }

  return (
    <>
      <Button variant="primary" icon={<IconPlus />} onClick={() => setOpen(true)}>
        New profile
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          action.clear();
        }}
        title="New profile"
        description="Give at least one identifier: an email, a phone number or an external id."
      >
        <form action={submit} className="space-y-3">
          <TextField label="Email" name="email" type="email" autoComplete="off" />
          <TextField label="Phone number" name="phoneNumber" placeholder="+15005550006" />
          <TextField label="External id" name="externalId" />
          <div className="grid grid-cols-2 gap-3">
            <TextField label="First name" name="firstName" />
            <TextField label="Last name" name="lastName" />
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
