"use client";

import { useState } from "react";
import type { TGraphProblem } from "@/lib/flows/validate-graph";

/** Every problem of the flow; clicking one selects and centres its node. */
export function ProblemsPanel({
  problems,
  title,
  onFocusNode,
}: {
  problems: TGraphProblem[];
  title: string;
  onFocusNode: (nodeId: string) => void;
}) {
  const [isOpen, setOpen] = useState(true);
  if (problems.length === 0) return null;
  return (
    <section
      aria-label="Problems"
      data-testid="problems-panel"
      className="absolute bottom-3 left-3 z-10 w-96 max-w-[calc(100%-1.5rem)] rounded-lg md:max-w-[calc(100%-15rem)] border border-amber-300 bg-white shadow-md"
    >
      <button
        type="button"
        className="flex w-full items-center justify-between px-3 py-2 text-left text-[13px] font-medium text-amber-900"
        onClick={() => setOpen(!isOpen)}
        aria-expanded={isOpen}
      >
        {title} ({problems.length})<span aria-hidden="true">{isOpen ? "▾" : "▸"}</span>
      </button>
      {isOpen ? (
        <ul className="max-h-48 overflow-y-auto border-t border-amber-100 text-xs">
          {problems.map((problem, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems may repeat a message on different nodes
            <li key={index}>
              {problem.nodeId ? (
                <button
                  type="button"
                  data-testid="problem-item"
                  className="w-full px-3 py-1.5 text-left text-zinc-700 hover:bg-amber-50"
                  onClick={() => onFocusNode(problem.nodeId!)}
                >
                  {problem.message}
                </button>
              ) : (
                <p data-testid="problem-item" className="px-3 py-1.5 text-zinc-700">
                  {problem.message}
                </p>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
