"use client";

import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { setWebhookRetentionAction } from "@/lib/actions/webhook-log-actions";
import { SettingsForm, useSettingsSave } from "./settings-form";

/** Days the webhook delivery log keeps a delivery after its last attempt (workspace-wide). */
export function WebhookRetentionForm(props: { days: number; canEdit: boolean }) {
  const [value, setValue] = useState(String(props.days));
  const settings = useSettingsSave(
    () => setWebhookRetentionAction({ days: value.trim() === "" ? Number.NaN : Number(value) }),
    (data) =>
      `Saved: deliveries are kept ${data.days} day${data.days === 1 ? "" : "s"} after their last attempt`,
  );
  return (
    <SettingsForm settings={settings} canEdit={props.canEdit} submitLabel="Save retention">
      <div className="max-w-xs">
        <TextField
          label="Keep deliveries (days)"
          hint="Default 30"
          type="number"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          error={settings.fieldErrors.days}
          disabled={!props.canEdit}
        />
      </div>
    </SettingsForm>
  );
}
