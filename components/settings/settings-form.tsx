"use client";

import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TActionResult, TFieldErrors } from "@/lib/actions/action-result";

/**
 * Saves one workspace setting through its server action and keeps the server's per-field errors
 * (shown under each field) apart from a general refusal (shown above the button).
 */
export function useSettingsSave<T>(send: () => Promise<TActionResult<T>>, notice: (data: T) => string) {
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});
  const action = useServerAction();
  const save = () =>
    action.run(
      async () => {
        const result = await send();
        setFieldErrors(result.ok ? {} : result.fieldErrors);
        return result;
      },
      { notice },
    );
  return { ...action, fieldErrors, save };
}

/** A settings card's form: its fields, then the outcome, then the save button for editors only. */
export function SettingsForm({
  settings,
  canEdit,
  submitLabel,
  children,
}: {
  settings: ReturnType<typeof useSettingsSave>;
  canEdit: boolean;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <form
      className="space-y-4 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        settings.save();
      }}
    >
      {children}
      {/* A message already shown under its field is not repeated here. */}
      {settings.error && Object.keys(settings.fieldErrors).length === 0 ? (
        <p role="alert" className="text-[13px] text-red-600">
          {settings.error}
        </p>
      ) : null}
      {settings.notice ? (
        <p role="status" className="text-[13px] text-emerald-700">
          {settings.notice}
        </p>
      ) : null}
      {canEdit ? (
        <Button type="submit" variant="primary" pending={settings.pending}>
          {submitLabel}
        </Button>
      ) : null}
    </form>
  );
}
