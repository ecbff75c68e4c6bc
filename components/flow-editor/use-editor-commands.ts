"use client";

import { useReactFlow } from "@xyflow/react";
import { type RefObject, useEffect, useMemo, useRef } from "react";
import {
  CLIPBOARD_STORAGE_KEY,
  copySelection,
  parseClipboardText,
  planPaste,
  type TClipboardDocument,
  type TPastePlacement,
} from "./clipboard";
import { useEditorStore } from "./editor-store";
import type { TShortcutId } from "./shortcuts";

export type TNotice = { tone: "info" | "error"; text: string };

/** A command returns true when it handled the key (the browser's default is then prevented). */
export type TEditorCommands = Record<TShortcutId, () => boolean>;

/** A command that always takes the key. */
const always =
  (run: () => unknown): (() => boolean) =>
  () => {
    run();
    return true;
  };

const plural = (count: number) => `${count} node${count === 1 ? "" : "s"}`;

/**
 * What the shortcuts (and buttons) do. Copy writes the clipboard document to localStorage and,
 * when the browser allows, to the system clipboard. Paste prefers a Hookflow document in the
 * browser's paste event (the system clipboard, e.g. from another browser) and otherwise takes the
 * last copy from localStorage (other tabs of this app), so it works where the clipboard API is
 * refused. Paste into the flow it came from offsets the copies; into another flow it centres them
 * on the pointer (when over the canvas) or the viewport.
 */
export function useEditorCommands(options: {
  flowId: string;
  canvasRef: RefObject<HTMLDivElement | null>;
  notify: (notice: TNotice) => void;
  onAutoLayout: () => void;
  onToggleSearch: () => void;
  onToggleHelp: () => void;
  onEscape: () => void;
}): TEditorCommands {
  const store = useEditorStore();
  const reactFlow = useReactFlow();
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const pendingPaste = useRef(false);
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const canvas = options.canvasRef.current;
    if (!canvas) return;
    const onMove = (event: PointerEvent) => {
      pointer.current = { x: event.clientX, y: event.clientY };
    };
    const onLeave = () => {
      pointer.current = null;
    };
    canvas.addEventListener("pointermove", onMove);
    canvas.addEventListener("pointerleave", onLeave);
    return () => {
      canvas.removeEventListener("pointermove", onMove);
      canvas.removeEventListener("pointerleave", onLeave);
    };
  }, [options.canvasRef]);

  const built = useMemo(() => {
    const notify = (notice: TNotice) => latest.current.notify(notice);

    const placementFor = (document: TClipboardDocument): TPastePlacement => {
      if (document.sourceFlowId === latest.current.flowId) return { mode: "offset" };
      const rect = latest.current.canvasRef.current?.getBoundingClientRect();
      const screen =
        pointer.current ??
        (rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: 0, y: 0 });
      return { mode: "centre", at: reactFlow.screenToFlowPosition(screen) };
    };

    const insert = (document: TClipboardDocument, placement: TPastePlacement, verb: string) => {
      const plan = planPaste(document, store.getState().nodes, placement);
      if (!plan.ok) return notify({ tone: "error", text: plan.message });
      store.insertNodes(plan.nodes, plan.edges);
      notify({ tone: "info", text: `${verb} ${plural(plan.nodes.length)}` });
    };

    const pasteFromStorage = () => {
      let text: string | null = null;
      try {
        text = window.localStorage.getItem(CLIPBOARD_STORAGE_KEY);
      } catch (error) {
        return notify({ tone: "error", text: `Cannot read the copied nodes: ${(error as Error).message}` });
      }
      const parsed = parseClipboardText(text);
      if (!parsed.ok) return notify({ tone: "error", text: parsed.message });
      insert(parsed.document, placementFor(parsed.document), "Pasted");
    };

    const copy = (): boolean => {
      const { nodes, edges } = store.getState();
      const document = copySelection(nodes, edges, latest.current.flowId);
      // Nothing selected, or text selected on the page: leave the browser's own copy alone.
      if (!document || !window.getSelection()?.isCollapsed) return false;
      const text = JSON.stringify(document);
      let isStored = true;
      try {
        window.localStorage.setItem(CLIPBOARD_STORAGE_KEY, text);
      } catch {
        isStored = false;
      }
      const copied = `Copied ${plural(document.nodes.length)}`;
      const clipboard = navigator.clipboard?.writeText(text);
      if (!clipboard) {
        notify(
          isStored
            ? { tone: "info", text: copied }
            : {
                tone: "error",
                text: "Not copied: this browser allows neither the clipboard nor local storage",
              },
        );
      } else {
        clipboard.then(
          () => notify({ tone: "info", text: copied }),
          (error: Error) =>
            notify(
              isStored
                ? { tone: "info", text: `${copied} (to this browser only: ${error.message})` }
                : { tone: "error", text: `Not copied: ${error.message}` },
            ),
        );
      }
      return true;
    };

    // Runs for every paste event on the page; keyboard pastes also schedule the storage fallback.
    const onPasteEvent = (event: ClipboardEvent) => {
      if (!pendingPaste.current) return;
      const parsed = parseClipboardText(event.clipboardData?.getData("text/plain"));
      if (!parsed.ok) return;
      event.preventDefault();
      pendingPaste.current = false;
      insert(parsed.document, placementFor(parsed.document), "Pasted");
    };
    const commands: TEditorCommands = {
      undo: always(store.undo),
      redo: always(store.redo),
      copy,
      cut: () => {
        if (!copy()) return false;
        store.deleteSelection();
        return true;
      },
      paste: () => {
        // Not prevented: the browser then fires a paste event carrying the system clipboard, which
        // onPasteEvent takes if it holds our document; if none came, the fallback reads storage.
        pendingPaste.current = true;
        setTimeout(() => {
          if (!pendingPaste.current) return;
          pendingPaste.current = false;
          pasteFromStorage();
        }, 0);
        return false;
      },
      duplicate: () => {
        const { nodes, edges } = store.getState();
        const document = copySelection(nodes, edges, latest.current.flowId);
        if (document) insert(document, { mode: "offset" }, "Duplicated");
        else notify({ tone: "error", text: "Select the nodes to duplicate first" });
        return true;
      },
      delete: () => store.deleteSelection() > 0,
      selectAll: always(store.selectAll),
      // Escape also closes dialogs and popovers, so it never claims the key.
      deselect: () => {
        latest.current.onEscape();
        store.clearSelection();
        return false;
      },
      search: always(() => latest.current.onToggleSearch()),
      help: always(() => latest.current.onToggleHelp()),
      fitView: always(() => reactFlow.fitView({ duration: 300, maxZoom: 1 })),
      zoomIn: always(() => reactFlow.zoomIn({ duration: 150 })),
      zoomOut: always(() => reactFlow.zoomOut({ duration: 150 })),
      autoLayout: always(() => latest.current.onAutoLayout()),
    };
    return { commands, onPasteEvent };
  }, [store, reactFlow]);

  useEffect(() => {
    document.addEventListener("paste", built.onPasteEvent);
    return () => document.removeEventListener("paste", built.onPasteEvent);
  }, [built]);

  return built.commands;
}
