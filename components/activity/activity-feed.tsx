"use client";

import type { ReactNode } from "react";
import { ActivityRow } from "@/components/activity/activity-row";
import { LiveIndicator } from "@/components/activity/live-indicator";
import type { TActivityPage } from "@/components/activity/types";
import { useLiveEvents } from "@/components/activity/use-live-events";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { IconActivity } from "@/components/ui/icons";

export const POLL_INTERVAL_MS = 4_000;

export function ActivityFeed({
  workspaceId,
  metricId,
  metricName,
  initial,
  toolbar,
  firstEventGuide,
}: {
  workspaceId: string;
  metricId: string | null;
  metricName: string | null;
  initial: TActivityPage;
  toolbar: ReactNode;
  firstEventGuide: ReactNode;
}) {
  const feed = useLiveEvents({ workspaceId, metricId, initial, intervalMs: POLL_INTERVAL_MS });

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2.5">
        {toolbar}
        <LiveIndicator status={feed.status} />
      </div>
      {feed.gap ? (
        <div className="flex items-center justify-between gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2 text-[13px] text-amber-900">
          More events arrived than one update carries; some between are not shown.
          <Button size="sm" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </div>
      ) : null}
      {feed.events.length === 0 ? (
        metricId ? (
          <EmptyState
            icon={<IconActivity className="size-5" />}
            title={`No ${metricName ?? "such"} events yet`}
            description="They appear here as soon as they arrive."
          />
        ) : (
          firstEventGuide
        )
      ) : (
        <>
          <ul
            className="divide-y divide-zinc-100 text-[13px]"
            aria-label="Events, newest first"
            aria-live="polite"
          >
            {feed.events.map((event) => (
              <ActivityRow key={event.id} event={event} isNew={feed.newIds.has(event.id)} />
            ))}
          </ul>
          <div className="flex flex-col items-center gap-2 border-t border-zinc-200 px-4 py-3">
            {feed.hasMore ? (
              <Button onClick={feed.loadMore} pending={feed.loadingMore}>
                Load more
              </Button>
            ) : (
              <p className="text-xs text-zinc-500">
                That is every event{metricName ? ` of ${metricName}` : ""}.
              </p>
            )}
            <FormError>{feed.loadError}</FormError>
          </div>
        </>
      )}
    </Card>
  );
}
