"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CONTROL_CLASSES, FormError, TextField } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TActionResult } from "@/lib/actions/action-result";
import { ActionNotice } from "./action-notice";

/** `masked` is the server's hint (never the value). */
export type TSecretListItem = { name: string; masked: string; updatedAt: string };

export const SECRETS_TOTAL_LIMIT_LABEL = "64 KiB";

/**
 * The function's environment variables (`context.env`): encrypted at rest, never sent back to the
 * browser after saving. A value can be replaced or the variable deleted, not read.
 */
export function EnvVarsTab({
  secrets,
  canEdit,
  onSet,
  onDelete,
}: {
  secrets: TSecretListItem[];
  canEdit: boolean;
  onSet: (input: { name: string; value: string }) => Promise<TActionResult<unknown>>;
  onDelete: (name: string) => Promise<TActionResult<unknown>>;
}) {
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const action = useServerAction();

  function save() {
    const savedName = name.trim();
    action.run(() => onSet({ name: savedName, value }), {
      notice: () => `${savedName} saved. Its value is no longer shown.`,
      onSuccess: () => {
        setName("");
        setValue("");
      },
    });
  }

  return (
    <Card>
      <CardHeader
        title="Environment variables"
        description={`Secrets the code reads as context.env.NAME. Encrypted at rest; after saving, values are write-only. At most ${SECRETS_TOTAL_LIMIT_LABEL} in total.`}
      />
      {secrets.length === 0 ? (
        <p className="px-4 py-6 text-center text-[13px] text-zinc-500">No environment variables yet.</p>
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="env-vars">
          {secrets.map((secret) => (
            <li
              key={secret.name}
              className="flex items-center gap-4 px-4 py-2.5 text-[13px]"
              data-testid="env-var"
            >
              <code className="w-56 shrink-0 truncate font-mono font-medium text-zinc-900">
                {secret.name}
              </code>
              <span className="flex-1 font-mono text-zinc-400" data-testid="env-var-masked">
                {secret.masked}
              </span>
              <span className="text-xs text-zinc-500">
                Updated <RelativeTime value={secret.updatedAt} />
              </span>
              {canEdit ? (
                <>
                  <Button size="sm" variant="ghost" onClick={() => setName(secret.name)}>
                    Replace
                  </Button>
                  <ConfirmButton
                    label="Delete"
                    accessibleLabel={`Delete ${secret.name}`}
                    title={`Delete ${secret.name}?`}
                    description="Deployed versions read environment variables when they run: the next invocation no longer sees it."
                    confirmLabel="Delete variable"
                    onConfirm={() => onDelete(secret.name)}
                  />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <form
          className="space-y-3 border-t border-zinc-200 p-4"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <div className="grid gap-3 sm:grid-cols-[14rem_1fr]">
            <TextField
              label="Name"
              value={name}
              placeholder="API_TOKEN"
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => setName(event.target.value)}
              hint="Letters, digits and _; a saved name is replaced."
            />
            <div className="space-y-1.5">
              <label htmlFor="env-var-value" className="block text-[13px] font-medium text-zinc-800">
                Value
              </label>
              <textarea
                id="env-var-value"
                value={value}
                rows={2}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setValue(event.target.value)}
                className={`${CONTROL_CLASSES} w-full border-zinc-300 py-1.5 font-mono`}
              />
            </div>
          </div>
          <FormError>{action.error}</FormError>
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" pending={action.pending} disabled={name.trim() === ""}>
              Save variable
            </Button>
            <ActionNotice notice={action.notice} />
          </div>
        </form>
      ) : null}
    </Card>
  );
}
