"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Select } from "@/components/ui/field";
import { IconSpinner } from "@/components/ui/icons";

export type TMetricOption = { id: string; name: string; isMessageMetric: boolean };

/** The filter lives in the URL (?metric=…), so a filtered feed can be shared and reloaded. */
export function MetricFilter({ metrics, selected }: { metrics: TMetricOption[]; selected: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const own = metrics.filter((metric) => !metric.isMessageMetric);
  const message = metrics.filter((metric) => metric.isMessageMetric);

  return (
    <div className="flex items-center gap-2">
      <label htmlFor="metric-filter" className="text-[13px] text-zinc-500">
        Metric
      </label>
      <Select
        id="metric-filter"
        value={selected ?? ""}
        className="w-56"
        onChange={(event) => {
          const value = event.target.value;
          startTransition(() =>
            router.push(value ? `/activity?metric=${encodeURIComponent(value)}` : "/activity"),
          );
        }}
      >
        <option value="">All metrics</option>
        {own.length > 0 ? (
          <optgroup label="Your metrics">
            {own.map((metric) => (
              <option key={metric.id} value={metric.id}>
                {metric.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        <optgroup label="Message metrics">
          {message.map((metric) => (
            <option key={metric.id} value={metric.id}>
              {metric.name}
            </option>
          ))}
        </optgroup>
      </Select>
      {pending ? <IconSpinner className="text-zinc-400" /> : null}
    </div>
  );
}
