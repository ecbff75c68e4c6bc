import { Badge } from "@/components/ui/badge";
import { AbsoluteTime } from "@/components/ui/time";
import type { TAttempt } from "@/lib/event-webhooks/delivery-output";
import { JsonView } from "./json-view";
import { formatDuration } from "./labels";
import { ResponseStatusBadge } from "./status-badges";

/** A delivery's attempts, oldest first: what was sent, what came back, how long it took. */
export function AttemptList({ attempts }: { attempts: TAttempt[] }) {
  return (
    <ol className="space-y-2" data-testid="attempts">
      {attempts.map((attempt) => {
        const isSuccess =
          attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300;
        return (
          <li
            key={attempt.number}
            data-testid="attempt"
            data-number={attempt.number}
            data-replay={String(attempt.isReplay)}
            data-success={String(isSuccess)}
            className="rounded-md border border-zinc-200 bg-white"
          >
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-xs">
              <span className="font-medium text-zinc-800">Attempt {attempt.number}</span>
              {attempt.isReplay ? (
                <Badge tone="accent">
                  <span data-testid="attempt-replay">Replay</span>
                </Badge>
              ) : null}
              <ResponseStatusBadge status={attempt.responseStatus} />
              {attempt.durationMs !== null ? (
                <span className="text-zinc-600" data-testid="attempt-duration">
                  {formatDuration(attempt.durationMs)}
                </span>
              ) : null}
              <AbsoluteTime value={attempt.createdAt} className="text-zinc-500" />
            </div>
            {attempt.error ? (
              <p
                className="border-t border-red-100 bg-red-50 px-3 py-1.5 text-xs text-red-800"
                data-testid="attempt-error"
              >
                {attempt.error}
              </p>
            ) : null}
            <details className="border-t border-zinc-100">
              <summary className="cursor-pointer px-3 py-1.5 text-xs text-zinc-500 select-none hover:text-zinc-800">
                Request and response
              </summary>
              <div className="grid gap-3 px-3 pb-3 lg:grid-cols-2">
                <section className="min-w-0 space-y-2">
                  <h5 className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Request</h5>
                  <JsonView value={attempt.requestHeaders} label="Request headers" maxHeight="max-h-48" />
                  <JsonView value={attempt.requestBody} label="Request body" testId="attempt-request-body" />
                </section>
                <section className="min-w-0 space-y-2">
                  <h5 className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
                    Response {attempt.responseStatus ?? ""}
                  </h5>
                  {attempt.responseHeaders ? (
                    <JsonView value={attempt.responseHeaders} label="Response headers" maxHeight="max-h-48" />
                  ) : (
                    <p className="text-xs text-zinc-400">No response headers.</p>
                  )}
                  {attempt.responseBody ? (
                    <JsonView
                      value={attempt.responseBody}
                      label="Response body (first 64 KiB)"
                      testId="attempt-response-body"
                    />
                  ) : (
                    <p className="text-xs text-zinc-400">No response body.</p>
                  )}
                </section>
              </div>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
