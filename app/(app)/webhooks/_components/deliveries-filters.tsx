"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { FilterSelect } from "@/components/ui/filter-select";
import { IconSpinner } from "@/components/ui/icons";
import { TIME_RANGE_OPTIONS } from "@/components/ui/time-ranges";
import { deliveriesHref, type TDeliveryFilterValues } from "./delivery-filter-params";
import { DELIVERY_STATUS } from "./labels";

const STATUS_OPTIONS = Object.entries(DELIVERY_STATUS).map(([value, { label }]) => ({ value, label }));
const KIND_OPTIONS = [
  { value: "events", label: "Events only" },
  { value: "test", label: "Test sends only" },
];

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
      <FilterSelect
        id="delivery-status-filter"
        label="Status"
        className="w-36"
        value={filters.status}
        anyLabel="All statuses"
        options={STATUS_OPTIONS}
        onChange={(status) => go({ status })}
      />
      {topics ? (
        <FilterSelect
          id="delivery-topic-filter"
          label="Topic"
          className="w-48"
          value={filters.topic}
          anyLabel="All topics"
          options={topicChoices.map((topic) => ({ value: topic, label: topic }))}
          onChange={(topic) => go({ topic })}
        />
      ) : null}
      <FilterSelect
        id="delivery-time-filter"
        label="Created"
        className="w-40"
        value={filters.range}
        anyLabel="Any time"
        options={TIME_RANGE_OPTIONS}
        onChange={(range) => go({ range })}
      />
      {topics ? (
        <FilterSelect
          id="delivery-kind-filter"
          label="Kind"
          className="w-36"
          value={filters.kind}
          anyLabel="Events and tests"
          options={KIND_OPTIONS}
          onChange={(kind) => go({ kind: kind as TDeliveryFilterValues["kind"] })}
        />
      ) : null}
      {pending ? <IconSpinner className="text-zinc-400" /> : null}
    </div>
  );
}
