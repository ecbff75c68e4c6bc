"use client";

import { useEffect, useRef } from "react";
import { findShortcut, isInCodeEditor, isTypingTarget } from "./shortcuts";
import type { TEditorCommands } from "./use-editor-commands";

/**
 * One keydown listener for the editor, driven by the SHORTCUTS table. Keys typed into a form
 * field, editable content or the code editor stay there (the browser's own undo, copy and paste
 * apply), except the few shortcuts marked to work in fields (find a node). While `isSuspended`
 * (the node search is open) the dialog handles its own keys.
 */
export function useEditorShortcuts(options: {
  commands: TEditorCommands;
  isReadOnly: boolean;
  isSuspended: boolean;
}) {
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { commands, isReadOnly, isSuspended } = latest.current;
      if (event.defaultPrevented || event.isComposing) return;
      const shortcut = findShortcut(event);
      if (!shortcut) return;
      if (isSuspended && shortcut.id !== "search") return;
      if (isReadOnly && shortcut.isEdit) return;
      if (isInCodeEditor(event.target)) return;
      if (isTypingTarget(event.target) && !shortcut.worksInFields) return;
      if (commands[shortcut.id]()) event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
