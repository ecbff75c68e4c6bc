"use client";

import { type KeyboardEvent, type ReactNode, useId, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { EDITOR_TABS, type TEditorTab } from "./editor-tab-ids";

/**
 * The function page's tabs (ARIA tabs: arrow keys move between them). Every panel stays mounted
 * and is hidden when not selected, so the editor keeps its undo history and unsaved text, and a
 * test result stays on screen while the user goes back to the code.
 */
export function EditorTabs({
  selected,
  onSelect,
  badges,
  panels,
}: {
  selected: TEditorTab;
  onSelect: (tab: TEditorTab) => void;
  badges?: Partial<Record<TEditorTab, ReactNode>>;
  panels: Record<TEditorTab, ReactNode>;
}) {
  const baseId = useId();
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = EDITOR_TABS.findIndex((tab) => tab.id === selected);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = EDITOR_TABS[(index + step + EDITOR_TABS.length) % EDITOR_TABS.length];
    if (!next) return;
    onSelect(next.id);
    tabRefs.current[next.id]?.focus();
  }

  return (
    <div>
      <div
        role="tablist"
        aria-label="Function"
        onKeyDown={onKeyDown}
        className="mb-4 flex gap-4 overflow-x-auto border-b border-zinc-200"
      >
        {EDITOR_TABS.map((tab) => {
          const isSelected = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                tabRefs.current[tab.id] = element;
              }}
              type="button"
              role="tab"
              id={`${baseId}-${tab.id}-tab`}
              aria-controls={`${baseId}-${tab.id}-panel`}
              aria-selected={isSelected}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => onSelect(tab.id)}
              className={cn(
                "-mb-px flex shrink-0 items-center gap-1.5 border-b-2 px-0.5 pb-2 text-[13px] font-medium whitespace-nowrap transition-colors",
                isSelected
                  ? "border-accent-600 text-zinc-900"
                  : "border-transparent text-zinc-500 hover:text-zinc-800",
              )}
            >
              {tab.label}
              {badges?.[tab.id] ?? null}
            </button>
          );
        })}
      </div>
      {EDITOR_TABS.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${baseId}-${tab.id}-panel`}
          aria-labelledby={`${baseId}-${tab.id}-tab`}
          hidden={tab.id !== selected}
        >
          {panels[tab.id]}
        </div>
      ))}
    </div>
  );
}
