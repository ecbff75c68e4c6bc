"use client";

import Editor from "@monaco-editor/react";
import type * as Monaco from "monaco-editor";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import type { TCompletionSource, TEditorMarker, TMonacoEditorProps } from "./editor-types";
import { configureMonaco } from "./monaco-loader";

const MARKER_OWNER = "hookflow";

const monaco = configureMonaco();

const DEFAULT_OPTIONS: Monaco.editor.IStandaloneEditorConstructionOptions = {
  minimap: { enabled: false },
  fontSize: 12,
  lineNumbersMinChars: 3,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  tabSize: 2,
  wordWrap: "on",
  renderLineHighlight: "none",
  overviewRulerLanes: 0,
  fixedOverflowWidgets: true,
  scrollbar: { alwaysConsumeMouseWheel: false },
};

function toMarkerData(marker: TEditorMarker, model: Monaco.editor.ITextModel): Monaco.editor.IMarkerData {
  const line = Math.min(Math.max(marker.line, 1), model.getLineCount());
  const column = Math.max(marker.column, 1);
  const severity = {
    error: monaco.MarkerSeverity.Error,
    warning: monaco.MarkerSeverity.Warning,
    info: monaco.MarkerSeverity.Info,
  }[marker.severity ?? "error"];
  return {
    startLineNumber: line,
    startColumn: column,
    endLineNumber: marker.endLine ?? line,
    // Without an end, underline to the end of the word (or one character) so the marker is visible.
    endColumn:
      marker.endColumn ??
      Math.max(column + 1, model.getWordAtPosition({ lineNumber: line, column })?.endColumn ?? 0),
    message: marker.message,
    severity,
  };
}

function useCompletionSource(
  model: Monaco.editor.ITextModel | null,
  language: string,
  completion: TCompletionSource | undefined,
) {
  // The latest source is read through a ref so re-renders do not re-register the provider.
  const sourceRef = useRef(completion);
  sourceRef.current = completion;
  const hasCompletion = completion !== undefined;
  const triggerKey = completion?.triggerCharacters?.join("") ?? "";
  useEffect(() => {
    if (!model || !hasCompletion) return;
    const registration = monaco.languages.registerCompletionItemProvider(language, {
      triggerCharacters: triggerKey.split(""),
      provideCompletionItems: (requestModel, position) => {
        const source = sourceRef.current;
        if (!source || requestModel.uri.toString() !== model.uri.toString()) return { suggestions: [] };
        return { suggestions: source.provideItems({ monaco, model: requestModel, position }) };
      },
    });
    return () => registration.dispose();
  }, [model, language, hasCompletion, triggerKey]);
}

export default function MonacoEditorImpl({
  language,
  value,
  onChange,
  height = 240,
  readOnly = false,
  markers,
  completion,
  onReady,
  ariaLabel,
  className,
  options,
}: TMonacoEditorProps) {
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const model = editor?.getModel() ?? null;
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;

  useCompletionSource(model, language, completion);

  useEffect(() => {
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      (markers ?? []).map((marker) => toMarkerData(marker, model)),
    );
  }, [model, markers]);

  useEffect(() => {
    if (!editor) return;
    const disposable = onReadyRef.current?.({ monaco, editor });
    return () => disposable?.dispose();
  }, [editor]);

  return (
    <div
      className={cn("overflow-hidden rounded-md border border-zinc-300 bg-white", className)}
      data-testid="monaco-editor"
      data-language={language}
    >
      <Editor
        height={height}
        language={language}
        value={value}
        onChange={(next) => onChange?.(next ?? "")}
        onMount={(mounted) => {
          // Test seam: Playwright sets long texts through the editor's API (multi-line keyboard
          // input is re-indented by Monaco); users only ever reach the editor through the UI.
          const wrapper = mounted.getContainerDomNode().closest("[data-testid='monaco-editor']");
          if (wrapper) (wrapper as HTMLElement & { hookflowEditor?: unknown }).hookflowEditor = mounted;
          setEditor(mounted);
        }}
        loading={<EditorPlaceholder />}
        options={{ ...DEFAULT_OPTIONS, ...options, readOnly, ariaLabel }}
      />
    </div>
  );
}

export function EditorPlaceholder() {
  return <div className="p-3 text-xs text-zinc-500">Loading editor…</div>;
}
