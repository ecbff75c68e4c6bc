import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { IconWebhook } from "@/components/ui/icons";
import { DeliveryItem, type TDeliveryRow } from "./delivery-item";

/** A delivery as the log queries return it (event webhooks' and flow webhook nodes' alike). */
type TLoggedDelivery = Omit<TDeliveryRow, "isTest" | "nextAttemptAt" | "createdAt" | "updatedAt"> & {
  isTest?: boolean;
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * One page of a webhook's delivery log (server-rendered): the empty state, or a row per delivery
 * that expands to its attempts. `summarize` says what each delivery carried (its topics and events,
 * or a flow step's profile and run). Flow webhook nodes have no test sends.
 */
export function DeliveryLog<T extends TLoggedDelivery>({
  deliveries,
  kind,
  canReplay,
  isFiltered,
  emptyDescription,
  summarize,
}: {
  deliveries: T[];
  kind: "event" | "flow";
  canReplay: boolean;
  isFiltered: boolean;
  emptyDescription: string;
  summarize: (delivery: T) => ReactNode;
}) {
  if (deliveries.length === 0)
    return (
      <EmptyState
        icon={<IconWebhook className="size-5" />}
        title={isFiltered ? "No deliveries match" : "No deliveries yet"}
        description={isFiltered ? "Change the filters to see other deliveries." : emptyDescription}
      />
    );
  return (
    <ul className="divide-y divide-zinc-100" data-testid="deliveries">
      {deliveries.map((delivery) => (
        <DeliveryItem
          key={delivery.id}
          kind={kind}
          canReplay={canReplay}
          delivery={{
            id: delivery.id,
            messageId: delivery.messageId,
            status: delivery.status,
            isTest: delivery.isTest ?? false,
            attemptCount: delivery.attemptCount,
            nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
            isReplayRequested: delivery.isReplayRequested,
            createdAt: delivery.createdAt.toISOString(),
            updatedAt: delivery.updatedAt.toISOString(),
          }}
        >
          {summarize(delivery)}
        </DeliveryItem>
      ))}
    </ul>
  );
}
