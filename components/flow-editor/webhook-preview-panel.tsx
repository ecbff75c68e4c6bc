"use client";

import { useEffect, useState, useTransition } from "react";
import type { TEditorMarker } from "@/components/code-editor/monaco-editor";
import { Button } from "@/components/ui/button";
import { previewWebhookAction, sendWebhookTestAction } from "@/lib/actions/webhook-node-actions";
import type { TNodeOf } from "@/lib/flows/graph-schema";
import type { TWebhookPreview } from "@/lib/flows/webhook-preview";
import type { TWebhookTestResult } from "@/lib/flows/webhook-test-send";
import type { TWebhookNodeContext } from "./webhook-node-context";
import { type TPreviewSubjectChoice, WebhookSubjectPicker } from "./webhook-subject-picker";
import { WebhookTestResult } from "./webhook-test-result";

const PREVIEW_DEBOUNCE_MS = 400;

type TWebhookConfig = TNodeOf<"webhook">["config"];

function failureText(failure: { part: string; message: string; line?: number; column?: number }): string {
  const what =
    failure.part === "body"
      ? "Body"
      : failure.part === "secrets"
        ? "Secrets"
        : `Header "${failure.part.slice("header:".length)}"`;
  const where = failure.line
    ? `, line ${failure.line}${failure.column ? `, column ${failure.column}` : ""}`
    : "";
  return `${what}${where}: ${failure.message}`;
}

/**
 * Live preview (rendered on the server by the engine's code, for a real profile and event, secrets
 * as ••••) and "Send test" (a real signed request). Body render errors are reported up as a
 * marker so the editor underlines the template position.
 */
export function WebhookPreviewPanel({
  config,
  context,
  onRenderError,
  canSend,
  subject,
  onSubjectChange,
}: {
  config: TWebhookConfig;
  context: TWebhookNodeContext;
  onRenderError: (marker: TEditorMarker | null) => void;
  canSend: boolean;
  /** Held by the form so the inline and the expanded views share the chosen profile and event. */
  subject: TPreviewSubjectChoice;
  onSubjectChange: (subject: TPreviewSubjectChoice) => void;
}) {
  const [preview, setPreview] = useState<TWebhookPreview | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [sent, setSent] = useState<TWebhookTestResult | null>(null);
  const [isSending, startSending] = useTransition();
  const profileId = subject.profile?.id ?? null;

  const input = profileId
    ? {
        flowId: context.flowId,
        profileId,
        eventId: subject.eventId,
        upstreamCode: context.upstreamCode,
        config,
      }
    : null;
  const inputKey = JSON.stringify(input);

  // biome-ignore lint/correctness/useExhaustiveDependencies: inputKey is the serialised input
  useEffect(() => {
    if (!input) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      void previewWebhookAction(input).then((result) => {
        if (!isCurrent) return;
        if (!result.ok) {
          setActionError(result.error);
          setPreview(null);
          onRenderError(null);
          return;
        }
        setActionError(null);
        setPreview(result.data);
        const failure = result.data.ok ? null : result.data;
        onRenderError(
          failure && failure.part === "body" && failure.line
            ? { line: failure.line, column: failure.column ?? 1, message: failure.message }
            : null,
        );
      });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [inputKey]);

  function sendTest() {
    if (!input) return;
    setSent(null);
    startSending(async () => {
      const result = await sendWebhookTestAction({ ...input, nodeId: context.nodeId });
      if (!result.ok) return setActionError(result.error);
      setActionError(null);
      setSent(result.data);
    });
  }

  return (
    <section className="space-y-3 border-t border-zinc-200 pt-3" aria-label="Preview and test">
      <h3 className="text-[13px] font-semibold text-zinc-900">Preview and test</h3>
      <WebhookSubjectPicker
        value={subject}
        onChange={onSubjectChange}
        metricId={context.metricId}
        isMetricFlow={context.isMetricFlow}
      />
      {!profileId ? (
        <p className="text-xs text-zinc-500">Choose a profile to render the body with its data.</p>
      ) : null}
      {preview?.ok ? (
        <div className="space-y-1" data-testid="webhook-preview">
          <p className="text-xs font-medium text-emerald-700">Rendered JSON is valid</p>
          <pre
            data-testid="webhook-preview-body"
            className="max-h-64 overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11px] whitespace-pre-wrap break-all text-zinc-800"
          >
            {preview.body}
          </pre>
          {context.upstreamCode.length > 0 ? (
            <p className="text-[11px] text-zinc-500">
              Code outputs are their defaults or sample values: they exist only in a run.
            </p>
          ) : null}
        </div>
      ) : preview ? (
        <p
          role="alert"
          data-testid="webhook-preview-error"
          className="rounded-md border border-red-200 bg-red-50 px-2.5 py-2 font-mono text-[11px] whitespace-pre-wrap text-red-800"
        >
          {failureText(preview)}
        </p>
      ) : null}
      {actionError ? <p className="text-xs text-red-600">{actionError}</p> : null}
      {canSend ? (
        <div className="space-y-2">
          <Button size="sm" onClick={sendTest} pending={isSending} disabled={!profileId || isSending}>
            Send test
          </Button>
          <p className="text-[11px] text-zinc-500">
            Sends one real, signed POST with this profile's data through the engine's delivery path (not
            recorded as a run).
          </p>
          {sent?.ok ? <WebhookTestResult result={sent} /> : null}
          {sent && !sent.ok ? (
            <p role="alert" className="text-xs text-red-700">
              Not sent: {failureText(sent)}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
