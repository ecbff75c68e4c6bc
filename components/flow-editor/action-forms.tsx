"use client";

import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { TNodeOf } from "@/lib/flows/graph-schema";
import { UNCHOSEN_NODE } from "@/lib/flows/node-types";
import { ConditionsEditor } from "./conditions-editor";
import { controlClass, FieldError, Note, type TNodeFormProps } from "./form-kit";

type TWebhookConfig = TNodeOf<"webhook">["config"];

export function WebhookForm({ config, onChange, errors, disabled }: TNodeFormProps<TWebhookConfig>) {
  const setHeader = (index: number, header: TWebhookConfig["headers"][number]) =>
    onChange(
      { ...config, headers: config.headers.map((old, i) => (i === index ? header : old)) },
      `headers.${index}`,
    );
  return (
    <div className="space-y-3">
      <Note>
        Sends one HTTP POST to one endpoint for each profile that reaches this step (the seed's rule). For
        other methods or several endpoints, use a code node.
      </Note>
      <TextField
        label="Endpoint URL"
        placeholder="https://example.com/hooks/hookflow"
        value={config.url}
        onChange={(event) => onChange({ ...config, url: event.target.value }, "url")}
        error={errors.url}
        disabled={disabled}
      />
      <div className="space-y-1.5">
        <p className="text-[13px] font-medium text-zinc-800">Headers</p>
        {config.headers.map((header, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: headers have no id; order is their identity
          <div key={index} className="space-y-1">
            <div className="flex gap-1">
              <input
                aria-label={`Header ${index + 1} name`}
                placeholder="Name"
                className={controlClass(header.name.trim() === "", "h-7 w-2/5 text-xs")}
                value={header.name}
                onChange={(event) => setHeader(index, { ...header, name: event.target.value })}
                disabled={disabled}
              />
              <input
                aria-label={`Header ${index + 1} value`}
                placeholder="Value ({{ secrets.NAME }} allowed)"
                className={controlClass(
                  Boolean(errors[`headers.${index}.value`]),
                  "h-7 min-w-0 flex-1 text-xs",
                )}
                value={header.value}
                onChange={(event) => setHeader(index, { ...header, value: event.target.value })}
                disabled={disabled}
              />
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove header ${index + 1}`}
                onClick={() =>
                  onChange({ ...config, headers: config.headers.filter((_, i) => i !== index) }, "headers")
                }
                disabled={disabled}
              >
                ✕
              </Button>
            </div>
            <FieldError message={errors[`headers.${index}.value`] ?? errors[`headers.${index}.name`]} />
          </div>
        ))}
        <Button
          size="sm"
          onClick={() =>
            onChange({ ...config, headers: [...config.headers, { name: "", value: "" }] }, "headers")
          }
          disabled={disabled || config.headers.length >= 50}
        >
          Add header
        </Button>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="webhook-body" className="block text-[13px] font-medium text-zinc-800">
          JSON body (template)
        </label>
        <textarea
          id="webhook-body"
          rows={10}
          spellCheck={false}
          className={controlClass(Boolean(errors.body), "w-full py-2 font-mono text-xs")}
          value={config.body}
          onChange={(event) => onChange({ ...config, body: event.target.value }, "body")}
          aria-describedby="webhook-body-message"
          disabled={disabled}
        />
        <p
          id="webhook-body-message"
          className={errors.body ? "text-xs text-red-600" : "text-xs text-zinc-500"}
        >
          {errors.body ??
            "Use {{ person.first_name | json }} for profile data and {{ event.… }} on metric-triggered flows."}
        </p>
      </div>
    </div>
  );
}

export function CodeForm({
  config,
  onChange,
  errors,
  references,
  disabled,
}: TNodeFormProps<TNodeOf<"code">["config"]>) {
  return (
    <div className="space-y-3">
      <SelectField
        label="Code function"
        value={config.functionId ?? ""}
        onChange={(event) => onChange({ functionId: event.target.value || null }, "functionId")}
        error={errors.functionId}
        disabled={disabled}
      >
        <option value="">Choose…</option>
        {references.codeFunctions.map((fn) => (
          <option key={fn.id} value={fn.id}>
            {fn.name} ({fn.language})
          </option>
        ))}
      </SelectField>
      {references.codeFunctions.length === 0 ? (
        <Note>No code functions yet: create one under Code, then choose it here.</Note>
      ) : null}
    </div>
  );
}

export function DelayForm({
  config,
  onChange,
  errors,
  disabled,
}: TNodeFormProps<TNodeOf<"delay">["config"]>) {
  if (config.mode === "until") {
    return (
      <div className="space-y-3">
        <TextField
          label="Wait until (profile's time zone)"
          type="time"
          value={config.time}
          onChange={(event) => onChange({ ...config, time: event.target.value }, "time")}
          error={errors.time}
          disabled={disabled}
        />
        <Button
          size="sm"
          onClick={() => onChange({ mode: "duration", amount: 1, unit: "days" }, "mode")}
          disabled={disabled}
        >
          Wait a duration instead
        </Button>
        <FieldError message={errors.weekdays} />
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-2">
        <TextField
          label="Wait"
          type="number"
          min={0}
          value={config.amount}
          onChange={(event) => onChange({ ...config, amount: Number(event.target.value) }, "amount")}
          error={errors.amount}
          disabled={disabled}
        />
        <SelectField
          label="Unit"
          value={config.unit}
          onChange={(event) =>
            onChange({ ...config, unit: event.target.value as typeof config.unit }, "unit")
          }
          disabled={disabled}
        >
          <option value="minutes">Minutes</option>
          <option value="hours">Hours</option>
          <option value="days">Days</option>
        </SelectField>
      </div>
      <Button
        size="sm"
        onClick={() =>
          onChange({ mode: "until", time: "09:00", weekdays: [0, 1, 2, 3, 4, 5, 6], timezone: null }, "mode")
        }
        disabled={disabled}
      >
        Wait until a time of day instead
      </Button>
    </div>
  );
}

export function SplitForm({
  config,
  onChange,
  errors,
  references,
  disabled,
}: TNodeFormProps<TNodeOf<"split">["config"]>) {
  return (
    <div className="space-y-2">
      <p className="text-xs text-zinc-500">Profiles matching go down "yes", the others down "no".</p>
      <ConditionsEditor
        conditions={config.conditions}
        kinds={["profile-property", "event-property", "list-membership", "segment-membership"]}
        onChange={(conditions) => onChange({ conditions }, "conditions")}
        references={references}
        disabled={disabled}
      />
      <FieldError message={errors.conditions} />
    </div>
  );
}

export function CodeOutputSplitForm({
  config,
  onChange,
  errors,
  disabled,
  codeNodes,
}: TNodeFormProps<TNodeOf<"code-output-split">["config"]> & { codeNodes: { id: string; label: string }[] }) {
  const needsValue = config.operator !== "exists" && config.operator !== "not_exists";
  return (
    <div className="space-y-3">
      <SelectField
        label="Code node"
        value={config.nodeId === UNCHOSEN_NODE ? "" : config.nodeId}
        onChange={(event) => onChange({ ...config, nodeId: event.target.value || UNCHOSEN_NODE }, "nodeId")}
        error={errors.nodeId}
        disabled={disabled}
      >
        <option value="">Choose…</option>
        {codeNodes.map((node) => (
          <option key={node.id} value={node.id}>
            {node.label}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Output"
        value={config.output}
        onChange={(event) => onChange({ ...config, output: event.target.value }, "output")}
        error={errors.output}
        disabled={disabled}
      />
      <SelectField
        label="Operator"
        value={config.operator}
        onChange={(event) =>
          onChange({ ...config, operator: event.target.value as typeof config.operator }, "operator")
        }
        disabled={disabled}
      >
        <option value="equals">equals</option>
        <option value="not_equals">does not equal</option>
        <option value="greater_than">is greater than</option>
        <option value="less_than">is less than</option>
        <option value="exists">exists</option>
        <option value="not_exists">does not exist</option>
      </SelectField>
      {needsValue ? (
        <TextField
          label="Value"
          value={String(config.value ?? "")}
          onChange={(event) => onChange({ ...config, value: event.target.value }, "value")}
          disabled={disabled}
        />
      ) : null}
    </div>
  );
}
