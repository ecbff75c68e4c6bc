"use client";

import { useMemo, useState } from "react";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { NODE_TYPES, nodeSummary, type TReferenceNames } from "@/lib/flows/node-types";
import { useEditorContext } from "./editor-context";
import { useEditorState } from "./editor-store";
import type { TCanvasNode } from "./graph-model";
import { NodeIcon } from "./node-icon";
import { chordKeys, SHORTCUTS } from "./shortcuts";
import { useIsMac } from "./shortcuts-popover";

const SEARCH_CHORD = SHORTCUTS.find((shortcut) => shortcut.id === "search")!.chords[0]!;

/** The canvas's button for the same palette, showing its shortcut. */
export function NodeSearchButton({ onOpen }: { onOpen: () => void }) {
  const isMac = useIsMac();
  return (
    <button
      type="button"
      onClick={onOpen}
      className="flex items-center gap-2 rounded-md border border-zinc-200 bg-white/95 px-2.5 py-1 text-xs text-zinc-500 shadow-sm hover:border-zinc-300 hover:text-zinc-800"
    >
      Find a node
      <kbd className="rounded border border-zinc-200 bg-zinc-50 px-1 font-sans text-[10px]">
        {chordKeys(SEARCH_CHORD, isMac).join(" ")}
      </kbd>
    </button>
  );
}

type TSearchItem = { id: string; title: string; typeLabel: string; summary: string; node: TCanvasNode };

/** Every word of the query must appear in the node's name, type or summary (any order, any case). */
export function filterSearchItems<TItem extends { title: string; typeLabel: string; summary: string }>(
  items: TItem[],
  query: string,
): TItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  return items.filter((item) => {
    const text = `${item.title} ${item.typeLabel} ${item.summary}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/**
 * The command palette for nodes (Ctrl/Cmd+K): type to filter, arrows to move, Enter to focus the
 * node (select it, centre the canvas on it; the inspector then shows it). Escape closes.
 */
export function NodeSearch({
  open,
  onClose,
  onFocusNode,
}: {
  open: boolean;
  onClose: () => void;
  onFocusNode: (nodeId: string) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title="Find a node" className="max-w-lg">
      {open ? <NodeSearchBody onClose={onClose} onFocusNode={onFocusNode} /> : null}
    </Dialog>
  );
}

function NodeSearchBody({
  onClose,
  onFocusNode,
}: {
  onClose: () => void;
  onFocusNode: (nodeId: string) => void;
}) {
  const nodes = useEditorState((state) => state.nodes);
  const { references } = useEditorContext();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const items = useMemo(() => {
    const names: TReferenceNames = {
      list: (id) => references.lists.find((list) => list.id === id)?.name,
      segment: (id) => references.segments.find((segment) => segment.id === id)?.name,
      metric: (id) => references.metrics.find((metric) => metric.id === id)?.name,
    };
    return nodes.map<TSearchItem>((node) => {
      const typeLabel = NODE_TYPES[node.data.type].label;
      return {
        id: node.id,
        title: node.data.label || typeLabel,
        typeLabel,
        summary: nodeSummary(node.data, names),
        node,
      };
    });
  }, [nodes, references]);
  const matches = filterSearchItems(items, query);
  const current = Math.min(active, Math.max(matches.length - 1, 0));

  function choose(item: TSearchItem | undefined) {
    if (!item) return;
    onClose();
    onFocusNode(item.id);
  }

  return (
    <div>
      <input
        // biome-ignore lint/a11y/noAutofocus: the palette exists to type into
        autoFocus
        role="combobox"
        aria-label="Search nodes"
        aria-expanded="true"
        aria-controls="node-search-results"
        aria-activedescendant={matches[current] ? `node-search-${matches[current].id}` : undefined}
        placeholder="Name, type or summary (e.g. webhook, delay, Newsletter)"
        className="h-9 w-full rounded-md border border-zinc-300 px-3 text-sm focus-visible:outline-2 focus-visible:outline-accent-500"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setActive(Math.min(current + 1, matches.length - 1));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive(Math.max(current - 1, 0));
          } else if (event.key === "Enter") {
            event.preventDefault();
            choose(matches[current]);
          }
        }}
      />
      <div
        id="node-search-results"
        role="listbox"
        aria-label="Matching nodes"
        className="mt-2 max-h-72 overflow-y-auto"
      >
        {matches.map((item, index) => (
          <div
            key={item.id}
            id={`node-search-${item.id}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === current}
            data-testid="node-search-result"
            onPointerMove={() => setActive(index)}
            onClick={() => choose(item)}
            onKeyDown={() => undefined}
            className={cn(
              "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5",
              index === current ? "bg-accent-50 text-zinc-900" : "text-zinc-700",
            )}
          >
            <NodeIcon icon={NODE_TYPES[item.node.data.type].icon} />
            <span className="min-w-0 flex-1">
              <span className="block truncate text-[13px] font-medium">{item.title}</span>
              <span className="block truncate text-xs text-zinc-500">
                {item.typeLabel} · {item.summary}
              </span>
            </span>
          </div>
        ))}
        {matches.length === 0 ? (
          <p className="px-2 py-3 text-center text-[13px] text-zinc-500">
            {items.length === 0 ? "This flow has no nodes yet" : "No node matches"}
          </p>
        ) : null}
      </div>
      <p className="mt-2 text-[11px] text-zinc-500">↑ ↓ to move · Enter to go to the node · Esc to close</p>
    </div>
  );
}
