"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Select } from "@/components/ui/field";
import { IconSpinner } from "@/components/ui/icons";
import { RUN_STATUS, TIME_RANGES, type TTimeRange } from "./labels";

/** Status and time filters; they live in the URL so a filtered list can be shared and reloaded. */
export function RunsFilters({
  flowId,
  status,
  range,
  counts,
}: {
  flowId: string;
  status: string | null;
  range: TTimeRange | null;
  counts: Record<string, number>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function go(next: { status: string | null; range: string | null }) {
    const params = new URLSearchParams();
    if (next.status) params.set("status", next.status);
    if (next.range) params.set("range", next.range);
    const query = params.toString();
    startTransition(() => router.push(`/flows/${flowId}/runs${query ? `?${query}` : ""}`));
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <div className="flex items-center gap-2">
        <label htmlFor="run-status-filter" className="text-[13px] text-zinc-500">
          Status
        </label>
        <Select
          id="run-status-filter"
          className="w-44"
          value={status ?? ""}
          onChange={(event) => go({ status: event.target.value || null, range })}
        >
          <option value="">All statuses</option>
          {Object.entries(RUN_STATUS).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label} ({counts[value] ?? 0})
            </option>
          ))}
        </Select>
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor="run-time-filter" className="text-[13px] text-zinc-500">
          Started
        </label>
        <Select
          id="run-time-filter"
          className="w-40"
          value={range ?? ""}
          onChange={(event) => go({ status, range: event.target.value || null })}
        >
          <option value="">Any time</option>
          {Object.entries(TIME_RANGES).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      {pending ? <IconSpinner className="text-zinc-400" /> : null}
    </div>
  );
}
