"use client";

import { type FormEvent, useState, useTransition } from "react";
import type { TActionResult, TFieldErrors } from "@/lib/actions/action-result";

/**
 * Submits a form's fields to a server action and keeps its errors. Not `<form action>`: React
 * resets a form after an action, which would wipe what the user typed when the server refuses it.
 */
export function useFormAction<T>(
  action: (input: Record<string, FormDataEntryValue>) => Promise<TActionResult<T>>,
  options: { onSuccess?: (data: T, form: HTMLFormElement) => void } = {},
) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const input = Object.fromEntries(new FormData(form));
    startTransition(async () => {
      const result = await action(input);
      if (result.ok) {
        setError(null);
        setFieldErrors({});
        options.onSuccess?.(result.data, form);
        return;
      }
      setFieldErrors(result.fieldErrors);
      // A message shown next to its field is not repeated at the top of the form.
      const onAField = Object.values(result.fieldErrors).includes(result.error);
      setError(onAField ? null : result.error);
    });
  }

  function reset() {
    setError(null);
    setFieldErrors({});
  }

  return { pending, error, fieldErrors, onSubmit, reset };
}
