"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { FilterSelect } from "@/components/ui/filter-select";
import { IconSpinner } from "@/components/ui/icons";
import { TIME_RANGE_OPTIONS, type TTimeRange } from "@/components/ui/time-ranges";
import { RUN_STATUS } from "./labels";

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
      <FilterSelect
        id="run-status-filter"
        label="Status"
        className="w-44"
        value={status}
        anyLabel="All statuses"
        options={Object.entries(RUN_STATUS).map(([value, { label }]) => ({
          value,
          label: `${label} (${counts[value] ?? 0})`,
        }))}
        onChange={(next) => go({ status: next, range })}
      />
      <FilterSelect
        id="run-time-filter"
        label="Started"
        className="w-40"
        value={range}
        anyLabel="Any time"
        options={TIME_RANGE_OPTIONS}
        onChange={(next) => go({ status, range: next })}
      />
      {pending ? <IconSpinner className="text-zinc-400" /> : null}
    </div>
  );
}
