import type { ReactNode } from "react";
import type { TDeliveryStats } from "@/lib/event-webhooks/get-event-webhook";
import { formatDuration, formatRate } from "./labels";
import { SuccessRateBar } from "./success-rate-bar";

/** The last 24 h in figures: how many attempts succeeded, how fast the endpoint answers. */
export function DeliveryStats({ stats }: { stats: TDeliveryStats }) {
  return (
    <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-lg border border-zinc-200 bg-zinc-200 md:grid-cols-5">
      <Figure label="Success rate (24 h)" testId="stat-success-rate">
        {stats.successRate === null ? (
          "—"
        ) : (
          <span className="flex items-center gap-2">
            {formatRate(stats.successRate)}
            <SuccessRateBar rate={stats.successRate} width={56} />
          </span>
        )}
      </Figure>
      <Figure label="p50 latency (24 h)" testId="stat-p50">
        {stats.p50LatencyMs === null ? "—" : formatDuration(stats.p50LatencyMs)}
      </Figure>
      <Figure label="Attempts (24 h)" testId="stat-attempts">
        {stats.attempts.toLocaleString("en-US")}
      </Figure>
      <Figure label="Waiting" testId="stat-pending">
        {stats.pending.toLocaleString("en-US")}
      </Figure>
      <Figure label="Failed (24 h)" testId="stat-failed">
        <span className={stats.failedLast24h > 0 ? "text-red-700" : undefined}>
          {stats.failedLast24h.toLocaleString("en-US")}
        </span>
      </Figure>
    </dl>
  );
}

function Figure({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="bg-white px-4 py-3">
      <dt className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-zinc-900 tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
