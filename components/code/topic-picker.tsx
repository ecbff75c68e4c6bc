"use client";

import Link from "next/link";
import {
  ChosenTopicChips,
  HiddenMatchesNote,
  TopicSearchInput,
  useTopicSearch,
} from "@/components/topics/topic-search";
import { Badge } from "@/components/ui/badge";

/** `refusal` is the server's reason when the metric can never be a topic (Opened/Received Email). */
export type TCodeTopicOption = { id: string; name: string; isMessageMetric: boolean; refusal: string | null };

const EVENT_WEBHOOK_HINT = "To send these events to your own endpoint, use an event webhook:";

/**
 * The metrics a function is subscribed to. Opened Email and Received Email are listed (so nobody
 * wonders where they went) but cannot be ticked, with the reason and the way that does work.
 */
export function CodeTopicPicker({
  metrics,
  selected,
  onChange,
  disabled,
  error,
}: {
  metrics: TCodeTopicOption[];
  selected: readonly string[];
  onChange: (next: string[]) => void;
  disabled?: boolean;
  error?: string | null;
}) {
  const search = useTopicSearch({ metrics, selected, onChange });
  const searchId = search.searchId;
  const refusals = [...new Set(search.shown.flatMap((metric) => (metric.refusal ? [metric.refusal] : [])))];

  return (
    <fieldset data-testid="code-topic-picker" aria-invalid={error ? true : undefined} disabled={disabled}>
      <legend className="text-[13px] font-medium text-zinc-800">Topics</legend>
      <p className="mt-0.5 text-xs text-zinc-500">
        Each event of these metrics runs the deployed version. Leave empty for a function used only by code
        nodes in flows.
      </p>
      <ChosenTopicChips
        selected={selected}
        nameOf={search.nameOf}
        onRemove={search.toggle}
        emptyText="No metric chosen: flows only."
        testId="selected-code-topics"
      />
      <TopicSearchInput
        id={searchId}
        query={search.query}
        onQueryChange={search.setQuery}
        isInvalid={Boolean(error)}
      />
      <div className="mt-1.5 max-h-64 overflow-y-auto rounded-md border border-zinc-200">
        {search.shown.length === 0 ? (
          <p className="px-3 py-2 text-xs text-zinc-500">
            {metrics.length === 0
              ? "This workspace has no metrics yet: they appear with the first event of each."
              : `No metric matches “${search.query.trim()}”.`}
          </p>
        ) : (
          search.shown.map((metric) => (
            <label
              key={metric.id}
              className={
                metric.refusal
                  ? "flex cursor-not-allowed items-center gap-2 px-3 py-1.5 text-[13px] text-zinc-400"
                  : "flex cursor-pointer items-center gap-2 px-3 py-1.5 text-[13px] text-zinc-800 hover:bg-zinc-50"
              }
              title={metric.refusal ?? undefined}
            >
              <input
                type="checkbox"
                checked={search.chosen.has(metric.id)}
                disabled={metric.refusal !== null}
                aria-describedby={metric.refusal ? `${searchId}-forbidden` : undefined}
                onChange={() => search.toggle(metric.id)}
                className="accent-accent-600"
              />
              {metric.name}
              {metric.refusal ? <Badge>Not available</Badge> : null}
            </label>
          ))
        )}
        <HiddenMatchesNote count={search.hiddenCount} />
      </div>
      <p
        id={`${searchId}-forbidden`}
        data-testid="forbidden-topic-reason"
        className={refusals.length > 0 ? "mt-1.5 text-xs text-zinc-500" : "sr-only"}
      >
        {refusals.map((refusal) => `${refusal}. `)}
        {EVENT_WEBHOOK_HINT}{" "}
        <Link href="/webhooks" className="font-medium text-accent-700 hover:underline">
          Event webhooks
        </Link>
      </p>
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
