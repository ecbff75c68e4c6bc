import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { LineChart } from "@/components/ui/line-chart";
import {
  STATS_WINDOWS,
  type TDeliveryBucket,
  type TStatsWindow,
} from "@/lib/webhooks/stats/delivery-timeseries";
import { formatDuration, formatRate } from "./labels";

const HOUR_LABEL = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const DAY_LABEL = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const DAY_HOUR_LABEL = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

function bucketLabel(start: Date, window: TStatsWindow): string {
  if (window === "24h") return HOUR_LABEL.format(start);
  return window === "7d" ? DAY_HOUR_LABEL.format(start) : DAY_LABEL.format(start);
}

/**
 * Success rate and latency (p50, p95) of a webhook's attempts over time, per bucket (UTC), from
 * the SQL aggregates of deliveryTimeseries; a gap where no attempt was made. `hrefFor` keeps the
 * page's other query parameters when switching the window.
 */
export function DeliveryCharts(props: {
  buckets: TDeliveryBucket[];
  window: TStatsWindow;
  hrefFor: Record<TStatsWindow, string>;
}) {
  const { buckets, window } = props;
  const labels = buckets.map((bucket) => bucketLabel(bucket.start, window));
  const total = buckets.reduce((sum, bucket) => sum + bucket.attempts, 0);
  return (
    <section className="rounded-lg border border-zinc-200 bg-white" data-testid="delivery-charts">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-zinc-900">Over time</h2>
        <nav aria-label="Chart period" className="flex gap-1 text-[13px]">
          {(Object.keys(STATS_WINDOWS) as TStatsWindow[]).map((key) => (
            <Link
              key={key}
              href={props.hrefFor[key]}
              scroll={false}
              aria-current={key === window ? "page" : undefined}
              className={cn(
                "rounded px-2 py-0.5",
                key === window ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
              )}
            >
              {STATS_WINDOWS[key].label}
            </Link>
          ))}
        </nav>
      </header>
      {total === 0 ? (
        <p className="px-4 py-6 text-[13px] text-zinc-500" data-testid="charts-empty">
          No attempts in this period (test sends are not counted).
        </p>
      ) : (
        <div className="grid gap-4 p-4 lg:grid-cols-2">
          <figure>
            <figcaption className="mb-1 text-xs font-medium text-zinc-600">
              Success rate (2xx share of attempts)
            </figcaption>
            <LineChart
              labels={labels}
              series={[
                {
                  name: "Success rate",
                  strokeClassName: "stroke-emerald-600",
                  fillClassName: "fill-emerald-600",
                  values: buckets.map((bucket) => bucket.successRate),
                },
              ]}
              maxValue={1}
              formatValue={formatRate}
              ariaLabel={`Success rate per period over the ${STATS_WINDOWS[window].label.toLowerCase()}`}
              testId="success-rate-chart"
            />
          </figure>
          <figure>
            <figcaption className="mb-1 flex gap-3 text-xs font-medium text-zinc-600">
              Latency
              <span className="text-accent-700">— p50</span>
              <span className="text-amber-700">— p95</span>
            </figcaption>
            <LineChart
              labels={labels}
              series={[
                {
                  name: "p50",
                  strokeClassName: "stroke-accent-600",
                  fillClassName: "fill-accent-600",
                  values: buckets.map((bucket) => bucket.p50Ms),
                },
                {
                  name: "p95",
                  strokeClassName: "stroke-amber-500",
                  fillClassName: "fill-amber-500",
                  values: buckets.map((bucket) => bucket.p95Ms),
                },
              ]}
              formatValue={formatDuration}
              ariaLabel={`Attempt latency, p50 and p95, over the ${STATS_WINDOWS[window].label.toLowerCase()}`}
              testId="latency-chart"
            />
          </figure>
        </div>
      )}
      <p className="border-t border-zinc-100 px-4 py-1.5 text-[11px] text-zinc-500">
        {total.toLocaleString("en-US")} attempts; times in UTC.
      </p>
    </section>
  );
}

/** The chart window from the URL (`chart=`), 24 h by default, and the links to the others. */
export function chartWindowLinks(
  basePath: string,
  query: Record<string, string | string[] | undefined>,
): { window: TStatsWindow; hrefFor: Record<TStatsWindow, string> } {
  const raw = query.chart;
  const window: TStatsWindow =
    typeof raw === "string" && Object.hasOwn(STATS_WINDOWS, raw) ? (raw as TStatsWindow) : "24h";
  const hrefFor = {} as Record<TStatsWindow, string>;
  for (const key of Object.keys(STATS_WINDOWS) as TStatsWindow[]) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (typeof value === "string" && name !== "chart" && name !== "cursor") params.set(name, value);
    }
    if (key !== "24h") params.set("chart", key);
    const text = params.toString();
    hrefFor[key] = `${basePath}${text ? `?${text}` : ""}`;
  }
  return { window, hrefFor };
}
