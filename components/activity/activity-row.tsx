"use client";

import { useId, useState } from "react";
import type { TActivityEvent } from "@/components/activity/types";
import { cn } from "@/components/ui/cn";
import { IconChevronRight } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/time";

export function ActivityRow({ event, isNew }: { event: TActivityEvent; isNew: boolean }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const { profile } = event;

  return (
    <li data-testid="activity-event" className={cn("group", isNew && "animate-arrive")}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={detailsId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center gap-3 px-4 py-2.5 text-left hover:bg-zinc-50"
      >
        <IconChevronRight className={cn("text-zinc-400 transition-transform", open && "rotate-90")} />
        <span className="flex min-w-0 flex-1 flex-col sm:flex-row sm:items-center sm:gap-3">
          <span
            className="truncate font-medium text-zinc-900 sm:w-44 sm:shrink-0"
            data-testid="activity-metric"
          >
            {event.metric.name}
          </span>
          <span className="min-w-0 truncate text-zinc-600 sm:flex-1" data-testid="activity-profile">
            {profile.label}
            {profile.name ? <span className="text-zinc-400"> · {profile.name}</span> : null}
          </span>
        </span>
        {event.value !== null ? (
          <span className="hidden shrink-0 font-mono text-xs text-zinc-500 tabular-nums sm:inline">
            {event.value} {event.valueCurrency ?? ""}
          </span>
        ) : null}
        <RelativeTime
          value={event.time}
          className="w-24 shrink-0 text-right text-xs text-zinc-500 tabular-nums"
        />
      </button>
      {open ? (
        <div id={detailsId} className="border-t border-zinc-100 bg-zinc-50/70 px-4 py-3 pl-11">
          <dl className="mb-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-xs">
            <dt className="text-zinc-500">Time</dt>
            <dd className="font-mono text-zinc-700">{event.time}</dd>
            <dt className="text-zinc-500">Event id</dt>
            <dd className="font-mono text-zinc-700">{event.id}</dd>
            <dt className="text-zinc-500">Profile id</dt>
            <dd className="font-mono text-zinc-700">{profile.id}</dd>
            <dt className="text-zinc-500">Source</dt>
            <dd className="text-zinc-700">{event.origin}</dd>
          </dl>
          <div className="mb-1 text-xs font-medium text-zinc-500">Properties</div>
          <pre className="max-h-96 overflow-auto rounded-md border border-zinc-200 bg-white p-3 font-mono text-xs leading-relaxed text-zinc-800">
            {JSON.stringify(event.properties, null, 2)}
          </pre>
        </div>
      ) : null}
    </li>
  );
}
