"use client";

import { useRef, useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { IconSpinner } from "@/components/ui/icons";
import { useServerAction } from "@/components/ui/use-server-action";
import { samplePayloadAction, sendTestEventAction } from "@/lib/actions/event-webhook-actions";
import type { TBatchDocument } from "@/lib/event-webhooks/batch-document";
import { JsonView } from "./json-view";
import { formatDuration } from "./labels";
import { ResponseStatusBadge } from "./status-badges";

type TTestResult = {
  topic: string;
  status: string;
  responseStatus: number | null;
  durationMs: number | null;
  error: string | null;
};

/**
 * Per topic: what a delivery looks like (the sample payload, synthetic data) and "Send test
 * event", which sends that sample — marked meta.test — to the endpoint now and shows the answer.
 */
export function TestAndSampleCard({
  webhookId,
  topics,
  canSend,
  initialSample,
}: {
  webhookId: string;
  topics: { metricId: string; name: string }[];
  canSend: boolean;
  initialSample: TBatchDocument | null;
}) {
  const [metricId, setMetricId] = useState(topics[0]?.metricId ?? "");
  const [sample, setSample] = useState<TBatchDocument | null>(initialSample);
  const [result, setResult] = useState<TTestResult | null>(null);
  const send = useServerAction();
  const load = useServerAction();
  // Only the answer for the topic chosen last is shown when answers arrive out of order.
  const latest = useRef(metricId);
  const topicName = topics.find((topic) => topic.metricId === metricId)?.name ?? "";

  function choose(next: string) {
    setMetricId(next);
    latest.current = next;
    load.run(() => samplePayloadAction({ webhookId, metricId: next }), {
      onSuccess: (document) => {
        if (latest.current === next) setSample(document);
      },
    });
  }

  function sendTest() {
    setResult(null);
    send.run(() => sendTestEventAction({ webhookId, metricId }), {
      onSuccess: (delivery) =>
        setResult({
          topic: topicName,
          status: delivery.status,
          responseStatus: delivery.attempt.responseStatus,
          durationMs: delivery.attempt.durationMs,
          error: delivery.attempt.error,
        }),
    });
  }

  return (
    <Card>
      <CardHeader
        title="Test event and sample payload"
        description="Synthetic data, never a real customer: the same document a delivery of this topic carries, with meta.test set when sent as a test."
      />
      <div className="space-y-3 px-4 py-3">
        <div className="flex flex-wrap items-end gap-3">
          <SelectField
            label="Metric"
            className="w-64"
            value={metricId}
            onChange={(event) => choose(event.target.value)}
          >
            {topics.map((topic) => (
              <option key={topic.metricId} value={topic.metricId}>
                {topic.name}
              </option>
            ))}
          </SelectField>
          {canSend ? (
            <Button variant="primary" pending={send.pending} disabled={!metricId} onClick={sendTest}>
              Send test event
            </Button>
          ) : null}
          {load.pending ? <IconSpinner className="mb-2 text-zinc-400" /> : null}
        </div>
        {result ? (
          <div
            role="status"
            data-testid="test-result"
            data-delivery-status={result.status}
            className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-[13px]"
          >
            <span className="font-medium text-zinc-900">Test {result.topic} sent:</span>
            <ResponseStatusBadge status={result.responseStatus} />
            {result.durationMs !== null ? (
              <span className="text-zinc-600" data-testid="test-result-duration">
                in {formatDuration(result.durationMs)}
              </span>
            ) : null}
            {result.error ? <span className="text-red-700">{result.error}</span> : null}
            <span className="text-xs text-zinc-500">It is in the delivery log below (marked Test).</span>
          </div>
        ) : null}
        <ActionFeedback error={send.error ?? load.error} notice={null} />
        <div>
          <h3 className="mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
            Sample payload{topicName ? ` — ${topicName}` : ""}
          </h3>
          {sample ? (
            <JsonView value={sample} testId="sample-payload" />
          ) : (
            <p className="text-xs text-zinc-400">No topic chosen.</p>
          )}
        </div>
      </div>
    </Card>
  );
}
