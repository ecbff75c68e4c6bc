"use client";

import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { IconChevronRight, IconSpinner } from "@/components/ui/icons";
import { AbsoluteTime, RelativeTime } from "@/components/ui/time";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TActionResult } from "@/lib/actions/action-result";
import { getDeliveryAction, replayDeliveryAction } from "@/lib/actions/event-webhook-actions";
import { getFlowDeliveryAction, replayFlowDeliveryAction } from "@/lib/actions/webhook-log-actions";
import type { TAttempt } from "@/lib/event-webhooks/delivery-output";
import { AttemptList } from "./attempt-list";
import type { TDeliveryStatus } from "./labels";
import { plural } from "./labels";
import { DeliveryStatusBadge } from "./status-badges";

export type TDeliveryRow = {
  id: string;
  messageId: string;
  status: TDeliveryStatus;
  isTest: boolean;
  attemptCount: number;
  nextAttemptAt: string | null;
  isReplayRequested: boolean;
  createdAt: string;
  updatedAt: string;
};

type TDetail = { attempts: TAttempt[]; hasDocument: boolean };

/** Loading and replaying, per kind of webhook: an event webhook's batch, or a flow step's request. */
const ACTIONS = {
  event: {
    load: async (deliveryId: string) => {
      const result = await getDeliveryAction({ deliveryId });
      return result.ok
        ? {
            ok: true as const,
            detail: { attempts: result.data.attempts, hasDocument: result.data.payload !== null },
          }
        : result;
    },
    replay: async (deliveryId: string): Promise<TActionResult<unknown>> =>
      replayDeliveryAction({ deliveryId }),
  },
  flow: {
    load: async (deliveryId: string) => {
      const result = await getFlowDeliveryAction({ deliveryId });
      return result.ok
        ? { ok: true as const, detail: { attempts: result.data.attempts, hasDocument: true } }
        : result;
    },
    replay: async (deliveryId: string): Promise<TActionResult<unknown>> =>
      replayFlowDeliveryAction({ deliveryId }),
  },
};

/**
 * One delivery of the log. Expanding it loads its attempts (they can be large: a body per
 * attempt), and loads them again whenever the page's refresh shows the delivery changed — a retry
 * or a replay appears without touching the row. `children` says what was delivered (topics and
 * events, or the run and profile of a flow step).
 */
export function DeliveryItem({
  delivery,
  canReplay,
  kind = "event",
  children,
}: {
  delivery: TDeliveryRow;
  canReplay: boolean;
  kind?: "event" | "flow";
  children?: ReactNode;
}) {
  const actions = ACTIONS[kind];
  // A flow step retries its own delivery: a replay waits until the step has finished with it.
  const replayBlocker =
    delivery.attemptCount === 0
      ? "Not sent yet: nothing to replay"
      : kind === "flow" && (delivery.status === "pending" || delivery.status === "delivering")
        ? "The step is still retrying it"
        : null;
  const [isOpen, setOpen] = useState(false);
  const [detail, setDetail] = useState<TDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(false);
  const replay = useServerAction();
  const panelId = useId();
  const request = useRef(0);
  // What the page's summary says about the delivery: when it changes, the attempts did too.
  const version = `${delivery.updatedAt}|${delivery.attemptCount}|${delivery.status}|${delivery.isReplayRequested}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger — a changed summary means attempts to load again
  useEffect(() => {
    if (!isOpen) return;
    const current = ++request.current;
    setLoading(true);
    actions
      .load(delivery.id)
      .then((result) => {
        if (current !== request.current) return;
        if (result.ok) {
          setDetail(result.detail);
          setLoadError(null);
        } else {
          setLoadError(result.error);
        }
      })
      .catch(() => {
        if (current === request.current) setLoadError("Could not load the attempts: check your connection");
      })
      .finally(() => {
        if (current === request.current) setLoading(false);
      });
  }, [isOpen, version, delivery.id, actions]);

  return (
    <li
      data-testid="delivery"
      data-delivery-id={delivery.id}
      data-status={delivery.status}
      data-test={String(delivery.isTest)}
      data-attempts={delivery.attemptCount}
      className={cn("px-4 py-2.5", isOpen && "bg-zinc-50/60")}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-[13px]">
        <button
          type="button"
          aria-expanded={isOpen}
          aria-controls={panelId}
          onClick={() => setOpen((value) => !value)}
          className="-ml-1 flex items-center gap-1 rounded px-1 py-0.5 text-zinc-700 hover:bg-zinc-100"
        >
          <IconChevronRight className={cn("size-3.5 transition-transform", isOpen && "rotate-90")} />
          {isOpen ? "Hide attempts" : "Show attempts"}
        </button>
        <DeliveryStatusBadge status={delivery.status} />
        {delivery.isTest ? <Badge>Test</Badge> : null}
        {delivery.isReplayRequested ? (
          <Badge tone="accent">
            <span data-testid="replay-requested">Replay queued</span>
          </Badge>
        ) : null}
        {children}
        <span className="text-zinc-500">{plural(delivery.attemptCount, "attempt")}</span>
        {delivery.status === "pending" && delivery.nextAttemptAt ? (
          <span className="text-amber-700" data-testid="next-attempt">
            {delivery.attemptCount === 0 ? "Sends" : "Next try"}{" "}
            <AbsoluteTime value={delivery.nextAttemptAt} />
          </span>
        ) : null}
        <span className="ml-auto flex items-center gap-3">
          <RelativeTime value={delivery.createdAt} className="text-xs text-zinc-500" />
          {canReplay ? (
            <Button
              size="sm"
              pending={replay.pending}
              disabled={replayBlocker !== null || delivery.isReplayRequested}
              title={replayBlocker ?? "Send it again with the same webhook-id, as a new attempt"}
              onClick={() =>
                replay.run(() => actions.replay(delivery.id), {
                  onSuccess: () => setOpen(true),
                })
              }
            >
              Replay
            </Button>
          ) : null}
        </span>
      </div>
      <ActionFeedback error={replay.error} notice={null} />
      {isOpen ? (
        <div id={panelId} className="mt-2 space-y-2 pl-5">
          <p className="text-xs text-zinc-500">
            webhook-id <code className="font-mono text-zinc-700">{delivery.messageId}</code> — the same on
            every retry and replay
          </p>
          {loadError ? <ActionFeedback error={loadError} notice={null} /> : null}
          {detail === null ? (
            <p className="flex items-center gap-2 text-xs text-zinc-500">
              <IconSpinner /> Loading attempts…
            </p>
          ) : detail.attempts.length === 0 ? (
            <p className="text-xs text-zinc-500">
              {detail.hasDocument
                ? "Not attempted yet."
                : "The batch is still collecting events; it is sealed and sent when full or when its window ends."}
            </p>
          ) : (
            <AttemptList attempts={detail.attempts} />
          )}
          {isLoading && detail !== null ? <IconSpinner className="text-zinc-400" /> : null}
        </div>
      ) : null}
    </li>
  );
}
