"use client";

import { useState } from "react";
import type { TEditorMarker } from "@/components/code-editor/monaco-editor";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import type { TNodeOf } from "@/lib/flows/graph-schema";
import { webhookUrlProblem } from "@/lib/flows/webhook-url-rule";
import { controlClass, FieldError, Note, type TNodeFormProps } from "./form-kit";
import { WebhookBodyEditor } from "./webhook-body-editor";
import { useWebhookNodeContext } from "./webhook-node-context";
import { WebhookPreviewPanel } from "./webhook-preview-panel";
import type { TPreviewSubjectChoice } from "./webhook-subject-picker";

type TWebhookConfig = TNodeOf<"webhook">["config"];

/** The webhook node's inspector: endpoint, headers, body template, live preview and Send test. */
export function WebhookNodeForm({ config, onChange, errors, disabled }: TNodeFormProps<TWebhookConfig>) {
  const context = useWebhookNodeContext();
  const [renderError, setRenderError] = useState<TEditorMarker | null>(null);
  const [subject, setSubject] = useState<TPreviewSubjectChoice>({ profile: null, eventId: null });
  const [isExpanded, setIsExpanded] = useState(false);
  const urlProblem = config.url.trim() === "" ? null : webhookUrlProblem(config.url, context);
  const setHeader = (index: number, header: TWebhookConfig["headers"][number]) =>
    onChange(
      { ...config, headers: config.headers.map((old, i) => (i === index ? header : old)) },
      `headers.${index}`,
    );
  const bodyEditor = (height: number) => (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between">
        <p className="text-[13px] font-medium text-zinc-800">JSON body (template)</p>
        <Button size="sm" variant="ghost" onClick={() => setIsExpanded(!isExpanded)}>
          {isExpanded ? "Back to the panel" : "Expand"}
        </Button>
      </div>
      <WebhookBodyEditor
        value={config.body}
        onChange={(body) => onChange({ ...config, body }, "body")}
        variables={context.variables}
        renderError={renderError}
        saveError={errors.body}
        height={height}
        disabled={disabled}
      />
      {context.isMetricFlow ? null : (
        <p className="text-[11px] text-zinc-500">
          This flow is not metric-triggered: there is no event, so event.… is not offered.
        </p>
      )}
      {context.variablesError ? <FieldError message={context.variablesError} /> : null}
    </div>
  );
  const previewPanel = (
    <WebhookPreviewPanel
      config={config}
      context={context}
      onRenderError={setRenderError}
      canSend={!disabled}
      subject={subject}
      onSubjectChange={setSubject}
    />
  );
  return (
    <div className="space-y-4">
      <Note>
        One HTTP <strong>POST</strong> to one endpoint for each profile that reaches this step, signed with
        the workspace's flow webhook secret (Standard Webhooks). The seed allows no other method and no second
        endpoint: use a code node for those.
      </Note>
      {context.nodeId ? (
        // A new tab: the editor may hold unsaved changes.
        <a
          href={`/webhooks/flows/${context.flowId}/${encodeURIComponent(context.nodeId)}`}
          target="_blank"
          rel="noopener"
          className="inline-block text-[13px] text-accent-700 hover:underline"
          data-testid="webhook-delivery-log-link"
        >
          Delivery log: attempts, success rate, latency, replay ↗
        </a>
      ) : null}
      <TextField
        label="Endpoint URL (POST)"
        placeholder="https://example.com/hooks/hookflow"
        value={config.url}
        onChange={(event) => onChange({ ...config, url: event.target.value }, "url")}
        error={errors.url ?? urlProblem ?? undefined}
        hint={
          context.isHttpAllowed
            ? `https, or http for development: this server allows private targets (${context.targetsNote?.replace(/^private targets allowed: /, "")}).`
            : "https only (http is accepted only on servers that allow private targets for development)."
        }
        disabled={disabled}
      />
      <div className="space-y-1.5">
        <p className="text-[13px] font-medium text-zinc-800">Headers</p>
        <datalist id="webhook-secret-values">
          {context.variables.secretNames.flatMap((name) => [
            <option key={`${name}-bare`} value={`{{ secrets.${name} }}`} />,
            <option key={`${name}-bearer`} value={`Bearer {{ secrets.${name} }}`} />,
          ])}
        </datalist>
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
                list="webhook-secret-values"
                className={controlClass(
                  Boolean(errors[`headers.${index}.value`]),
                  "h-7 min-w-0 flex-1 font-mono text-xs",
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
        <div className="flex items-center gap-2">
          <Button
            size="sm"
            onClick={() =>
              onChange({ ...config, headers: [...config.headers, { name: "", value: "" }] }, "headers")
            }
            disabled={disabled || config.headers.length >= 50}
          >
            Add header
          </Button>
          <span className="text-[11px] text-zinc-500">
            {context.variables.secretNames.length > 0
              ? `Secrets: ${context.variables.secretNames.join(", ")} (values never shown)`
              : "No workspace secrets yet (Settings → Secrets)"}
          </span>
        </div>
      </div>
      {isExpanded ? (
        <Dialog
          open
          onClose={() => setIsExpanded(false)}
          title="Webhook body"
          description={`POST ${config.url || "(no URL yet)"}`}
          className="max-w-6xl!"
        >
          <div className="grid max-h-[75vh] grid-cols-1 gap-4 overflow-y-auto md:grid-cols-[3fr_2fr]">
            {bodyEditor(440)}
            {previewPanel}
          </div>
        </Dialog>
      ) : (
        <>
          {bodyEditor(240)}
          {previewPanel}
        </>
      )}
    </div>
  );
}
