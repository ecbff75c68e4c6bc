"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TFieldErrors } from "@/lib/actions/action-result";
import { setWebhookRetentionAction } from "@/lib/actions/webhook-log-actions";

/** Days the webhook delivery log keeps a delivery after its last attempt (workspace-wide). */
export function WebhookRetentionForm(props: { days: number; canEdit: boolean }) {
  const [value, setValue] = useState(String(props.days));
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});
  const action = useServerAction();
  const save = () =>
    action.run(
      async () => {
        const result = await setWebhookRetentionAction({
          days: value.trim() === "" ? Number.NaN : Number(value),
        });
        setFieldErrors(result.ok ? {} : result.fieldErrors);
        return result;
      },
      {
        notice: (data) =>
          `Saved: deliveries are kept ${data.days} day${data.days === 1 ? "" : "s"} after their last attempt`,
      },
    );
  return (
    <form
      className="space-y-4 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="max-w-xs">
        <TextField
          label="Keep deliveries (days)"
          hint="Default 30"
          type="number"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          error={fieldErrors.days}
          disabled={!props.canEdit}
        />
      </div>
      {action.error && Object.keys(fieldErrors).length === 0 ? (
        <p role="alert" className="text-[13px] text-red-600">
          {action.error}
        </p>
      ) : null}
      {action.notice ? (
        <p role="status" className="text-[13px] text-emerald-700">
          {action.notice}
        </p>
      ) : null}
      {props.canEdit ? (
        <Button type="submit" variant="primary" pending={action.pending}>
          Save retention
        </Button>
      ) : null}
    </form>
  );
}
