"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { TEditorMarker } from "@/components/code-editor/monaco-editor";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import {
  deleteCodeSecretAction,
  deployCodeFunctionAction,
  redeployCodeVersionAction,
  saveCodeDraftAction,
  setCodeSecretAction,
  setCodeTopicsAction,
  testRunCodeFunctionAction,
  updateCodeSettingsAction,
} from "@/lib/actions/code-actions";
import type { TCodeFunctionSettings } from "@/lib/code/functions/settings-schema";
import type { TCodeLanguage } from "@/lib/code/runtime/types";
import { ActionNotice } from "./action-notice";
import { CodeTab, type TCodeEditorHandle } from "./code-tab";
import type { TEditorTab } from "./editor-tab-ids";
import { EditorTabs } from "./editor-tabs";
import { EnvVarsTab, type TSecretListItem } from "./env-vars-tab";
import type { TInvocationView } from "./invocation-result-view";
import { FUNCTION_STATUS, LANGUAGE_LABELS } from "./labels";
import { LogsTab, type TInvocationRow } from "./logs-tab";
import { SettingsTab } from "./settings-tab";
import { TestPanel, type TProfileOption, type TRecentEventOption } from "./test-panel";
import { toInvocationView } from "./to-invocation-view";
import type { TCodeTopicOption } from "./topic-picker";
import { type TVersionItem, VersionsDialog } from "./versions-dialog";

export type TFunctionEditorData = {
  id: string;
  name: string;
  language: TCodeLanguage;
  status: "draft" | "deployed";
  draftSource: string;
  settings: TCodeFunctionSettings;
  deployedVersionNumber: number | null;
  hasUndeployedChanges: boolean;
  topicIds: string[];
  secrets: TSecretListItem[];
  versions: TVersionItem[];
};

/**
 * The function page's client side: header (status, Save, Deploy, Versions) and the five tabs.
 * The editor's text lives here, so Test runs what is on screen, saved or not. Server props refresh
 * (router.refresh after actions, the Logs tab's polling) without replacing what the user typed.
 */
