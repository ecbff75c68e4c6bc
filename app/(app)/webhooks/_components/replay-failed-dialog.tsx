"use client";

import { type FormEvent, useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import { replayFailedDeliveriesAction } from "@/lib/actions/event-webhook-actions";
import { replayFailedFlowDeliveriesAction } from "@/lib/actions/webhook-log-actions";
import { plural } from "./labels";

/** A date as the value of a datetime-local input: local wall-clock time, to the minute. */
function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local value read in the browser's zone, sent as an instant (or as typed if invalid). */
function toInstant(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * "Replay failed in range": every failed delivery created in [from, to) is sent again, with its
 * webhook-id, as a new attempt marked replay. The range starts as the log's time filter (or the
 * last 24 hours).
 */
export function ReplayFailedDialog({
  target,
  defaultRangeMs,
}: {
  /** An event webhook, or a flow's webhook node. */
  target: { webhookId: string } | { flowId: string; nodeId: string };
  defaultRangeMs: number;
}) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const action = useServerAction();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);

  function openDialog() {
    const now = new Date();
    // The end is rounded up a minute: the input has no seconds, and "now" must be inside the range.
    setFrom(toLocalInput(new Date(now.getTime() - defaultRangeMs)));
    setTo(toLocalInput(new Date(now.getTime() + 60_000)));
    setFieldErrors({});
    action.clear();
    setOpen(true);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    action.run(
      async () => {
        const range = { from: toInstant(from), to: toInstant(to) };
        const result =
          "webhookId" in target
            ? await replayFailedDeliveriesAction({ webhookId: target.webhookId, range })
            : await replayFailedFlowDeliveriesAction({ ...target, range });
        if (!result.ok) setFieldErrors(result.fieldErrors);
        return result;
      },
      {
        onSuccess: ({ count }) => {
          setOpen(false);
          setNotice(
            count === 0
              ? "No failed delivery in that range was waiting for a replay."
              : `Replaying ${plural(count, "failed delivery", "failed deliveries")}: their new attempts appear below.`,
          );
        },
      },
    );
  }

  return (
    <>
      <Button size="sm" onClick={openDialog}>
        Replay failed in range…
      </Button>
      {notice ? (
        <div className="w-full">
          <ActionFeedback error={null} notice={notice} />
        </div>
      ) : null}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Replay failed deliveries"
        description="Each failed delivery created in the range is sent again with the same webhook-id, as a new attempt marked replay. Retries already scheduled are not moved."
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              label="From"
              type="datetime-local"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
              error={fieldErrors["range.from"]}
            />
            <TextField
              label="To"
              type="datetime-local"
              value={to}
              onChange={(event) => setTo(event.target.value)}
              error={fieldErrors["range.to"]}
            />
          </div>
          <ActionFeedback
            error={action.error && !Object.values(fieldErrors).includes(action.error) ? action.error : null}
            notice={null}
          />
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={action.pending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={action.pending}>
              Replay failed
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
