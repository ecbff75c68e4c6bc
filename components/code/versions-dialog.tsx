"use client";

import { useState } from "react";
import { MonacoEditor } from "@/components/code-editor/monaco-editor";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TActionResult } from "@/lib/actions/action-result";
import type { TCodeLanguage } from "@/lib/code/runtime/types";

export type TVersionItem = {
  id: string;
  number: number;
  createdAt: string;
  createdBy: string | null;
  isLive: boolean;
  source: string;
};

/**
 * Deployed versions, newest first: each is immutable; one can be read (read-only editor) and made
 * live again. Runs record the version they ran, so the Logs tab's "v3" points here.
 */
export function VersionsDialog({
  versions,
  language,
  canDeploy,
  onRedeploy,
}: {
  versions: TVersionItem[];
  language: TCodeLanguage;
  canDeploy: boolean;
  onRedeploy: (versionId: string) => Promise<TActionResult<{ number: number }>>;
}) {
  const [open, setOpen] = useState(false);
  const [viewedId, setViewedId] = useState<string | null>(null);
  const action = useServerAction();
  const viewed = versions.find((version) => version.id === viewedId) ?? versions[0] ?? null;

  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={versions.length === 0} data-testid="versions-button">
        Versions{versions.length > 0 ? ` (${versions.length})` : ""}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Versions"
        description="Each deploy makes a numbered version that never changes. Redeploying an older one makes it live again."
        className="max-w-5xl!"
      >
        <div className="grid gap-4 md:grid-cols-[15rem_1fr]">
          <ul className="max-h-[60vh] space-y-1 overflow-y-auto" data-testid="versions">
            {versions.map((version) => (
              <li key={version.id}>
                <button
                  type="button"
                  onClick={() => setViewedId(version.id)}
                  aria-current={viewed?.id === version.id ? "true" : undefined}
                  data-testid="version-item"
                  className={cn(
                    "w-full rounded-md border px-3 py-2 text-left text-[13px]",
                    viewed?.id === version.id
                      ? "border-accent-300 bg-accent-50"
                      : "border-zinc-200 hover:bg-zinc-50",
                  )}
                >
                  <span className="flex items-center gap-2 font-medium text-zinc-900">
                    v{version.number}
                    {version.isLive ? <Badge tone="green">Live</Badge> : null}
                  </span>
                  <span className="block text-xs text-zinc-500">
                    <RelativeTime value={version.createdAt} />
                    {version.createdBy ? ` · ${version.createdBy}` : ""}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {viewed ? (
            <div className="min-w-0 space-y-2">
              <div className="flex items-center justify-between gap-2">
                <p className="text-[13px] font-medium text-zinc-900">Version {viewed.number} (read-only)</p>
                {canDeploy && !viewed.isLive ? (
                  <Button
                    variant="primary"
                    size="sm"
                    pending={action.pending}
                    onClick={() =>
                      action.run(() => onRedeploy(viewed.id), {
                        notice: (data) => `Version ${data.number} is live`,
                      })
                    }
                  >
                    Redeploy v{viewed.number}
                  </Button>
                ) : null}
              </div>
              <FormError>{action.error}</FormError>
              {action.notice ? (
                <p role="status" className="text-[13px] text-emerald-700">
                  {action.notice}
                </p>
              ) : null}
              {open ? (
                <MonacoEditor
                  key={viewed.id}
                  language={language}
                  value={viewed.source}
                  readOnly
                  height="min(55vh, 520px)"
                  ariaLabel={`Source of version ${viewed.number}`}
                />
              ) : null}
            </div>
          ) : null}
        </div>
      </Dialog>
    </>
  );
}
