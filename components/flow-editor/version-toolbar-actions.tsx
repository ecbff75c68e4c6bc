"use client";

import { Button, buttonClasses } from "@/components/ui/button";
import { NodeCountsPicker } from "./node-counts";

/** The toolbar's part of versions, export and run counts (mounted by the editor toolbar). */
export function VersionToolbarActions({
  flowId,
  onOpenHistory,
}: {
  flowId: string;
  onOpenHistory: () => void;
}) {
  return (
    <>
      <NodeCountsPicker />
      <Button size="sm" variant="ghost" onClick={onOpenHistory} data-testid="open-versions">
        History
      </Button>
      <a
        href={`/flows/${flowId}/export`}
        download
        className={buttonClasses({ size: "sm", variant: "ghost" })}
        title="Download the draft as a JSON document (import it into any workspace)"
      >
        Export
      </a>
    </>
  );
}
