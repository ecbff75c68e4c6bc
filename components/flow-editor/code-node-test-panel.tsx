"use client";

import { useState, useTransition } from "react";
import type { TInvocationView } from "@/components/code/invocation-result-view";
import { InvocationResultView } from "@/components/code/invocation-result-view";
import { toInvocationView } from "@/components/code/to-invocation-view";
import { Button } from "@/components/ui/button";
import { testRunCodeFunctionAction } from "@/lib/actions/code-actions";
import { useWebhookNodeContext } from "./webhook-node-context";
import { type TPreviewSubjectChoice, WebhookSubjectPicker } from "./webhook-subject-picker";

/**
 * The code node's test-run button: runs the chosen function once — through the same runtime and
 * host SDK as production — with a real profile and, on metric-triggered flows, one of its events
 * (as the flow would pass them). Dry run shows SDK writes without applying them.
 */
export function CodeNodeTestPanel({ functionId, disabled }: { functionId: string; disabled: boolean }) {
  const context = useWebhookNodeContext();
  const [subject, setSubject] = useState<TPreviewSubjectChoice>({ profile: null, eventId: null });
  const [mode, setMode] = useState<"dry-run" | "apply">("dry-run");
  const [result, setResult] = useState<TInvocationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isRunning, startRun] = useTransition();
  const profileId = subject.profile?.id ?? null;

  const run = () => {
    if (!profileId) return;
    setError(null);
    startRun(async () => {
      const answer = await testRunCodeFunctionAction({
        functionId,
        input: subject.eventId ? { kind: "event", eventId: subject.eventId } : { kind: "profile", profileId },
        mode,
      });
      if (answer.ok) setResult(toInvocationView(answer.data));
      else {
        setResult(null);
        setError(answer.error);
      }
    });
  };

  return (
    <section className="space-y-3 border-t border-zinc-200 pt-3" aria-label="Test the function">
      <h3 className="text-[13px] font-semibold text-zinc-900">Test run</h3>
      <p className="text-xs text-zinc-500">
        Runs the function&apos;s saved draft once, in the same sandbox as production.
      </p>
      <WebhookSubjectPicker
        value={subject}
        onChange={setSubject}
        metricId={context.metricId}
        isMetricFlow={context.isMetricFlow}
      />
      <div className="flex items-center gap-3 text-[13px]">
        <label className="flex items-center gap-1.5">
          <input
            type="radio"
            name="code-node-test-mode"
            checked={mode === "dry-run"}
            onChange={() => setMode("dry-run")}
            className="accent-accent-600"
          />
          Dry run
        </label>
        <label className="flex items-center gap-1.5">
          <input
            type="radio"
            name="code-node-test-mode"
            checked={mode === "apply"}
            onChange={() => setMode("apply")}
            className="accent-accent-600"
          />
          Apply writes
        </label>
        <Button
          size="sm"
          className="ml-auto"
          onClick={run}
          pending={isRunning}
          disabled={disabled || !profileId || isRunning}
        >
          Run once
        </Button>
      </div>
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
      {result ? (
        <div data-testid="code-node-test-result">
          <InvocationResultView result={result} />
        </div>
      ) : null}
    </section>
  );
}
