"use client";

import { useId, useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { CONTROL_CLASSES } from "@/components/ui/field";
import { IconClose } from "@/components/ui/icons";

// The parts both topic pickers (an event webhook's, a code function's) share: a search over the
// workspace's metrics, the chosen ones as removable chips, and a cap on the listed matches.

// Past this many matches the list asks for a narrower search instead of rendering thousands of
// checkboxes (a workspace that sends free-form metric names can have many).
const MATCHES_SHOWN = 200;

type TMetric = { id: string; name: string };

/** Chosen metrics stay chosen while a search hides them. */
export function useTopicSearch<T extends TMetric>({
  metrics,
  selected,
  onChange,
}: {
  metrics: T[];
  selected: readonly string[];
  onChange: (next: string[]) => void;
}) {
  const [query, setQuery] = useState("");
  const searchId = useId();
  const chosen = new Set(selected);
  const byId = useMemo(() => new Map(metrics.map((metric) => [metric.id, metric])), [metrics]);
  const needle = query.trim().toLowerCase();
  const matches = metrics.filter((metric) => metric.name.toLowerCase().includes(needle));

  function toggle(id: string) {
    onChange(chosen.has(id) ? selected.filter((value) => value !== id) : [...selected, id]);
  }

  return {
    query,
    setQuery,
    searchId,
    chosen,
    nameOf: (id: string) => byId.get(id)?.name ?? id,
    shown: matches.slice(0, MATCHES_SHOWN),
    hiddenCount: Math.max(0, matches.length - MATCHES_SHOWN),
    toggle,
  };
}

export function ChosenTopicChips({
  selected,
  nameOf,
  onRemove,
  emptyText,
  testId,
}: {
  selected: readonly string[];
  nameOf: (id: string) => string;
  onRemove: (id: string) => void;
  emptyText: string;
  testId: string;
}) {
  return (
    <div className="mt-2 flex min-h-7 flex-wrap gap-1.5" data-testid={testId} aria-live="polite">
      {selected.length === 0 ? (
        <span className="text-xs text-zinc-400">{emptyText}</span>
      ) : (
        selected.map((id) => {
          const name = nameOf(id);
          return (
            <Badge key={id} tone="accent" className="pr-0.5">
              {name}
              <button
                type="button"
                onClick={() => onRemove(id)}
                aria-label={`Remove ${name}`}
                className="rounded p-0.5 hover:bg-accent-100"
              >
                <IconClose className="size-3" />
              </button>
            </Badge>
          );
        })
      )}
    </div>
  );
}

export function TopicSearchInput({
  id,
  query,
  onQueryChange,
  isInvalid,
}: {
  id: string;
  query: string;
  onQueryChange: (query: string) => void;
  isInvalid: boolean;
}) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        Search metrics
      </label>
      <input
        id={id}
        type="search"
        value={query}
        onChange={(event) => onQueryChange(event.target.value)}
        placeholder="Search metrics…"
        autoComplete="off"
        className={`${CONTROL_CLASSES} mt-2 h-8 w-full ${isInvalid ? "border-red-500" : "border-zinc-300"}`}
      />
    </>
  );
}

export function HiddenMatchesNote({ count }: { count: number }) {
  return count > 0 ? (
    <p className="border-t border-zinc-100 px-3 py-1.5 text-xs text-zinc-500">
      {count} more match: narrow the search.
    </p>
  ) : null;
}
