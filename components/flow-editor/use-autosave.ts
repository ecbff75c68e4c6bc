"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { saveDraftAction } from "@/lib/actions/flow-actions";
import type { TEditorStore } from "./editor-store";
import { useEditorState } from "./editor-store";
import { toFlowGraph } from "./graph-model";

export const AUTOSAVE_DELAY_MS = 800;
const RETRY_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

export type TSaveStatus = "saved" | "pending" | "saving" | "error" | "conflict" | "invalid";
export type TSaveState = { status: TSaveStatus; message?: string };

/**
 * Debounced autosave of the draft. Local state is the source of truth until the server accepts
 * it: a failed save keeps everything and retries with backoff; a conflict (another tab or user
 * saved meanwhile) stops and lets the user reload or overwrite; a draft the schema refuses (a
 * half-typed condition) waits until the problem is fixed.
 */
export function useAutosave(options: {
  store: TEditorStore;
  flowId: string;
  initialRevision: number;
  isSavable: boolean;
  isReadOnly: boolean;
}) {
  const { store, flowId } = options;
  const changeCount = useEditorState((state) => state.changeCount);
  const [state, setState] = useState<TSaveState>({ status: "saved" });
  const revision = useRef(options.initialRevision);
  const savedCount = useRef(0);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const failures = useRef(0);
  const isConflict = useRef(false);
  const isSavable = useRef(options.isSavable);
  isSavable.current = options.isSavable;

  const save = useCallback(
    async (force = false): Promise<boolean> => {
      if (timer.current) clearTimeout(timer.current);
      // A draft the schema refuses would only be refused by the server too: wait for the fix.
      if (!isSavable.current) return false;
      if (inFlight.current) await inFlight.current;
      const { nodes, edges, settings, changeCount: count } = store.getState();
      if (count === savedCount.current && !force) return true;
      const attempt = (async () => {
        setState({ status: "saving" });
        try {
          const result = await saveDraftAction({
            flowId,
            graph: toFlowGraph(nodes, edges, settings),
            expectedRevision: revision.current,
            force,
          });
          if (!result.ok) throw new Error(result.error);
          if (result.data.status === "conflict") {
            isConflict.current = true;
            setState({ status: "conflict", message: result.data.message });
            return false;
          }
          isConflict.current = false;
          failures.current = 0;
          revision.current = result.data.revision;
          savedCount.current = count;
          const isCurrent = store.getState().changeCount === count;
          setState({ status: isCurrent ? "saved" : "pending" });
          return isCurrent;
        } catch (error) {
          const delay = RETRY_MS[Math.min(failures.current, RETRY_MS.length - 1)]!;
          failures.current += 1;
          const reason = error instanceof Error ? error.message : "the server did not answer";
          setState({
            status: "error",
            message: `Not saved: ${reason}. Retrying in ${delay / 1000} s; your changes are kept.`,
          });
          timer.current = setTimeout(() => void save(), delay);
          return false;
        }
      })();
      inFlight.current = attempt;
      try {
        return await attempt;
      } finally {
        inFlight.current = null;
      }
    },
    [store, flowId],
  );

  useEffect(() => {
    if (options.isReadOnly || changeCount === savedCount.current || isConflict.current) return;
    if (!options.isSavable) {
      setState({
        status: "invalid",
        message: "Not saved yet: fix the highlighted field (your changes are kept here)",
      });
      return;
    }
    setState((current) => (current.status === "error" ? current : { status: "pending" }));
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [changeCount, options.isSavable, options.isReadOnly, save]);

  // Leaving with unsaved changes asks first (the browser's own prompt).
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (store.getState().changeCount !== savedCount.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [store]);

  return {
    state,
    /** Saves now (publish does this first); true when the server holds the latest draft. */
    saveNow: () => save(false),
    overwrite: () => save(true),
  };
}
