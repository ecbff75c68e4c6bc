"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CONTROL_CLASSES, FormError, Select, TextField } from "@/components/ui/field";
import { IconClose, IconPlus } from "@/components/ui/icons";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TActionResult } from "@/lib/actions/action-result";
import {
  CODE_LIMIT_MAXIMA,
  CODE_OUTPUT_TYPES,
  MAX_CODE_OUTPUTS,
  MAX_RATE_LIMIT_PER_SECOND,
  type TCodeFunctionSettings,
  type TCodeOutputType,
} from "@/lib/code/functions/settings-schema";
import { ActionNotice } from "./action-notice";
import { CodeTopicPicker, type TCodeTopicOption } from "./topic-picker";

type TOutputDraft = { key: number; name: string; type: TCodeOutputType; defaultText: string };

/** Settings: topics (saved on their own: they take effect at once) and outputs, limits, rate. */
export function SettingsTab({
  settings,
  topicIds,
  metrics,
  canEdit,
  onSaveTopics,
  onSaveSettings,
}: {
  settings: TCodeFunctionSettings;
  topicIds: string[];
  metrics: TCodeTopicOption[];
  canEdit: boolean;
  onSaveTopics: (metricIds: string[]) => Promise<TActionResult<unknown>>;
  onSaveSettings: (settings: unknown) => Promise<TActionResult<unknown>>;
}) {
  const [topics, setTopics] = useState(topicIds);
  const topicsAction = useServerAction();

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Trigger"
          description="Functions run on events of the chosen metrics, or from code nodes in flows (then with the flow's profile and event)."
        />
        <div className="space-y-3 p-4">
          <CodeTopicPicker
            metrics={metrics}
            selected={topics}
            onChange={setTopics}
            disabled={!canEdit}
            error={topicsAction.error}
          />
          {canEdit ? (
            <div className="flex items-center gap-3">
              <Button
                variant="primary"
                pending={topicsAction.pending}
                onClick={() => topicsAction.run(() => onSaveTopics(topics), { notice: () => "Topics saved" })}
              >
                Save topics
              </Button>
              <ActionNotice notice={topicsAction.notice} />
            </div>
          ) : null}
        </div>
      </Card>
      <OutputsAndLimits settings={settings} canEdit={canEdit} onSave={onSaveSettings} />
    </div>
  );
}

let nextKey = 0;
function toDraft(output: TCodeFunctionSettings["outputs"][number]): TOutputDraft {
  nextKey += 1;
  return {
    key: nextKey,
    name: output.name,
    type: output.type,
    defaultText:
      output.default === undefined || output.default === null
        ? ""
        : output.type === "string"
          ? String(output.default)
          : JSON.stringify(output.default),
  };
}

