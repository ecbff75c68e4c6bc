"use client";

import { useEffect, useState } from "react";

// Times are rendered in the viewer's locale and zone, which the server cannot know: the server's
// text is replaced on hydration (suppressHydrationWarning covers exactly that one element).

const ABSOLUTE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const DATE_ONLY = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function formatRelative(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return RELATIVE.format(Math.round(seconds / size), unit);
  }
  return RELATIVE.format(Math.round(seconds / 60), "minute");
}

/** Re-renders every `intervalMs` so relative times stay true while a page stays open. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "3 min ago", with the absolute time on hover. */
export function RelativeTime({ value, className }: { value: string | Date; className?: string }) {
  const date = new Date(value);
  const now = useNow(30_000);
  return (
    <time
      dateTime={date.toISOString()}
      title={ABSOLUTE.format(date)}
      className={className}
      suppressHydrationWarning
    >
      {formatRelative(date, now)}
    </time>
  );
}

export function AbsoluteTime({
  value,
  dateOnly = false,
  className,
}: {
  value: string | Date;
  dateOnly?: boolean;
  className?: string;
}) {
  const date = new Date(value);
  return (
    <time
      dateTime={date.toISOString()}
      title={ABSOLUTE.format(date)}
      className={className}
      suppressHydrationWarning
    >
      {(dateOnly ? DATE_ONLY : ABSOLUTE).format(date)}
    </time>
  );
}
