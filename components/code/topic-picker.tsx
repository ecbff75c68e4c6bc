"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { CONTROL_CLASSES } from "@/components/ui/field";
import { IconClose } from "@/components/ui/icons";

/** `refusal` is the server's reason when the metric can never be a topic (Opened/Received Email). */
export type TCodeTopicOption = { id: string; name: string; isMessageMetric: boolean; refusal: string | null };

const EVENT_WEBHOOK_HINT = "To send these events to your own endpoint, use an event webhook:";

const MATCHES_SHOWN = 200;

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
  const [query, setQuery] = useState("");
  const searchId = useId();
  const chosen = new Set(selected);
  const byId = new Map(metrics.map((metric) => [metric.id, metric]));
  const needle = query.trim().toLowerCase();
  const matches = metrics.filter((metric) => metric.name.toLowerCase().includes(needle));
  const shown = matches.slice(0, MATCHES_SHOWN);
  const refusals = [...new Set(shown.flatMap((metric) => (metric.refusal ? [metric.refusal] : [])))];

  function toggle(id: string) {
    onChange(chosen.has(id) ? selected.filter((value) => value !== id) : [...selected, id]);
  }

  return (
    <fieldset data-testid="code-topic-picker" aria-invalid={error ? true : undefined} disabled={disabled}>
      <legend className="text-[13px] font-medium text-zinc-800">Topics</legend>
      <p className="mt-0.5 text-xs text-zinc-500">
        Each event of these metrics runs the deployed version. Leave empty for a function used only by code
        nodes in flows.
      </p>
      <div
        className="mt-2 flex min-h-7 flex-wrap gap-1.5"
        data-testid="selected-code-topics"
        aria-live="polite"
      >
        {selected.length === 0 ? (
          <span className="text-xs text-zinc-400">No metric chosen: flows only.</span>
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
        {shown.length === 0 ? (
          <p className="px-3 py-2 text-xs text-zinc-500">
            {metrics.length === 0
              ? "This workspace has no metrics yet: they appear with the first event of each."
              : `No metric matches “${query.trim()}”.`}
          </p>
        ) : (
          shown.map((metric) => (
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
                checked={chosen.has(metric.id)}
                disabled={metric.refusal !== null}
                aria-describedby={metric.refusal ? `${searchId}-forbidden` : undefined}
                onChange={() => toggle(metric.id)}
                className="accent-accent-600"
              />
              {metric.name}
              {metric.refusal ? <Badge>Not available</Badge> : null}
            </label>
          ))
        )}
        {matches.length > MATCHES_SHOWN ? (
          <p className="border-t border-zinc-100 px-3 py-1.5 text-xs text-zinc-500">
            {matches.length - MATCHES_SHOWN} more match: narrow the search.
          </p>
        ) : null}
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
