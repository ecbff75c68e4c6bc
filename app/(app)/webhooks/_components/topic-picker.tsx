"use client";

import { useId } from "react";
import {
  ChosenTopicChips,
  HiddenMatchesNote,
  TopicSearchInput,
  useTopicSearch,
} from "@/components/topics/topic-search";

export type TTopicOption = { id: string; name: string; isMessageMetric: boolean };

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
  const search = useTopicSearch({ metrics, selected, onChange });
  const messageId = useId();
  const groups = [
    { label: "Message metrics", items: search.shown.filter((metric) => metric.isMessageMetric) },
    { label: "Other metrics", items: search.shown.filter((metric) => !metric.isMessageMetric) },
  ].filter((group) => group.items.length > 0);

  return (
    <fieldset aria-describedby={messageId} aria-invalid={error ? true : undefined} data-testid="topic-picker">
      <legend className="text-[13px] font-medium text-zinc-800">Topics</legend>
      <p className="mt-0.5 text-xs text-zinc-500">
        The metrics whose events this webhook receives. Several metrics can share one webhook.
      </p>
      <ChosenTopicChips
        selected={selected}
        nameOf={search.nameOf}
        onRemove={search.toggle}
        emptyText="No metric chosen yet."
        testId="selected-topics"
      />
      <TopicSearchInput
        id={search.searchId}
        query={search.query}
        onQueryChange={search.setQuery}
        isInvalid={Boolean(error)}
      />
      <div className="mt-1.5 max-h-64 overflow-y-auto rounded-md border border-zinc-200">
        {groups.length === 0 ? (
          <p className="px-3 py-2 text-xs text-zinc-500">
            {metrics.length === 0
              ? "This workspace has no metrics yet."
              : `No metric matches “${search.query.trim()}”.`}
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
                    checked={search.chosen.has(metric.id)}
                    onChange={() => search.toggle(metric.id)}
                    className="accent-accent-600"
                  />
                  {metric.name}
                </label>
              ))}
            </fieldset>
          ))
        )}
        <HiddenMatchesNote count={search.hiddenCount} />
      </div>
      <p id={messageId} className={error ? "mt-1 text-xs text-red-600" : "sr-only"}>
        {error ?? `${selected.length} chosen`}
      </p>
    </fieldset>
  );
}
