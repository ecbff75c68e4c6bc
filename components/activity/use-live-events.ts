"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { appendOlderEvents, mergeNewEvents } from "@/components/activity/merge-events";
import type { TActivityEvent, TActivityPage, TActivityResponse } from "@/components/activity/types";
import { pollWhileVisible } from "@/components/ui/poll-while-visible";

export type TLiveStatus = "live" | "paused" | "reconnecting" | "signed-out";

const POLL_PAGE_SIZE = 50;

async function fetchActivity(params: URLSearchParams): Promise<TActivityResponse> {
  const response = await fetch(`/api/app/activity?${params}`, {
    cache: "no-store",
    headers: { accept: "application/json" },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw Object.assign(new Error(body?.error ?? `HTTP ${response.status}`), { status: response.status });
  }
  return response.json();
}

/**
 * The feed's state: the initial page from the server, polls for newer events every `intervalMs`
 * while the tab is visible (a hidden tab costs the server nothing), and "Load more" along the
 * keyset cursor. A poll never overlaps the previous one. Polls ask only for events at or after the
 * newest one shown, so an event sent with a time older than that (a back-dated import) appears on
 * the next page load, in its place, not live.
 */
export function useLiveEvents(options: {
  workspaceId: string;
  metricId: string | null;
  initial: TActivityPage;
  intervalMs: number;
}) {
  const { workspaceId, metricId, intervalMs } = options;
  const [events, setEvents] = useState(options.initial.events);
  const [cursor, setCursor] = useState(options.initial.nextCursor);
  const [newIds, setNewIds] = useState<ReadonlySet<string>>(new Set());
  const [gap, setGap] = useState(false);
  const [status, setStatus] = useState<TLiveStatus>("live");
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const eventsRef = useRef(events);
  const cursorRef = useRef(cursor);
  eventsRef.current = events;
  cursorRef.current = cursor;

  const params = useCallback(
    (extra: Record<string, string>) =>
      new URLSearchParams({ ...(metricId ? { metric: metricId } : {}), ...extra }),
    [metricId],
  );

  useEffect(() => {
    return pollWhileVisible({
      intervalMs,
      onStatus: setStatus,
      tick: async (isStopped) => {
        // Only what is at least as new as the newest event shown: an idle feed polls for nothing.
        const newest = eventsRef.current[0];
        const page = await fetchActivity(
          params({ limit: String(POLL_PAGE_SIZE), ...(newest ? { since: newest.time } : {}) }),
        );
        if (isStopped()) return;
        if (page.workspaceId !== workspaceId) {
          // The workspace was switched in another tab: show that one rather than mix the two.
          window.location.reload();
          return;
        }
        const merged = mergeNewEvents(eventsRef.current, page.events, {
          hasOlder: cursorRef.current !== null,
          pageSize: POLL_PAGE_SIZE,
        });
        if (merged.addedIds.length > 0) {
          setEvents(merged.events);
          setNewIds(new Set(merged.addedIds));
        }
        if (merged.gap) setGap(true);
        setStatus("live");
      },
    });
  }, [intervalMs, params, workspaceId]);

  async function loadMore() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setLoadError(null);
    try {
      const page = await fetchActivity(params({ cursor }));
      setEvents((shown) => appendOlderEvents(shown, page.events));
      setCursor(page.nextCursor);
    } catch (error) {
      setLoadError((error as Error).message || "Loading older events failed");
    } finally {
      setLoadingMore(false);
    }
  }

  return { events, newIds, hasMore: cursor !== null, loadMore, loadingMore, loadError, gap, status };
}

export type TLiveEvents = ReturnType<typeof useLiveEvents>;
export type { TActivityEvent };
