"use client";

import { useState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { ConditionsEditor } from "./conditions-editor";
import { useEditorContext } from "./editor-context";
import { useEditorState, useEditorStore } from "./editor-store";

/** Shown when no node is selected: the flow's own settings (profile filters, re-entry). */
export function SettingsForm() {
  const store = useEditorStore();
  const settings = useEditorState((state) => state.settings);
  const { references, isReadOnly } = useEditorContext();
  const reentry = settings.reentry;
  return (
    <div className="space-y-4" data-testid="flow-settings">
      <div>
        <h2 className="text-sm font-semibold text-zinc-900">Flow settings</h2>
        <p className="text-xs text-zinc-500">Select a node to configure it.</p>
      </div>
      <SelectField
        label="Re-entry"
        hint="Whether a profile may go through this flow again"
        value={reentry.mode}
        onChange={(event) => {
          const mode = event.target.value;
          store.updateSettings(
            {
              ...settings,
              reentry: mode === "after" ? { mode: "after", hours: 24 } : { mode: mode as "once" | "always" },
            },
            "reentry",
          );
        }}
        disabled={isReadOnly}
      >
        <option value="once">Once ever</option>
        <option value="always">Every time the trigger fires</option>
        <option value="after">Again after some time</option>
      </SelectField>
      {reentry.mode === "after" ? (
        <ReentryWait
          hours={reentry.hours}
          onChange={(hours) =>
            store.updateSettings({ ...settings, reentry: { mode: "after", hours } }, "hours")
          }
          disabled={isReadOnly}
        />
      ) : null}
      <div>
        <p className="text-[13px] font-medium text-zinc-800">Flow filters</p>
        <p className="mb-1.5 text-xs text-zinc-500">Profile conditions checked before every action.</p>
        <ConditionsEditor
          conditions={settings.filters}
          kinds={["profile-property", "list-membership", "segment-membership"]}
          onChange={(filters) => store.updateSettings({ ...settings, filters }, "filters")}
          references={references}
          disabled={isReadOnly}
        />
      </div>
    </div>
  );
}

/** "Again after N hours/days": stored in hours (the engine's unit), edited in either unit. */
function ReentryWait(props: { hours: number; onChange: (hours: number) => void; disabled: boolean }) {
  const [unit, setUnit] = useState<"hours" | "days">(props.hours % 24 === 0 ? "days" : "hours");
  const perUnit = unit === "days" ? 24 : 1;
  return (
    <div className="grid grid-cols-[1fr_7rem] items-end gap-2">
      <TextField
        label="Wait before a profile may enter again"
        type="number"
        min={1}
        value={Math.max(1, Math.round(props.hours / perUnit))}
        onChange={(event) => props.onChange(Math.max(1, Math.round(Number(event.target.value))) * perUnit)}
        disabled={props.disabled}
      />
      <SelectField
        label="Unit"
        value={unit}
        onChange={(event) => {
          const next = event.target.value === "days" ? "days" : "hours";
          setUnit(next);
          if (next === "days") props.onChange(Math.max(1, Math.round(props.hours / 24)) * 24);
        }}
        disabled={props.disabled}
      >
        <option value="hours">hours</option>
        <option value="days">days</option>
      </SelectField>
    </div>
  );
}
