"use client";

import { createContext, useContext } from "react";
import type { TGraphProblem } from "@/lib/flows/validate-graph";
import type { TEditorReferences } from "./editor-types";

/** Read-mostly data every part of the editor needs: references, current problems, permissions. */
export type TEditorContext = {
  references: TEditorReferences;
  problemsByNode: Map<string, TGraphProblem[]>;
  isReadOnly: boolean;
};

export const EditorContext = createContext<TEditorContext | null>(null);

export function useEditorContext(): TEditorContext {
  const context = useContext(EditorContext);
  if (!context) throw new Error("useEditorContext outside the flow editor");
  return context;
}
