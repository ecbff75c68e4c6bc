"use client";

import Link from "next/link";
import { type ReactNode, useRef, useState, useTransition } from "react";
import { TestRunDialog } from "@/app/(app)/flows/[flowId]/_components/test-run-dialog";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Popover, PopoverItem } from "@/components/ui/popover";
import { publishFlowAction, renameFlowAction } from "@/lib/actions/flow-actions";
import type { TGraphProblem } from "@/lib/flows/validate-graph";
import { useEditorState, useEditorStore } from "./editor-store";
import type { TSaveState } from "./use-autosave";

export type TEditorFlow = {
  id: string;
  name: string;
  status: "draft" | "manual" | "live";
  liveVersionNumber: number | null;
};

const STATUS = {
  live: { label: "Live", tone: "green" },
  manual: { label: "Manual", tone: "amber" },
  draft: { label: "Off", tone: "neutral" },
} as const;

const SAVE_LABELS: Record<TSaveState["status"], string> = {
  saved: "Saved",
  pending: "Unsaved changes",
  saving: "Saving…",
  error: "Not saved",
  conflict: "Changed elsewhere",
  invalid: "Not saved",
};

export function EditorToolbar({
  flow,
  saveState,
  onOverwrite,
  saveNow,
  onPublishProblems,
  onAutoLayout,
  onToggleShortcuts,
  isReadOnly,
  extraActions,
  onPublished,
}: {
  flow: TEditorFlow;
  saveState: TSaveState;
  onOverwrite: () => void;
  saveNow: () => Promise<boolean>;
  onPublishProblems: (problems: TGraphProblem[] | null) => void;
  onAutoLayout: () => void;
  /** Shows or hides the keyboard-shortcuts popover (flow-editor.tsx). */
  onToggleShortcuts?: () => void;
  isReadOnly: boolean;
  /** History, export and run counts (versions-panel / node-counts). */
  extraActions?: ReactNode;
  onPublished?: (versionNumber: number) => void;
}) {
  const store = useEditorStore();
  const canUndo = useEditorState((state) => state.past.length > 0);
  const canRedo = useEditorState((state) => state.future.length > 0);
  const [name, setName] = useState(flow.name);
  const savedName = useRef(flow.name);
  const [status, setStatus] = useState(flow.status);
  const [version, setVersion] = useState(flow.liveVersionNumber);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [isPublishing, startPublish] = useTransition();

  async function rename(next: string) {
    if (next.trim() === savedName.current || next.trim() === "") return setName(savedName.current);
    const result = await renameFlowAction({ flowId: flow.id, name: next });
    if (!result.ok) setMessage({ tone: "error", text: result.error });
    else savedName.current = result.data.name;
  }

  function publish(target: "live" | "manual") {
    setMessage(null);
    startPublish(async () => {
      if (!(await saveNow())) {
        setMessage({ tone: "error", text: "Save the draft before publishing (see the save status)" });
        return;
      }
      const result = await publishFlowAction({ flowId: flow.id, status: target });
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      if (!result.data.published) {
        onPublishProblems(result.data.problems);
        setMessage({ tone: "error", text: "Not published: fix the problems listed on the canvas" });
        return;
      }
      onPublishProblems(null);
      setStatus(result.data.status);
      setVersion(result.data.versionNumber);
      onPublished?.(result.data.versionNumber);
      setMessage({
        tone: "ok",
        text: `Published version ${result.data.versionNumber} (${STATUS[result.data.status].label.toLowerCase()})`,
      });
    });
  }

  return (
    <header className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-white px-3 py-2">
      <Link href="/flows" className="text-[13px] text-zinc-500 hover:text-zinc-900">
        Flows
      </Link>
      <span className="text-zinc-300">/</span>
      <input
        aria-label="Flow name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        onBlur={(event) => void rename(event.target.value)}
        onKeyDown={(event) => event.key === "Enter" && event.currentTarget.blur()}
        disabled={isReadOnly}
        maxLength={200}
        className="min-w-0 rounded px-1 text-sm font-semibold text-zinc-900 hover:bg-zinc-50 focus:bg-white focus:outline-2 focus:outline-accent-500"
      />
      <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>
      <span className="text-xs text-zinc-500">{version ? `v${version} published` : "Never published"}</span>
      <span
        data-testid="save-status"
        data-status={saveState.status}
        title={saveState.message}
        className={
          saveState.status === "error" || saveState.status === "conflict" || saveState.status === "invalid"
            ? "text-xs font-medium text-red-600"
            : "text-xs text-zinc-500"
        }
      >
        {isReadOnly ? "Read-only (viewer)" : SAVE_LABELS[saveState.status]}
      </span>
      {saveState.status === "conflict" ? (
        <span className="flex items-center gap-1" data-testid="save-conflict">
          <span className="text-xs text-zinc-600">{saveState.message}</span>
          <Button size="sm" onClick={() => window.location.reload()}>
            Reload theirs
          </Button>
          <Button size="sm" variant="danger" onClick={onOverwrite}>
            Overwrite with mine
          </Button>
        </span>
      ) : saveState.message && saveState.status !== "saved" ? (
        <span className="text-xs text-zinc-600">{saveState.message}</span>
      ) : null}
      <div className="ml-auto flex items-center gap-1.5">
        {message ? (
          <span
            role="status"
            data-testid="publish-message"
            className={message.tone === "error" ? "text-xs text-red-600" : "text-xs text-emerald-700"}
          >
            {message.text}
          </span>
        ) : null}
        {isReadOnly ? null : (
          <>
            <Button
              size="sm"
              variant="ghost"
              onClick={store.undo}
              disabled={!canUndo}
              title="Undo (Ctrl/Cmd+Z)"
            >
              Undo
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={store.redo}
              disabled={!canRedo}
              title="Redo (Shift+Ctrl/Cmd+Z)"
            >
              Redo
            </Button>
            <Button size="sm" variant="ghost" onClick={onAutoLayout}>
              Auto-layout
            </Button>
          </>
        )}
        {onToggleShortcuts ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={onToggleShortcuts}
            data-shortcuts-toggle=""
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
          >
            Shortcuts
          </Button>
        ) : null}
        {extraActions}
        <Link href={`/flows/${flow.id}/runs`} className={buttonClasses({ size: "sm", variant: "ghost" })}>
          Runs
        </Link>
        {/* The runs page's test-run dialog: runs the published version for one profile, then
            opens the run page, which follows the run live. */}
        {isReadOnly || version === null ? null : (
          <TestRunDialog flowId={flow.id} isOff={status === "draft"} />
        )}
        {isReadOnly ? null : (
          <Popover
            trigger={isPublishing ? "Publishing…" : "Publish"}
            triggerLabel="Publish"
            triggerClassName={buttonClasses({ size: "sm", variant: "primary" })}
            align="end"
            testId="publish-button"
          >
            {(close) => (
              <>
                <PopoverItem
                  onClick={() => {
                    close();
                    publish("live");
                  }}
                  disabled={isPublishing}
                >
                  Publish live — runs start for every trigger
                </PopoverItem>
                <PopoverItem
                  onClick={() => {
                    close();
                    publish("manual");
                  }}
                  disabled={isPublishing}
                >
                  Publish manual — each action waits for review
                </PopoverItem>
              </>
            )}
          </Popover>
        )}
      </div>
    </header>
  );
}
