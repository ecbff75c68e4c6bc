import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { AbsoluteTime } from "@/components/ui/time";
import type { TEventWebhook } from "@/lib/event-webhooks/event-webhook-output";
import { formatDuration } from "./labels";

/** What the webhook is set to, read-only (Edit changes it). */
export function SettingsSummary({ webhook }: { webhook: TEventWebhook }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 px-4 py-3 text-[13px] md:grid-cols-2">
      <Item label="Endpoint">
        <code className="font-mono text-xs break-all" data-testid="webhook-url">
          {webhook.url}
        </code>
      </Item>
      <Item label="Topics">
        <span className="flex flex-wrap gap-1" data-testid="webhook-topics">
          {webhook.topics.map((topic) => (
            <Badge key={topic.metricId}>{topic.name}</Badge>
          ))}
        </span>
      </Item>
      <Item label="Batching">
        Up to {webhook.batchSize} {webhook.batchSize === 1 ? "event" : "events"} per request, sent at most{" "}
        {formatDuration(webhook.batchWindowMs)} after a batch's first event
      </Item>
      <Item label="Concurrency">
        At most {webhook.maxConcurrency} {webhook.maxConcurrency === 1 ? "request" : "requests"} in flight
        {webhook.maxRequestsPerSecond > 0 ? `, ${webhook.maxRequestsPerSecond} per second` : ""}
      </Item>
      <Item label="Disabled automatically">
        After failing for {webhook.disableAfterFailingDays}{" "}
        {webhook.disableAfterFailingDays === 1 ? "day" : "days"}, or at once on 410 Gone
        {webhook.failingSince ? (
          <span className="block text-xs text-amber-700">
            Failing since <AbsoluteTime value={webhook.failingSince.toISOString()} />
          </span>
        ) : null}
      </Item>
      <Item label="Payload">
        Batch document, version {webhook.payloadVersion} (
        <a
          href="https://www.standardwebhooks.com"
          className="text-accent-700 hover:underline"
          target="_blank"
          rel="noreferrer"
        >
          Standard Webhooks
        </a>{" "}
        signatures)
      </Item>
      <Item label="Created">
        <AbsoluteTime value={webhook.createdAt.toISOString()} />
      </Item>
    </dl>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-zinc-800">{children}</dd>
    </div>
  );
}
