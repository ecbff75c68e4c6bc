"use client";

import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { SelectField, TextField } from "@/components/ui/field";
import type { TNodeOf } from "@/lib/flows/graph-schema";
import { UNCHOSEN_NODE } from "@/lib/flows/node-types";
import { CodeNodeTestPanel } from "./code-node-test-panel";
import { ConditionsEditor } from "./conditions-editor";
import { useEditorState } from "./editor-store";
import { controlClass, FieldError, Note, type TNodeFormProps } from "./form-kit";

/** The webhook node's form lives in webhook-node-form.tsx (editor, preview, Send test). */
export { WebhookNodeForm as WebhookForm } from "./webhook-node-form";

const LANGUAGE_LABELS: Record<string, string> = { javascript: "JavaScript", python: "Python" };

/**
 * The code node: a searchable list of the workspace's code functions (name, language, declared
 * outputs); the chosen one's outputs are what later steps read as outputs.<nodeId>.<name>.
 */
export function CodeForm({
  config,
  onChange,
  errors,
  references,
  disabled,
}: TNodeFormProps<TNodeOf<"code">["config"]>) {
  const [query, setQuery] = useState("");
  const nodeId = useEditorState((state) => state.nodes.find((node) => node.selected)?.id ?? "");
  const functions = references.codeFunctions;
  const chosen = functions.find((fn) => fn.id === config.functionId);
  const needle = query.trim().toLowerCase();
  const shown = needle ? functions.filter((fn) => fn.name.toLowerCase().includes(needle)) : functions;
  return (
    <div className="space-y-3">
      {chosen ? (
        <div
          className="space-y-1.5 rounded-md border border-accent-200 bg-accent-50/40 p-2.5"
          data-testid="code-function-chosen"
        >
          <p className="text-[13px] font-medium text-zinc-900">{chosen.name}</p>
          <p className="text-xs text-zinc-600">
            {LANGUAGE_LABELS[chosen.language] ?? chosen.language} · {chosen.status}
          </p>
          <OutputList outputs={chosen.outputs} />
          {chosen.outputs.length > 0 ? (
            <p className="font-mono text-[11px] break-all text-zinc-500">
              {`{{ outputs${/^[A-Za-z_]\w*$/.test(nodeId) ? `.${nodeId}` : `['${nodeId}']`}.${chosen.outputs[0]?.name} }}`}
            </p>
          ) : null}
        </div>
      ) : config.functionId ? (
        <Note>The chosen function no longer exists: choose another.</Note>
      ) : null}
      <div className="space-y-1.5">
        <label htmlFor="code-function-search" className="block text-[13px] font-medium text-zinc-800">
          Code function
        </label>
        <input
          id="code-function-search"
          type="search"
          placeholder="Search functions…"
          className={controlClass(Boolean(errors.functionId), "h-7 w-full text-xs")}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          disabled={disabled}
        />
        <FieldError message={errors.functionId} />
        <ul className="max-h-64 space-y-1 overflow-y-auto" aria-label="Code functions">
          {shown.map((fn) => (
            <li key={fn.id}>
              <button
                type="button"
                aria-pressed={fn.id === config.functionId}
                onClick={() => onChange({ functionId: fn.id }, "functionId")}
                disabled={disabled}
                className={cn(
                  "w-full rounded-md border px-2.5 py-1.5 text-left hover:bg-zinc-50 disabled:cursor-not-allowed",
                  fn.id === config.functionId ? "border-accent-500 bg-accent-50/50" : "border-zinc-200",
                )}
              >
                <span className="flex items-center gap-2">
                  <span className="truncate text-xs font-medium text-zinc-900">{fn.name}</span>
                  <Badge tone="neutral">{LANGUAGE_LABELS[fn.language] ?? fn.language}</Badge>
                </span>
                <span className="block truncate text-[11px] text-zinc-500">
                  {fn.outputs.length > 0
                    ? `Outputs: ${fn.outputs.map((output) => output.name).join(", ")}`
                    : "No declared outputs"}
                </span>
              </button>
            </li>
          ))}
          {shown.length === 0 ? (
            <li className="text-xs text-zinc-500">
              {functions.length === 0 ? "No code functions yet." : "No function matches."}
            </li>
          ) : null}
        </ul>
      </div>
      <Link href="/code" className={buttonClasses({ size: "sm" })}>
        Create function
      </Link>
      {chosen ? <CodeNodeTestPanel functionId={chosen.id} disabled={disabled} /> : null}
    </div>
  );
}

function OutputList({ outputs }: { outputs: { name: string; type: string }[] }) {
  if (outputs.length === 0) return <p className="text-xs text-zinc-500">No declared outputs</p>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Declared outputs">
      {outputs.map((output) => (
        <li
          key={output.name}
          className="rounded bg-white px-1.5 py-0.5 font-mono text-[11px] text-zinc-700 ring-1 ring-zinc-200"
        >
          {output.name}: {output.type}
        </li>
      ))}
    </ul>
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
