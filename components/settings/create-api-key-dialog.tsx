"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { IconAlert, IconPlus } from "@/components/ui/icons";
import { useFormAction } from "@/components/ui/use-form-action";
import { createApiKeyAction } from "@/lib/actions/api-key-actions";

const SCOPES = [
  { value: "full", label: "Full access", description: "Every API endpoint, including reading data back." },
  {
    value: "ingest",
    label: "Ingest only",
    description:
      "Sends events and profiles only; reads nothing back. Where a leaked key should do little harm.",
  },
] as const;

type TCreatedKey = { name: string; key: string };

export function CreateApiKeyDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<TCreatedKey | null>(null);
  const form = useFormAction(createApiKeyAction, {
    onSuccess: (data) => setCreated({ name: data.name, key: data.key }),
  });

  function close() {
    setOpen(false);
    // The key is dropped from memory on close: it is never shown again.
    setCreated(null);
    form.reset();
  }

  return (
    <>
      <Button variant="primary" icon={<IconPlus />} onClick={() => setOpen(true)}>
        Create API key
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title={created ? "Copy your new API key" : "Create API key"}
        description={
          created ? undefined : "Private keys authenticate server-side calls to the Klaviyo-compatible API."
        }
      >
        {created ? (
          <div className="space-y-4">
            <p
              className="flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-[13px] text-amber-900"
              role="status"
            >
              <IconAlert className="mt-0.5 text-amber-600" />
              <span>
                This is the only time the key for <strong>{created.name}</strong> is shown. Copy it now and
                keep it somewhere safe: Hookflow stores only a hash of it.
              </span>
            </p>
            <div className="flex items-center gap-2">
              <code
                data-testid="new-api-key"
                className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-1.5 font-mono text-xs break-all select-all"
              >
                {created.key}
              </code>
              <CopyButton text={created.key} label="Copy key" />
            </div>
            <DialogActions>
              <Button variant="primary" onClick={close}>
                I have copied the key
              </Button>
            </DialogActions>
          </div>
        ) : (
          <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
            <TextField
              label="Name"
              name="name"
              required
              maxLength={100}
              autoFocus
              placeholder="e.g. Storefront backend"
              error={form.fieldErrors.name}
            />
            <fieldset>
              <legend className="text-[13px] font-medium text-zinc-800">Scope</legend>
              <div className="mt-1.5 space-y-2">
                {SCOPES.map((scope) => (
                  <label
                    key={scope.value}
                    className="flex cursor-pointer gap-2.5 rounded-md border border-zinc-200 px-3 py-2 has-checked:border-accent-500 has-checked:bg-accent-50/50"
                  >
                    <input
                      type="radio"
                      name="scope"
                      value={scope.value}
                      defaultChecked={scope.value === "full"}
                      className="mt-0.5 accent-accent-600"
                    />
                    <span>
                      <span className="block text-[13px] font-medium">{scope.label}</span>
                      <span className="block text-xs text-zinc-500">{scope.description}</span>
                    </span>
                  </label>
                ))}
              </div>
              {form.fieldErrors.scope ? (
                <p className="mt-1 text-xs text-red-600">{form.fieldErrors.scope}</p>
              ) : null}
            </fieldset>
            <FormError>{form.error}</FormError>
            <DialogActions>
              <Button onClick={close} disabled={form.pending}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" pending={form.pending}>
                Create key
              </Button>
            </DialogActions>
          </form>
        )}
      </Dialog>
    </>
  );
}
