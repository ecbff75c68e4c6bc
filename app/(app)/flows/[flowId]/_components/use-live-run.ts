"use client";

import { useCallback, useEffect, useState } from "react";
import {
  isRunInProgress,
  type TRunDetail,
  type TRunDetailResponse,
} from "@/app/api/app/runs/run-detail-types";
import { pollWhileVisible } from "@/components/ui/poll-while-visible";

export type TLiveRunStatus = "live" | "paused" | "reconnecting" | "signed-out" | "ended";

async function fetchRun(runId: string): Promise<TRunDetailResponse> {
  const response = await fetch(`/api/app/runs/${runId}`, {
    cache: "no-store",
    headers: { accept: "application/json" },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw Object.assign(new Error(body?.error ?? `HTTP ${response.status}`), { status: response.status });
  }
  return response.json();
}

/**
 * The run as the page shows it: the server's first render, then a poll every `intervalMs` while
 * the run is in progress and the tab is visible (polls never overlap). Polling stops when the run
 * ends and starts again after `reload()` finds it running (a replay).
 */
export function useLiveRun(options: { initial: TRunDetail; workspaceId: string; intervalMs: number }) {
  const { workspaceId, intervalMs } = options;
  const [run, setRun] = useState(options.initial);
  const [status, setStatus] = useState<TLiveRunStatus>(
    isRunInProgress(options.initial.status) ? "live" : "ended",
  );
  const runId = run.id;
  const isInProgress = isRunInProgress(run.status);

  const apply = useCallback(
    (page: TRunDetailResponse) => {
      if (page.workspaceId !== workspaceId) {
        // The workspace was switched in another tab: this run is not part of it.
        window.location.reload();
        return;
      }
      setRun(page.run);
      setStatus(isRunInProgress(page.run.status) ? "live" : "ended");
    },
    [workspaceId],
  );

  useEffect(() => {
    if (!isInProgress) return;
    return pollWhileVisible({
      intervalMs,
      onStatus: setStatus,
      tick: async (isStopped) => {
        const page = await fetchRun(runId);
        if (!isStopped()) apply(page);
      },
    });
  }, [apply, intervalMs, isInProgress, runId]);

  /** Fetches the run now (after an action), which restarts polling if it is running again. */
  const reload = useCallback(async () => {
    try {
      apply(await fetchRun(runId));
    } catch {
      setStatus("reconnecting");
    }
  }, [apply, runId]);

  return { run, status, reload };
}