/** The typed default as the schema wants it; text that does not parse is sent as is (the server names it). */
function parseDefault(type: TCodeOutputType, text: string): unknown {
  if (text.trim() === "") return undefined;
  if (type === "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function OutputsAndLimits({
  settings,
  canEdit,
  onSave,
}: {
  settings: TCodeFunctionSettings;
  canEdit: boolean;
  onSave: (settings: unknown) => Promise<TActionResult<unknown>>;
}) {
  const [outputs, setOutputs] = useState<TOutputDraft[]>(() => settings.outputs.map(toDraft));
  const [limits, setLimits] = useState({
    cpuMs: String(settings.limits.cpuMs),
    wallMs: String(settings.limits.wallMs),
    memoryMb: String(settings.limits.memoryMb),
    rate: String(settings.rateLimitPerSecond),
  });
  const action = useServerAction();

  function update(key: number, patch: Partial<TOutputDraft>) {
    setOutputs((current) => current.map((output) => (output.key === key ? { ...output, ...patch } : output)));
  }

  function save() {
    action.run(
      () =>
        onSave({
          outputs: outputs.map((output) => ({
            name: output.name,
            type: output.type,
            default: parseDefault(output.type, output.defaultText),
          })),
          limits: {
            cpuMs: Number(limits.cpuMs),
            wallMs: Number(limits.wallMs),
            memoryMb: Number(limits.memoryMb),
          },
          rateLimitPerSecond: Number(limits.rate),
        }),
      { notice: () => "Settings saved: the next deploy includes them" },
    );
  }

  return (
    <Card>
      <CardHeader
        title="Outputs and limits"
        description="Saved with the draft; a deployed version keeps the settings it was deployed with."
      />
      <div className="space-y-5 p-4">
        <fieldset disabled={!canEdit} data-testid="code-outputs">
          <legend className="text-[13px] font-medium text-zinc-800">Outputs</legend>
          <p className="mt-0.5 text-xs text-zinc-500">
            Up to {MAX_CODE_OUTPUTS} named values taken from the returned object. Flows branch on them and use
            them in templates as <code className="font-mono">{"{{ outputs.<node>.<name> }}"}</code>; the
            default applies when the key is missing or of the wrong type.
          </p>
          <div className="mt-2 space-y-2">
            {outputs.length === 0 ? <p className="text-xs text-zinc-400">No outputs declared.</p> : null}
            {outputs.map((output, index) => (
              <div
                key={output.key}
                className="flex flex-wrap items-center gap-2"
                data-testid="code-output-row"
              >
                <input
                  aria-label={`Output ${index + 1} name`}
                  value={output.name}
                  placeholder="name"
                  onChange={(event) => update(output.key, { name: event.target.value })}
                  className={`${CONTROL_CLASSES} h-8 w-44 border-zinc-300 font-mono`}
                />
                <Select
                  aria-label={`Output ${index + 1} type`}
                  value={output.type}
                  className="w-28"
                  onChange={(event) => update(output.key, { type: event.target.value as TCodeOutputType })}
                >
                  {CODE_OUTPUT_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </Select>
                <input
                  aria-label={`Output ${index + 1} default`}
                  value={output.defaultText}
                  placeholder="default (optional)"
                  onChange={(event) => update(output.key, { defaultText: event.target.value })}
                  className={`${CONTROL_CLASSES} h-8 min-w-40 flex-1 border-zinc-300 font-mono`}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove output ${output.name || index + 1}`}
                  onClick={() => setOutputs((current) => current.filter((item) => item.key !== output.key))}
                >
                  <IconClose />
                </Button>
              </div>
            ))}
          </div>
          {outputs.length < MAX_CODE_OUTPUTS ? (
            <Button
              size="sm"
              className="mt-2"
              icon={<IconPlus />}
              onClick={() => setOutputs((current) => [...current, toDraft({ name: "", type: "string" })])}
            >
              Add output
            </Button>
          ) : null}
        </fieldset>

        <fieldset disabled={!canEdit} className="grid gap-3 sm:grid-cols-4">
          <legend className="mb-2 text-[13px] font-medium text-zinc-800">Limits per invocation</legend>
          <TextField
            label="CPU time (ms)"
            type="number"
            value={limits.cpuMs}
            onChange={(event) => setLimits({ ...limits, cpuMs: event.target.value })}
            hint={`At most ${CODE_LIMIT_MAXIMA.cpuMs.toLocaleString("en-US")}`}
          />
          <TextField
            label="Wall clock (ms)"
            type="number"
            value={limits.wallMs}
            onChange={(event) => setLimits({ ...limits, wallMs: event.target.value })}
            hint="Covers awaits and fetches too"
          />
          <TextField
            label="Memory (MB)"
            type="number"
            value={limits.memoryMb}
            onChange={(event) => setLimits({ ...limits, memoryMb: event.target.value })}
            hint={`At most ${CODE_LIMIT_MAXIMA.memoryMb}`}
          />
          <TextField
            label="Rate (per second)"
            type="number"
            value={limits.rate}
            onChange={(event) => setLimits({ ...limits, rate: event.target.value })}
            hint={`Excess is queued; at most ${MAX_RATE_LIMIT_PER_SECOND}`}
          />
        </fieldset>

        {canEdit ? (
          <div className="space-y-2">
            <FormError>{action.error}</FormError>
            <div className="flex items-center gap-3">
              <Button variant="primary" pending={action.pending} onClick={save}>
                Save settings
              </Button>
              <ActionNotice notice={action.notice} />
            </div>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
