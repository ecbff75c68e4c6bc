"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Select } from "@/components/ui/field";
import { IconSpinner } from "@/components/ui/icons";
import { deliveriesHref, type TDeliveryFilterValues } from "./delivery-filter-params";
import { DELIVERY_STATUS, TIME_RANGES } from "./labels";

/**
 * Status, topic, time and kind filters; they live in the URL so a filtered log can be shared. A
 * flow webhook node has no topics nor test sends: without `topics` only status and time show.
 */
export function DeliveriesFilters({
  basePath,
  filters,
  topics,
}: {
  basePath: string;
  filters: TDeliveryFilterValues;
  topics?: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // A topic filtered on before it was removed from the webhook stays choosable.
  const topicChoices =
    topics && filters.topic && !topics.includes(filters.topic) ? [...topics, filters.topic] : (topics ?? []);

  function go(next: Partial<TDeliveryFilterValues>) {
    startTransition(() => router.push(deliveriesHref(basePath, { ...filters, ...next }), { scroll: false }));
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Filter id="delivery-status-filter" label="Status">
        <Select
          id="delivery-status-filter"
          className="w-36"
          value={filters.status ?? ""}
          onChange={(event) => go({ status: event.target.value || null })}
        >
          <option value="">All statuses</option>
          {Object.entries(DELIVERY_STATUS).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Filter>
      {topics ? (
        <Filter id="delivery-topic-filter" label="Topic">
          <Select
            id="delivery-topic-filter"
            className="w-48"
            value={filters.topic ?? ""}
            onChange={(event) => go({ topic: event.target.value || null })}
          >
            <option value="">All topics</option>
            {topicChoices.map((topic) => (
              <option key={topic} value={topic}>
                {topic}
              </option>
            ))}
          </Select>
        </Filter>
      ) : null}
      <Filter id="delivery-time-filter" label="Created">
        <Select
          id="delivery-time-filter"
          className="w-40"
          value={filters.range ?? ""}
          onChange={(event) => go({ range: event.target.value || null })}
        >
          <option value="">Any time</option>
          {Object.entries(TIME_RANGES).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Filter>
      {topics ? (
        <Filter id="delivery-kind-filter" label="Kind">
          <Select
            id="delivery-kind-filter"
            className="w-36"
            value={filters.kind ?? ""}
            onChange={(event) => go({ kind: (event.target.value || null) as TDeliveryFilterValues["kind"] })}
          >
            <option value="">Events and tests</option>
            <option value="events">Events only</option>
            <option value="test">Test sends only</option>
          </Select>
        </Filter>
      ) : null}
      {pending ? <IconSpinner className="text-zinc-400" /> : null}
    </div>
  );
}

function Filter({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-[13px] text-zinc-500">
        {label}
      </label>
      {children}
    </div>
  );
}
