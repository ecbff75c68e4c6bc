"use client";

import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { setWorkspaceCodeLimitsAction } from "@/lib/actions/workspace-code-limits-actions";
import type { TWorkspaceCodeLimits } from "@/lib/code/functions/workspace-code-limits";
import { SettingsForm, useSettingsSave } from "./settings-form";

const FIELDS = [
  { key: "cpuMs", label: "CPU time (ms)", hint: "Synchronous guest code per invocation" },
  { key: "wallMs", label: "Wall-clock time (ms)", hint: "From start to result, awaits included" },
  { key: "memoryMb", label: "Memory (MB)", hint: "Heap of the isolate or Python runtime" },
] as const;

/** The workspace's ceiling for its code functions' limits; each function keeps its own below it. */
export function CodeLimitsForm(props: {
  limits: TWorkspaceCodeLimits;
  maxima: TWorkspaceCodeLimits;
  canEdit: boolean;
}) {
  const [values, setValues] = useState<Record<keyof TWorkspaceCodeLimits, string>>({
    cpuMs: String(props.limits.cpuMs),
    wallMs: String(props.limits.wallMs),
    memoryMb: String(props.limits.memoryMb),
  });
  const settings = useSettingsSave(
    () =>
      setWorkspaceCodeLimitsAction({
        cpuMs: Number(values.cpuMs),
        wallMs: Number(values.wallMs),
        memoryMb: Number(values.memoryMb),
      }),
    () => "Saved: new invocations use these limits",
  );
  return (
    <SettingsForm settings={settings} canEdit={props.canEdit} submitLabel="Save limits">
      <div className="grid gap-4 sm:grid-cols-3">
        {FIELDS.map((field) => (
          <TextField
            key={field.key}
            label={field.label}
            hint={`${field.hint}; at most ${props.maxima[field.key].toLocaleString("en-US")}`}
            type="number"
            value={values[field.key]}
            onChange={(event) => setValues({ ...values, [field.key]: event.target.value })}
            error={settings.fieldErrors[field.key]}
            disabled={!props.canEdit}
          />
        ))}
      </div>
    </SettingsForm>
  );
}
