"use client";

import type { DragEvent } from "react";
import type { TFlowNodeType } from "@/lib/flows/graph-schema";
import { NODE_GROUPS, NODE_TYPES, nodeTypesIn } from "@/lib/flows/node-types";
import { NodeIcon } from "./node-icon";

export const NODE_DRAG_MIME = "application/x-hookflow-node";

/**
 * The node palette: drag an item onto the canvas, or press it (click, Enter or Space) to add it
 * below the last node — the keyboard path to the same result.
 */
export function Palette({ onAdd, disabled }: { onAdd: (type: TFlowNodeType) => void; disabled: boolean }) {
  function onDragStart(event: DragEvent, type: TFlowNodeType) {
    event.dataTransfer.setData(NODE_DRAG_MIME, type);
    event.dataTransfer.effectAllowed = "move";
  }
  return (
    <nav
      aria-label="Node palette"
      className="w-52 shrink-0 overflow-y-auto border-r border-zinc-200 bg-white p-3"
    >
      {NODE_GROUPS.map((group) => (
        <section key={group} className="mb-4">
          <h2 className="mb-1.5 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">{group}</h2>
          <ul className="space-y-1">
            {nodeTypesIn(group).map((type) => (
              <li key={type}>
                <button
                  type="button"
                  draggable={!disabled}
                  disabled={disabled}
                  onDragStart={(event) => onDragStart(event, type)}
                  onClick={() => onAdd(type)}
                  data-testid={`palette-${type}`}
                  title={`${NODE_TYPES[type].description}. Drag onto the canvas, or press to add.`}
                  className="flex w-full cursor-grab items-center gap-2 rounded-md border border-zinc-200 bg-white px-2 py-1.5 text-left text-[13px] text-zinc-800 hover:border-accent-300 hover:bg-accent-50 disabled:cursor-not-allowed disabled:opacity-60"
                >
                  <NodeIcon icon={NODE_TYPES[type].icon} />
                  {NODE_TYPES[type].label}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
