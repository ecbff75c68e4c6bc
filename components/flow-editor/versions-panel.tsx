"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { IconClose } from "@/components/ui/icons";
import { RelativeTime } from "@/components/ui/time";
import { getFlowVersionAction, listFlowVersionsAction } from "@/lib/actions/flow-version-actions";
import type { TFlowGraph } from "@/lib/flows/graph-schema";
import { useEditorStore } from "./editor-store";
import { toFlowGraph } from "./graph-model";
import { VersionCompare } from "./version-compare";

// The editor's version history: the draft (a pseudo-entry) and every published version with its
// author, time and live marker; compare any two (or one with the draft) in the read-only compare
// view; restore a version as the draft. Restoring replaces the canvas through the editor's store
// (one undo step, so Undo brings the previous draft back) and saves at once through autosave's
// revision-checked save: a draft changed elsewhere meanwhile is a conflict, as for any edit.

type TVersion = { number: number; createdAt: string; author: string | null; isLive: boolean };
type TSide = "draft" | number;

const sideLabel = (side: TSide) => (side === "draft" ? "Draft" : `v${side}`);

export function VersionsPanel({
  flowId,
  isOpen,
  onClose,
  saveNow,
  isReadOnly,
  reloadKey,
}: {
  flowId: string;
  isOpen: boolean;
  onClose: () => void;
  saveNow: () => Promise<boolean>;
  isReadOnly: boolean;
  /** Changes after each publish, so an open panel lists the new version. */
  reloadKey: number;
}) {
  const store = useEditorStore();
  const [versions, setVersions] = useState<TVersion[] | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [from, setFrom] = useState<TSide | null>(null);
  const [to, setTo] = useState<TSide>("draft");
  const [compare, setCompare] = useState<{ from: TSide; to: TSide; graphs: [TFlowGraph, TFlowGraph] } | null>(
    null,
  );
  const [confirmRestore, setConfirmRestore] = useState<number | null>(null);
  const [isBusy, setBusy] = useState(false);
  const graphs = useRef(new Map<number, TFlowGraph>());

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey moves on after a publish, to list the new version
  useEffect(() => {
    if (!isOpen) return;
    let isCurrent = true;
    void listFlowVersionsAction({ flowId }).then((result) => {
      if (!isCurrent) return;
      if (!result.ok) return setMessage({ tone: "error", text: result.error });
      setVersions(result.data);
      setFrom((current) => current ?? result.data[0]?.number ?? null);
    });
    return () => {
      isCurrent = false;
    };
  }, [flowId, isOpen, reloadKey]);

  const graphOf = useCallback(
    async (side: TSide): Promise<TFlowGraph> => {
      if (side === "draft") {
        const { nodes, edges, settings } = store.getState();
        return toFlowGraph(nodes, edges, settings);
      }
      const cached = graphs.current.get(side);
      if (cached) return cached;
      const result = await getFlowVersionAction({ flowId, number: side });
      if (!result.ok) throw new Error(result.error);
      graphs.current.set(side, result.data.graph);
      return result.data.graph;
    },
    [flowId, store],
  );

  async function openCompare(left: TSide, right: TSide) {
    setMessage(null);
    setBusy(true);
    try {
      // Older on the left: comparing v3 with v1 reads as what changed from v1 to v3.
      const [older, newer] = order(left, right);
      setCompare({ from: older, to: newer, graphs: [await graphOf(older), await graphOf(newer)] });
    } catch (error) {
      setMessage({ tone: "error", text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  async function restore(number: number) {
    setConfirmRestore(null);
    setMessage(null);
    setBusy(true);
    try {
      store.replaceGraph(await graphOf(number));
      const isSaved = await saveNow();
      setMessage(
        isSaved
          ? {
              tone: "ok",
              text: `Version ${number} restored as the draft. Undo brings the previous draft back.`,
            }
          : {
              tone: "error",
              text: `Version ${number} is on the canvas but not saved yet: see the save status.`,
            },
      );
    } catch (error) {
      setMessage({ tone: "error", text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {compare ? (
        <VersionCompare
          fromLabel={sideLabel(compare.from)}
          toLabel={sideLabel(compare.to)}
          from={compare.graphs[0]}
          to={compare.graphs[1]}
          onClose={() => setCompare(null)}
        />
      ) : null}
      {isOpen && !compare ? (
        <section
          aria-label="Version history"
          data-testid="versions-panel"
          className="absolute top-3 right-3 z-20 flex max-h-[calc(100%-1.5rem)] w-80 max-w-[calc(100%-1.5rem)] flex-col rounded-lg border border-zinc-200 bg-white shadow-lg"
        >
          <header className="flex items-center justify-between border-b border-zinc-100 px-3 py-2">
            <h2 className="text-[13px] font-semibold text-zinc-900">Version history</h2>
            <button
              type="button"
              aria-label="Close version history"
              onClick={onClose}
              className="rounded p-0.5 text-zinc-500 hover:bg-zinc-100"
            >
              <IconClose className="size-4" />
            </button>
          </header>
          {versions && versions.length > 0 ? (
            <div className="flex items-center gap-1.5 border-b border-zinc-100 px-3 py-2 text-xs text-zinc-600">
              <SideSelect
                label="Compare from"
                value={from ?? versions[0]!.number}
                versions={versions}
                onChange={setFrom}
              />
              <span aria-hidden="true">→</span>
              <SideSelect label="Compare to" value={to} versions={versions} onChange={setTo} />
              <Button
                size="sm"
                className="ml-auto"
                disabled={isBusy || from === null || from === to}
                onClick={() => from !== null && void openCompare(from, to)}
              >
                Compare
              </Button>
            </div>
          ) : null}
          {message ? (
            <p
              role="status"
              data-testid="versions-message"
              className={`border-b border-zinc-100 px-3 py-2 text-xs ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}
            >
              {message.text}
            </p>
          ) : null}
          <ol className="min-h-0 flex-1 divide-y divide-zinc-100 overflow-y-auto">
            <li className="px-3 py-2" data-testid="version-entry" data-version="draft">
              <div className="flex items-center gap-2">
                <span className="text-[13px] font-medium text-zinc-900">Draft</span>
                <Badge>Editing</Badge>
              </div>
              <p className="text-xs text-zinc-500">
                What you see on the canvas; publishing makes it the next version.
              </p>
            </li>
            {versions === null ? (
              <li className="px-3 py-3 text-xs text-zinc-500">Loading…</li>
            ) : versions.length === 0 ? (
              <li className="px-3 py-3 text-xs text-zinc-500">Not published yet: Publish makes version 1.</li>
            ) : (
              versions.map((version) => (
                <li
                  key={version.number}
                  className="px-3 py-2"
                  data-testid="version-entry"
                  data-version={version.number}
                >
                  <div className="flex items-center gap-2">
                    <span className="text-[13px] font-medium text-zinc-900">Version {version.number}</span>
                    {version.isLive ? <Badge tone="green">Live</Badge> : null}
                  </div>
                  <p className="text-xs text-zinc-500">
                    {version.author ?? "Unknown author"} · <RelativeTime value={version.createdAt} />
                  </p>
                  {confirmRestore === version.number ? (
                    <div className="mt-1.5 rounded-md bg-amber-50 p-2 text-xs text-amber-900">
                      Replace the draft with version {version.number}? Undo brings the current draft back.
                      <div className="mt-1.5 flex gap-1.5">
                        <Button
                          size="sm"
                          variant="primary"
                          onClick={() => void restore(version.number)}
                          disabled={isBusy}
                        >
                          Restore version {version.number}
                        </Button>
                        <Button size="sm" onClick={() => setConfirmRestore(null)}>
                          Keep draft
                        </Button>
                      </div>
                    </div>
                  ) : (
                    <div className="mt-1 flex gap-1">
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={isBusy}
                        onClick={() => void openCompare(version.number, "draft")}
                      >
                        Compare with draft
                      </Button>
                      {isReadOnly ? null : (
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={isBusy}
                          onClick={() => setConfirmRestore(version.number)}
                        >
                          Restore…
                        </Button>
                      )}
                    </div>
                  )}
                </li>
              ))
            )}
          </ol>
        </section>
      ) : null}
    </>
  );
}

function order(left: TSide, right: TSide): [TSide, TSide] {
  if (left === "draft") return [right, left];
  if (right === "draft") return [left, right];
  return left < right ? [left, right] : [right, left];
}

function SideSelect({
  label,
  value,
  versions,
  onChange,
}: {
  label: string;
  value: TSide;
  versions: TVersion[];
  onChange: (side: TSide) => void;
}) {
  return (
    <select
      aria-label={label}
      value={String(value)}
      onChange={(event) => onChange(event.target.value === "draft" ? "draft" : Number(event.target.value))}
      className="h-7 rounded-md border border-zinc-300 bg-white px-1 text-xs text-zinc-800"
    >
      <option value="draft">Draft</option>
      {versions.map((version) => (
        <option key={version.number} value={version.number}>
          v{version.number}
        </option>
      ))}
    </select>
  );
}
