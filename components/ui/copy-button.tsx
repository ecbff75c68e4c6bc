"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { IconCheck, IconCopy } from "@/components/ui/icons";

/**
 * Copies text. navigator.clipboard exists only on https and localhost; a self-hosted install is
 * often reached over plain http on a LAN, so there is a fallback through a selected textarea.
 */
export function CopyButton({
  text,
  label = "Copy",
  size = "sm",
}: {
  text: string;
  label?: string;
  size?: "sm" | "md";
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch {
      copied = false;
    }
    if (!copied) copied = copyWithSelection(text);
    setState(copied ? "copied" : "failed");
    setTimeout(() => setState("idle"), 2000);
  }

  return (
    <Button
      size={size}
      onClick={copy}
      icon={state === "copied" ? <IconCheck className="text-emerald-600" /> : <IconCopy />}
    >
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : label}
      </span>
    </Button>
  );
}

function copyWithSelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  try {
    // Deprecated but the only way to copy outside a secure context.
    return document.execCommand("copy");
  } finally {
    area.remove();
  }
}
