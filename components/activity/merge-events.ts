import type { TActivityEvent } from "@/components/activity/types";

/** Newest first, as the feed and the API order them: time descending, then id descending. */
export function compareNewestFirst(a: TActivityEvent, b: TActivityEvent): number {
  if (a.time !== b.time) return a.time < b.time ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/**
 * Merges a poll (the newest `pageSize` events) into the shown feed.
 * - Events already shown are skipped.
 * - While older pages remain to load, an event older than the oldest shown one is left for
 *   "Load more" (the cursor will reach it; adding it now would show it twice).
 * - `gap`: the poll was full and entirely new and all newer than the feed, so events between
 *   the poll and the feed may be missing — the UI offers a reload rather than pretending.
 */
export function mergeNewEvents(
  shown: TActivityEvent[],
  incoming: TActivityEvent[],
  options: { hasOlder: boolean; pageSize: number },
): { events: TActivityEvent[]; addedIds: string[]; gap: boolean } {
  const known = new Set(shown.map((event) => event.id));
  const oldestShown = shown.at(-1);
  const newestShown = shown[0];
  const added = incoming.filter(
    (event) =>
      !known.has(event.id) &&
      !(options.hasOlder && oldestShown && compareNewestFirst(event, oldestShown) > 0),
  );
  const oldestIncoming = [...incoming].sort(compareNewestFirst).at(-1);
  const gap =
    newestShown !== undefined &&
    oldestIncoming !== undefined &&
    incoming.length >= options.pageSize &&
    incoming.every((event) => !known.has(event.id)) &&
    compareNewestFirst(oldestIncoming, newestShown) < 0;
  if (added.length === 0) return { events: shown, addedIds: [], gap };
  return {
    events: [...added, ...shown].sort(compareNewestFirst),
    addedIds: added.map((event) => event.id),
    gap,
  };
}

/** Appends an older page, skipping anything a poll already placed in the feed. */
export function appendOlderEvents(shown: TActivityEvent[], older: TActivityEvent[]): TActivityEvent[] {
  const known = new Set(shown.map((event) => event.id));
  return [...shown, ...older.filter((event) => !known.has(event.id))];
}
