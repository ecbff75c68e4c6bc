import { Badge } from "@/components/ui/badge";
import { DELIVERY_STATUS, type TDeliveryStatus } from "./labels";

export function WebhookStateBadge({ enabled }: { enabled: boolean }) {
  return (
    <Badge tone={enabled ? "green" : "neutral"}>
      <span data-testid="webhook-state" data-enabled={String(enabled)}>
        {enabled ? "Enabled" : "Disabled"}
      </span>
    </Badge>
  );
}

export function DeliveryStatusBadge({ status }: { status: TDeliveryStatus }) {
  const { label, tone } = DELIVERY_STATUS[status];
  return (
    <Badge tone={tone}>
      <span data-testid="delivery-status" data-status={status}>
        {label}
      </span>
    </Badge>
  );
}

/** An attempt's HTTP answer: the status code, or "no response" (network error, timeout, refused). */
export function ResponseStatusBadge({ status }: { status: number | null }) {
  if (status === null) return <Badge tone="red">No response</Badge>;
  const tone = status >= 200 && status < 300 ? "green" : status >= 500 || status === 429 ? "amber" : "red";
  return (
    <Badge tone={tone}>
      <span data-testid="attempt-response-status">HTTP {status}</span>
    </Badge>
  );
}
