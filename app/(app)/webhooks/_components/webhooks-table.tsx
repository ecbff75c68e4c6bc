import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatRate } from "./labels";
import { WebhookStateBadge } from "./status-badges";
import { SuccessRateBar } from "./success-rate-bar";

export type TWebhookRow = {
  id: string;
  name: string;
  url: string;
  topics: string[];
  enabled: boolean;
  disabledReason: string | null;
  attempts24h: number;
  successRate: number | null;
  pending: number;
};

const TOPICS_SHOWN = 3;

/** The workspace's event webhooks with their state and how their last 24 h of attempts went. */
export function WebhooksTable({ webhooks }: { webhooks: TWebhookRow[] }) {
  return (
    <Table>
      <THead>
        <tr>
          <TH>Name</TH>
          <TH>Endpoint</TH>
          <TH>Topics</TH>
          <TH>State</TH>
          <TH>Success (24 h)</TH>
        </tr>
      </THead>
      <TBody>
        {webhooks.map((webhook) => (
          <TR key={webhook.id} data-testid="webhook-row" data-webhook-id={webhook.id}>
            <TD className="max-w-56">
              <Link
                href={`/webhooks/${webhook.id}`}
                className="block truncate font-medium text-zinc-900 hover:text-accent-700 hover:underline"
              >
                {webhook.name}
              </Link>
            </TD>
            <TD className="max-w-72">
              <code className="block truncate font-mono text-xs text-zinc-600" title={webhook.url}>
                {webhook.url}
              </code>
            </TD>
            <TD className="max-w-72">
              <span className="flex flex-wrap gap-1">
                {webhook.topics.slice(0, TOPICS_SHOWN).map((topic) => (
                  <Badge key={topic}>{topic}</Badge>
                ))}
                {webhook.topics.length > TOPICS_SHOWN ? (
                  <span title={webhook.topics.slice(TOPICS_SHOWN).join(", ")}>
                    <Badge>+{webhook.topics.length - TOPICS_SHOWN} more</Badge>
                  </span>
                ) : null}
              </span>
            </TD>
            <TD className="max-w-64">
              <WebhookStateBadge enabled={webhook.enabled} />
              {!webhook.enabled && webhook.disabledReason ? (
                <span
                  className="mt-1 block truncate text-xs text-red-700"
                  title={webhook.disabledReason}
                  data-testid="disabled-reason"
                >
                  {webhook.disabledReason}
                </span>
              ) : null}
            </TD>
            <TD className="whitespace-nowrap">
              {webhook.successRate === null ? (
                <span className="text-zinc-400">No attempts</span>
              ) : (
                <span className="flex items-center gap-2" title={`${webhook.attempts24h} attempts`}>
                  <SuccessRateBar rate={webhook.successRate} />
                  <span data-testid="success-rate">{formatRate(webhook.successRate)}</span>
                </span>
              )}
              {webhook.pending > 0 ? (
                <span className="block text-xs text-amber-700">{webhook.pending} waiting</span>
              ) : null}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
