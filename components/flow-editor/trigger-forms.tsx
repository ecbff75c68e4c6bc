"use client";

import { useState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import type { TNodeOf } from "@/lib/flows/graph-schema";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";
import { ConditionsEditor } from "./conditions-editor";
import { FieldError, type TNodeFormProps } from "./form-kit";

type TOption = { id: string; label: string; disabled?: boolean };

/** A searchable picker: a filter box over a select (lists, segments and metrics can be many). */
function ReferencePicker({
  label,
  value,
  options,
  onChange,
  error,
  disabled,
}: {
  label: string;
  value: string;
  options: TOption[];
  onChange: (id: string) => void;
  error?: string;
  disabled: boolean;
}) {
  const [query, setQuery] = useState("");
  const shown = options.filter(
    (option) => option.id === value || option.label.toLowerCase().includes(query.trim().toLowerCase()),
  );
  return (
    <div className="space-y-1.5">
      {options.length > 8 ? (
        <TextField
          label={`Search ${label.toLowerCase()}s`}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          disabled={disabled}
        />
      ) : null}
      <SelectField
        label={label}
        value={value === UNCHOSEN_ID ? "" : value}
        onChange={(event) => onChange(event.target.value || UNCHOSEN_ID)}
        error={error}
        disabled={disabled}
      >
        <option value="">Choose…</option>
        {shown.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </SelectField>
      {options.length === 0 ? <p className="text-xs text-zinc-500">None in this workspace yet.</p> : null}
    </div>
  );
}

const count = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

export function ListTriggerForm({
  config,
  onChange,
  errors,
  references,
  disabled,
}: TNodeFormProps<TNodeOf<"list-trigger">["config"]>) {
  return (
    <ReferencePicker
      label="List"
      value={config.listId}
      options={references.lists.map((list) => ({
        id: list.id,
        label: `${list.name} (${count(list.members, "member")})`,
      }))}
      onChange={(listId) => onChange({ ...config, listId }, "listId")}
      error={errors.listId}
      disabled={disabled}
    />
  );
}

export function SegmentTriggerForm({
  config,
  onChange,
  errors,
  references,
  disabled,
}: TNodeFormProps<TNodeOf<"segment-trigger">["config"]>) {
  return (
    <ReferencePicker
      label="Segment"
      value={config.segmentId}
      options={references.segments.map((segment) => ({
        id: segment.id,
        label: `${segment.name} (${count(segment.members, "member")})`,
      }))}
      onChange={(segmentId) => onChange({ ...config, segmentId }, "segmentId")}
      error={errors.segmentId}
      disabled={disabled}
    />
  );
}

/** Message metrics are listed (so the user finds them) but choosing one shows the seed's refusal. */
export function MetricTriggerForm({
  config,
  onChange,
  errors,
  references,
  disabled,
}: TNodeFormProps<TNodeOf<"metric-trigger">["config"]>) {
  return (
    <div className="space-y-4">
      <ReferencePicker
        label="Metric"
        value={config.metricId}
        options={references.metrics.map((metric) => ({
          id: metric.id,
          label: metric.isMessageMetric ? `${metric.name} (message event: not allowed)` : metric.name,
        }))}
        onChange={(metricId) => onChange({ ...config, metricId }, "metricId")}
        error={errors.metricId}
        disabled={disabled}
      />
      <div>
        <p className="mb-1.5 text-[13px] font-medium text-zinc-800">Trigger filters (event properties)</p>
        <ConditionsEditor
          conditions={config.filters}
          kinds={["event-property"]}
          onChange={(filters) => onChange({ ...config, filters }, "filters")}
          references={references}
          disabled={disabled}
        />
        <FieldError message={errors.filters} />
      </div>
    </div>
  );
}

export function DateTriggerForm({
  config,
  onChange,
  errors,
  disabled,
}: TNodeFormProps<TNodeOf<"date-trigger">["config"]>) {
  const timing = config.offsetDays === 0 ? "on" : config.direction;
  return (
    <div className="space-y-3">
      <TextField
        label="Date property of the profile"
        hint='A profile property holding a date, such as "birthday" (1990-05-17)'
        value={config.property}
        onChange={(event) => onChange({ ...config, property: event.target.value }, "property")}
        error={errors.property}
        disabled={disabled}
      />
      <div className="grid grid-cols-2 gap-2">
        <SelectField
          label="When"
          value={timing}
          onChange={(event) => {
            const value = event.target.value;
            if (value === "on") onChange({ ...config, offsetDays: 0 }, "offset");
            else
              onChange(
                { ...config, direction: value as "before" | "after", offsetDays: config.offsetDays || 1 },
                "offset",
              );
          }}
          disabled={disabled}
        >
          <option value="on">On the day</option>
          <option value="before">Days before</option>
          <option value="after">Days after</option>
        </SelectField>
        {timing === "on" ? null : (
          <TextField
            label="Days"
            type="number"
            min={1}
            max={365}
            value={config.offsetDays}
            onChange={(event) =>
              onChange({ ...config, offsetDays: Number(event.target.value) }, "offsetDays")
            }
            error={errors.offsetDays}
            disabled={disabled}
          />
        )}
      </div>
      <div className="grid grid-cols-2 gap-2">
        <SelectField
          label="Repeats"
          value={config.recurrence}
          onChange={(event) =>
            onChange({ ...config, recurrence: event.target.value as typeof config.recurrence }, "recurrence")
          }
          disabled={disabled}
        >
          <option value="yearly">Every year</option>
          <option value="monthly">Every month</option>
          <option value="once">Once</option>
        </SelectField>
        <TextField
          label="Time of day"
          type="time"
          value={config.timeOfDay}
          onChange={(event) => onChange({ ...config, timeOfDay: event.target.value }, "timeOfDay")}
          error={errors.timeOfDay}
          disabled={disabled}
        />
      </div>
      <SelectField
        label="Time zone"
        value={config.timezone.mode}
        onChange={(event) =>
          onChange(
            {
              ...config,
              timezone:
                event.target.value === "fixed"
                  ? { mode: "fixed", zone: "UTC" }
                  : { mode: "profile", fallback: "UTC" },
            },
            "timezone",
          )
        }
        disabled={disabled}
      >
        <option value="profile">The profile's own (UTC when unknown)</option>
        <option value="fixed">A fixed time zone</option>
      </SelectField>
      {config.timezone.mode === "fixed" ? (
        <TextField
          label="Fixed time zone"
          hint="An IANA name such as Europe/Paris"
          value={config.timezone.zone}
          onChange={(event) =>
            onChange({ ...config, timezone: { mode: "fixed", zone: event.target.value } }, "zone")
          }
          error={errors["timezone.zone"]}
          disabled={disabled}
        />
      ) : null}
    </div>
  );
}
