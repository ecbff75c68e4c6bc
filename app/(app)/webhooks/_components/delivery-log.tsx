import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconWebhook } from "@/components/ui/icons";
import { isTimeRange, TIME_RANGES } from "@/components/ui/time-ranges";
import { DeliveriesFilters } from "./deliveries-filters";
import { DeliveriesPager } from "./deliveries-pager";
import type { TDeliveryFilterValues } from "./delivery-filter-params";
import { DeliveryItem, type TDeliveryRow } from "./delivery-item";
import { ReplayFailedDialog } from "./replay-failed-dialog";

const DAY_MS = 86_400_000;

type TDeliveryLogProps<T> = {
  deliveries: T[];
  kind: "event" | "flow";
  canReplay: boolean;
  isFiltered: boolean;
  emptyDescription: string;
  summarize: (delivery: T) => ReactNode;
};

/** A delivery as the log queries return it (event webhooks' and flow webhook nodes' alike). */
type TLoggedDelivery = Omit<TDeliveryRow, "isTest" | "nextAttemptAt" | "createdAt" | "updatedAt"> & {
  isTest?: boolean;
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * A webhook's delivery log card (server-rendered): replay of failed deliveries for operators, the
 * URL filters (topics and kinds only for event webhooks), one page of deliveries, the pager.
 */
export function DeliveryLogCard<T extends TLoggedDelivery>({
  description,
  replayTarget,
  basePath,
  filters,
  topics,
  cursor,
  nextCursor,
  ...list
}: {
  description: string;
  replayTarget: { webhookId: string } | { flowId: string; nodeId: string };
  basePath: string;
  filters: TDeliveryFilterValues;
  topics?: string[];
  cursor: string | null;
  nextCursor: string | null;
} & TDeliveryLogProps<T>) {
  return (
    <Card>
      <CardHeader
        title="Deliveries"
        description={description}
        actions={
          list.canReplay ? (
            <ReplayFailedDialog
              target={replayTarget}
              defaultRangeMs={isTimeRange(filters.range) ? TIME_RANGES[filters.range].ms : DAY_MS}
            />
          ) : null
        }
      />
      <div className="border-b border-zinc-200 px-4 py-2.5">
        <DeliveriesFilters basePath={basePath} filters={filters} topics={topics} />
      </div>
      <DeliveryLog {...list} />
      <DeliveriesPager basePath={basePath} filters={filters} cursor={cursor} nextCursor={nextCursor} />
    </Card>
  );
}

/**
 * One page of a webhook's delivery log (server-rendered): the empty state, or a row per delivery
 * that expands to its attempts. `summarize` says what each delivery carried (its topics and events,
 * or a flow step's profile and run). Flow webhook nodes have no test sends.
 */
function DeliveryLog<T extends TLoggedDelivery>({
  deliveries,
  kind,
  canReplay,
  isFiltered,
  emptyDescription,
  summarize,
}: TDeliveryLogProps<T>) {
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
