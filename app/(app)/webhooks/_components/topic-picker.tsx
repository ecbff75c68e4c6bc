"use client";

import { useId, useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { CONTROL_CLASSES } from "@/components/ui/field";
import { IconClose } from "@/components/ui/icons";

export type TTopicOption = { id: string; name: string; isMessageMetric: boolean };

// Past this many matches the list asks for a narrower search instead of rendering thousands of
// checkboxes (a workspace that sends free-form metric names can have many).
const MATCHES_SHOWN = 200;

/**
 * The webhook's topics: a searchable list of the workspace's metrics as checkboxes (message
 * metrics first — the usual reason for an event webhook), with the chosen ones as removable chips
 * above it. Chosen metrics stay chosen while a search hides them.
 */
export function TopicPicker({
  metrics,
  selected,
  onChange,
  error,
}: {
  metrics: TTopicOption[];
  selected: readonly string[];
  onChange: (next: string[]) => void;
  error?: string;
}) {
  const [query, setQuery] = useState("");
  const searchId = useId();
  const messageId = useId();
  const chosen = new Set(selected);
  const byId = useMemo(() => new Map(metrics.map((metric) => [metric.id, metric])), [metrics]);
  const needle = query.trim().toLowerCase();
  const matches = metrics.filter((metric) => metric.name.toLowerCase().includes(needle));
  const shown = matches.slice(0, MATCHES_SHOWN);
  const groups = [
    { label: "Message metrics", items: shown.filter((metric) => metric.isMessageMetric) },
    { label: "Other metrics", items: shown.filter((metric) => !metric.isMessageMetric) },
  ].filter((group) => group.items.length > 0);

  function toggle(id: string) {
    onChange(chosen.has(id) ? selected.filter((value) => value !== id) : [...selected, id]);
  }

  return (
    <fieldset aria-describedby={messageId} aria-invalid={error ? true : undefined} data-testid="topic-picker">
      <legend className="text-[13px] font-medium text-zinc-800">Topics</legend>
      <p className="mt-0.5 text-xs text-zinc-500">
        The metrics whose events this webhook receives. Several metrics can share one webhook.
      </p>
      <div className="mt-2 flex min-h-7 flex-wrap gap-1.5" data-testid="selected-topics" aria-live="polite">
        {selected.length === 0 ? (
          <span className="text-xs text-zinc-400">No metric chosen yet.</span>
        ) : (
          selected.map((id) => {
            const name = byId.get(id)?.name ?? id;
            return (
              <Badge key={id} tone="accent" className="pr-0.5">
                {name}
                <button
                  type="button"
                  onClick={() => toggle(id)}
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
      <label htmlFor={searchId} className="sr-only">
        Search metrics
      </label>
      <input
        id={searchId}
        type="search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder="Search metrics…"
        autoComplete="off"
        className={`${CONTROL_CLASSES} mt-2 h-8 w-full ${error ? "border-red-500" : "border-zinc-300"}`}
      />
      <div className="mt-1.5 max-h-64 overflow-y-auto rounded-md border border-zinc-200">
        {groups.length === 0 ? (
          <p className="px-3 py-2 text-xs text-zinc-500">
            {metrics.length === 0
              ? "This workspace has no metrics yet."
              : `No metric matches “${query.trim()}”.`}
          </p>
        ) : (
          groups.map((group) => (
            <fieldset key={group.label}>
              <legend className="sticky top-0 w-full border-b border-zinc-100 bg-zinc-50 px-3 py-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
                {group.label}
              </legend>
              {group.items.map((metric) => (
                <label
                  key={metric.id}
                  className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-[13px] text-zinc-800 hover:bg-zinc-50"
                >
                  <input
                    type="checkbox"
                    checked={chosen.has(metric.id)}
                    onChange={() => toggle(metric.id)}
                    className="accent-accent-600"
                  />
                  {metric.name}
                </label>
              ))}
            </fieldset>
          ))
        )}
        {matches.length > MATCHES_SHOWN ? (
          <p className="border-t border-zinc-100 px-3 py-1.5 text-xs text-zinc-500">
            {matches.length - MATCHES_SHOWN} more match: narrow the search.
          </p>
        ) : null}
      </div>
      <p id={messageId} className={error ? "mt-1 text-xs text-red-600" : "sr-only"}>
        {error ?? `${selected.length} chosen`}
      </p>
    </fieldset>
  );
}