export function FunctionEditor({
  fn,
  metrics,
  recentEvents,
  profiles,
  invocations,
  selectedInvocation,
  initialTab,
  canEdit,
}: {
  fn: TFunctionEditorData;
  metrics: TCodeTopicOption[];
  recentEvents: TRecentEventOption[];
  profiles: TProfileOption[];
  invocations: TInvocationRow[];
  selectedInvocation: { id: string; view: TInvocationView } | null;
  initialTab: TEditorTab;
  canEdit: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [tab, setTab] = useState<TEditorTab>(initialTab);
  const [source, setSource] = useState(fn.draftSource);
  const [savedSource, setSavedSource] = useState(fn.draftSource);
  const [compileErrors, setCompileErrors] = useState<TEditorMarker[]>([]);
  const handleRef = useRef<TCodeEditorHandle | null>(null);
  const save = useServerAction();
  const deploy = useServerAction();
  const isDirty = source !== savedSource;

  useWarnBeforeLeaving(isDirty);

  const onHandle = useCallback((handle: TCodeEditorHandle) => {
    handleRef.current = handle;
  }, []);

  function selectTab(next: TEditorTab) {
    setTab(next);
    const params = new URLSearchParams(window.location.search);
    params.set("tab", next);
    if (next !== "logs") params.delete("invocation");
    window.history.replaceState(null, "", `${pathname}?${params}`);
  }

  function revealLine(line: number, column: number | null) {
    selectTab("code");
    // The Code panel becomes visible on the next render; Monaco needs its size before scrolling.
    requestAnimationFrame(() => handleRef.current?.revealLine(line, column));
  }

  function selectInvocation(invocationId: string | null) {
    const params = new URLSearchParams({ tab: "logs" });
    if (invocationId) params.set("invocation", invocationId);
    router.replace(`${pathname}?${params}`, { scroll: false });
  }

  /** Formats, saves the draft and shows the server's compile errors; answers whether it compiled. */
  async function saveDraft(): Promise<boolean> {
    const formatted = (await handleRef.current?.formatAndRead()) ?? source;
    setSource(formatted);
    const result = await saveCodeDraftAction({ functionId: fn.id, source: formatted });
    if (!result.ok) throw new Error(result.error);
    setSavedSource(formatted);
    setCompileErrors(result.data.compileErrors.map((error) => ({ ...error, severity: "error" as const })));
    router.refresh();
    return result.data.compileErrors.length === 0;
  }

  function onSave() {
    if (!canEdit) return;
    deploy.clear();
    save.run(
      async () => {
        try {
          const compiled = await saveDraft();
          return { ok: true as const, data: compiled };
        } catch (error) {
          return { ok: false as const, error: (error as Error).message, fieldErrors: {} };
        }
      },
      { notice: (compiled) => (compiled ? "Draft saved" : "Draft saved with compile errors (see Problems)") },
    );
  }

  function onDeploy() {
    save.clear();
    deploy.run(
      async () => {
        try {
          if (isDirty && !(await saveDraft())) {
            return { ok: false as const, error: "Fix the compile errors before deploying", fieldErrors: {} };
          }
        } catch (error) {
          return { ok: false as const, error: (error as Error).message, fieldErrors: {} };
        }
        return deployCodeFunctionAction({ functionId: fn.id });
      },
      { notice: (data) => `Version ${data.number} is live` },
    );
  }

  const status = FUNCTION_STATUS[fn.status];
  const error = save.error ?? deploy.error;
  const notice = deploy.notice ?? save.notice;

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2 text-[13px]">
          <Badge tone={status.tone}>
            <span data-testid="function-status">
              {status.label}
              {fn.deployedVersionNumber ? ` v${fn.deployedVersionNumber}` : ""}
            </span>
          </Badge>
          <Badge tone={fn.language === "javascript" ? "amber" : "accent"}>
            {LANGUAGE_LABELS[fn.language]}
          </Badge>
          {isDirty ? (
            <span className="text-amber-700" data-testid="unsaved-changes">
              Unsaved changes
            </span>
          ) : fn.hasUndeployedChanges && fn.status === "deployed" ? (
            <span className="text-zinc-500">Draft differs from the live version</span>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <ActionNotice notice={notice} testId="header-notice" />
          <VersionsDialog
            versions={fn.versions}
            language={fn.language}
            canDeploy={canEdit}
            onRedeploy={(versionId) => redeployCodeVersionAction({ functionId: fn.id, versionId })}
          />
          {canEdit ? (
            <>
              <Button onClick={onSave} pending={save.pending} disabled={deploy.pending} title="Ctrl+S / ⌘S">
                Save
              </Button>
              <Button variant="primary" onClick={onDeploy} pending={deploy.pending} disabled={save.pending}>
                Deploy
              </Button>
            </>
          ) : null}
        </div>
      </div>
      {error ? (
        <div className="mb-4">
          <FormError>{error}</FormError>
        </div>
      ) : null}

      <EditorTabs
        selected={tab}
        onSelect={selectTab}
        badges={{
          code: compileErrors.length > 0 ? <Badge tone="red">{compileErrors.length}</Badge> : null,
          env: fn.secrets.length > 0 ? <Badge>{fn.secrets.length}</Badge> : null,
        }}
        panels={{
          code: (
            <CodeTab
              language={fn.language}
              value={source}
              onChange={setSource}
              compileErrors={compileErrors}
              readOnly={!canEdit}
              onSaveShortcut={onSave}
              onHandle={onHandle}
            />
          ),
          settings: (
            <SettingsTab
              settings={fn.settings}
              topicIds={fn.topicIds}
              metrics={metrics}
              canEdit={canEdit}
              onSaveTopics={(metricIds) => setCodeTopicsAction({ functionId: fn.id, metricIds })}
              onSaveSettings={(settings) => updateCodeSettingsAction({ functionId: fn.id, settings })}
            />
          ),
          env: (
            <EnvVarsTab
              secrets={fn.secrets}
              canEdit={canEdit}
              onSet={({ name, value }) => setCodeSecretAction({ functionId: fn.id, name, value })}
              onDelete={(name) => deleteCodeSecretAction({ functionId: fn.id, name })}
            />
          ),
          test: (
            <TestPanel
              recentEvents={recentEvents}
              profiles={profiles}
              initialSample={sampleEventJson(recentEvents[0])}
              hasTopics={fn.topicIds.length > 0}
              canRun={canEdit}
              onRevealLine={revealLine}
              onRun={async (input, mode) => {
                const result = await testRunCodeFunctionAction({ functionId: fn.id, source, input, mode });
                if (!result.ok) return result;
                router.refresh();
                return { ok: true, data: toInvocationView(result.data) };
              }}
            />
          ),
          logs: (
            <LogsTab
              invocations={invocations}
              selected={selectedInvocation}
              isVisible={tab === "logs"}
              onSelect={selectInvocation}
              onRevealLine={revealLine}
            />
          ),
        }}
      />
    </div>
  );
}

function sampleEventJson(recent: TRecentEventOption | undefined): string {
  const sample = {
    metric: recent?.metricName ?? "Placed Order",
    properties: (recent?.properties as Record<string, unknown> | undefined) ?? {
      OrderId: "1001",
      customer_locale: "de-DE",
    },
  };
  return `${JSON.stringify(sample, null, 2)}\n`;
}

function useWarnBeforeLeaving(isDirty: boolean) {
  useEffect(() => {
    if (!isDirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [isDirty]);
}
