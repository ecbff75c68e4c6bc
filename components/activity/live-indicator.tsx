import type { TLiveStatus } from "@/components/activity/use-live-events";
import { cn } from "@/components/ui/cn";

const COPY: Record<TLiveStatus, { label: string; title: string; dot: string }> = {
  live: { label: "Live", title: "New events appear here within a few seconds", dot: "bg-emerald-500" },
  paused: { label: "Paused", title: "Paused while this tab is in the background", dot: "bg-zinc-400" },
  reconnecting: { label: "Reconnecting…", title: "The last update failed; retrying", dot: "bg-amber-500" },
  "signed-out": {
    label: "Signed out",
    title: "Your session ended: sign in again to resume",
    dot: "bg-red-500",
  },
};

export function LiveIndicator({ status }: { status: TLiveStatus }) {
  const copy = COPY[status];
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs font-medium text-zinc-600"
      title={copy.title}
      data-testid="live-indicator"
      data-status={status}
    >
      <span className="relative flex size-2">
        {status === "live" ? (
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60" />
        ) : null}
        <span className={cn("relative inline-flex size-2 rounded-full", copy.dot)} />
      </span>
      {copy.label}
    </span>
  );
}
