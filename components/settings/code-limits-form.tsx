"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TFieldErrors } from "@/lib/actions/action-result";
import { setWorkspaceCodeLimitsAction } from "@/lib/actions/workspace-code-limits-actions";
import type { TWorkspaceCodeLimits } from "@/lib/code/functions/workspace-code-limits";

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
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});
  const action = useServerAction();
  const save = () =>
    action.run(
      async () => {
        const result = await setWorkspaceCodeLimitsAction({
          cpuMs: Number(values.cpuMs),
          wallMs: Number(values.wallMs),
          memoryMb: Number(values.memoryMb),
        });
        setFieldErrors(result.ok ? {} : result.fieldErrors);
        return result;
      },
      { notice: () => "Saved: new invocations use these limits" },
    );
  return (
    <form
      className="space-y-4 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-3">
        {FIELDS.map((field) => (
          <TextField
            key={field.key}
            label={field.label}
            hint={`${field.hint}; at most ${props.maxima[field.key].toLocaleString("en-US")}`}
            type="number"
            value={values[field.key]}
            onChange={(event) => setValues({ ...values, [field.key]: event.target.value })}
            error={fieldErrors[field.key]}
            disabled={!props.canEdit}
          />
        ))}
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
          Save limits
        </Button>
      ) : null}
    </form>
  );
}
