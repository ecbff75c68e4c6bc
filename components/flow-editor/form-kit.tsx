"use client";

import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { CONTROL_CLASSES } from "@/components/ui/field";
import type { TFlowNode } from "@/lib/flows/graph-schema";
import type { TEditorReferences } from "./editor-types";

/** What every node form gets: its config, a change callback (field = undo-coalescing key), errors by field. */
export type TNodeFormProps<TConfig = TFlowNode["config"]> = {
  config: TConfig;
  onChange: (config: TConfig, field: string) => void;
  errors: Record<string, string>;
  references: TEditorReferences;
  disabled: boolean;
};

export function controlClass(invalid: boolean, extra = "h-8 w-full") {
  return cn(
    CONTROL_CLASSES,
    invalid
      ? "border-red-500 focus-visible:outline-red-500"
      : "border-zinc-300 focus-visible:outline-accent-500",
    extra,
  );
}

export function Note({ children }: { children: ReactNode }) {
  return <p className="rounded-md bg-zinc-50 px-2.5 py-2 text-xs text-zinc-600">{children}</p>;
}

export function FieldError({ message }: { message?: string }) {
  return message ? <p className="text-xs text-red-600">{message}</p> : null;
}
