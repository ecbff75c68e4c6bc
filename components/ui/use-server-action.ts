"use client";

import { useState, useTransition } from "react";
import type { TActionResult } from "@/lib/actions/action-result";

/**
 * Runs one server action and keeps what the user should read afterwards: the server's error, or a
 * short notice of what was done.
 */
export function useServerAction() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function run<T>(
    action: () => Promise<TActionResult<T>>,
    options: { notice?: (data: T) => string; onSuccess?: (data: T) => void } = {},
  ) {
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setError(result.error);
        return;
      }
      if (options.notice) setNotice(options.notice(result.data));
      options.onSuccess?.(result.data);
    });
  }

  function clear() {
    setError(null);
    setNotice(null);
  }

  return { pending, error, notice, run, clear };
}
