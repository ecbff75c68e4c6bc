"use client";

import { useEffect, useRef, useState } from "react";
import { IconClose } from "@/components/ui/icons";
import {
  chordKeys,
  gestureKeys,
  isMacPlatform,
  POINTER_GESTURES,
  SHORTCUTS,
  type TShortcut,
} from "./shortcuts";

const GROUPS: TShortcut["group"][] = ["Edit", "Selection", "Navigate", "Help"];

/** Whether to show Mac keys; false on the server and the first render, so hydration matches. */
export function useIsMac(): boolean {
  const [isMac, setMac] = useState(false);
  useEffect(() => setMac(isMacPlatform()), []);
  return isMac;
}

function Keys({ keys }: { keys: string[] }) {
  return (
    <span className="flex shrink-0 items-center gap-0.5">
      {keys.map((key) => (
        <kbd
          key={key}
          className="min-w-5 rounded border border-zinc-300 bg-zinc-50 px-1 text-center font-sans text-[11px] text-zinc-700 shadow-[0_1px_0_var(--color-zinc-300)]"
        >
          {key}
        </kbd>
      ))}
    </span>
  );
}

/**
 * The list of every shortcut, rendered from the SHORTCUTS table the key handler uses. Opened by
 * the toolbar button or "?"; closed by Escape, a click outside or its close button.
 */
export function ShortcutsPopover({ onClose, isReadOnly }: { onClose: () => void; isReadOnly: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const isMac = useIsMac();
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Element | null;
      if (!ref.current?.contains(target) && !target?.closest("[data-shortcuts-toggle]")) onClose();
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [onClose]);
  return (
    <div
      ref={ref}
      role="dialog"
      aria-label="Keyboard shortcuts"
      data-testid="shortcuts-popover"
      className="absolute top-3 right-3 z-20 max-h-[calc(100%-1.5rem)] w-80 overflow-y-auto rounded-lg border border-zinc-200 bg-white p-3 shadow-lg"
    >
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-sm font-semibold text-zinc-900">Keyboard shortcuts</h2>
        <button
          type="button"
          aria-label="Close shortcuts"
          onClick={onClose}
          className="rounded-md p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
        >
          <IconClose />
        </button>
      </div>
      {GROUPS.map((group) => (
        <section key={group} className="mb-2">
          <h3 className="mb-1 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">{group}</h3>
          <ul className="space-y-1">
            {SHORTCUTS.filter((shortcut) => shortcut.group === group && !(isReadOnly && shortcut.isEdit)).map(
              (shortcut) => (
                <li
                  key={shortcut.id}
                  data-testid="shortcut-row"
                  className="flex items-center justify-between gap-2 text-[13px] text-zinc-700"
                >
                  <span>{shortcut.description}</span>
                  <span className="flex items-center gap-1.5">
                    {shortcut.chords.map((chord, index) => (
                      <span key={chord.key} className="flex items-center gap-1.5">
                        {index > 0 ? <span className="text-[11px] text-zinc-400">or</span> : null}
                        <Keys keys={chordKeys(chord, isMac)} />
                      </span>
                    ))}
                  </span>
                </li>
              ),
            )}
            {group === "Selection"
              ? POINTER_GESTURES.map((gesture) => (
                  <li
                    key={gesture.description}
                    data-testid="shortcut-row"
                    className="flex items-center justify-between gap-2 text-[13px] text-zinc-700"
                  >
                    <span>{gesture.description}</span>
                    <Keys keys={gestureKeys(gesture.keys, isMac)} />
                  </li>
                ))
              : null}
          </ul>
        </section>
      ))}
    </div>
  );
}
