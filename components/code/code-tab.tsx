"use client";

import type * as Monaco from "monaco-editor";
import { useCallback, useMemo, useRef, useState } from "react";
import {
  MonacoEditor,
  type TEditorMarker,
  type TMonaco,
  type TMonacoCodeEditor,
} from "@/components/code-editor/monaco-editor";
import { cn } from "@/components/ui/cn";
import type { TCodeLanguage } from "@/lib/code/runtime/types";
import { formatPython } from "./typings/format-python";
import { registerJavaScriptTypings } from "./typings/js-typings";
import { pythonCompletionSource } from "./typings/python-completions";

export type TProblem = {
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning" | "info";
  source: string;
};

/** What the page needs from the editor: its text, formatted first (Save); a line shown (errors). */
export type TCodeEditorHandle = {
  formatAndRead: () => Promise<string>;
  revealLine: (line: number, column: number | null) => void;
};

/**
 * Code: Monaco with the function's typings (JavaScript: `event`, `profile`, `context` and the
 * `hookflow` module, checked as you type; Python: highlighting and SDK completions), the server's
 * compile errors as markers, and every problem listed under the editor with its line.
 * Ctrl/Cmd+S formats and saves.
 */
export function CodeTab({
  language,
  value,
  onChange,
  compileErrors,
  readOnly,
  onSaveShortcut,
  onHandle,
}: {
  language: TCodeLanguage;
  value: string;
  onChange: (value: string) => void;
  compileErrors: TEditorMarker[];
  readOnly: boolean;
  onSaveShortcut: () => void;
  onHandle: (handle: TCodeEditorHandle) => void;
}) {
  const [problems, setProblems] = useState<TProblem[]>([]);
  const [isReady, setIsReady] = useState(false);
  const editorRef = useRef<TMonacoCodeEditor | null>(null);
  const saveRef = useRef(onSaveShortcut);
  saveRef.current = onSaveShortcut;

  const onReady = useCallback(
    ({ monaco, editor }: { monaco: TMonaco; editor: TMonacoCodeEditor }) => {
      editorRef.current = editor;
      const disposables: { dispose: () => void }[] = [];
      if (language === "javascript") disposables.push(registerJavaScriptTypings(monaco));
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveRef.current());
      disposables.push(watchProblems(monaco, editor, setProblems));
      onHandle({
        formatAndRead: () => formatAndRead(editor, language),
        revealLine: (line, column) => revealPosition(editor, line, column ?? 1),
      });
      setIsReady(true);
      return {
        dispose: () => {
          for (const disposable of disposables) disposable.dispose();
        },
      };
    },
    [language, onHandle],
  );

  function reveal(problem: TProblem) {
    if (editorRef.current) revealPosition(editorRef.current, problem.line, problem.column);
  }

  const completion = useMemo(() => (language === "python" ? pythonCompletionSource : undefined), [language]);

  return (
    <div className="space-y-2" data-testid="code-tab" data-editor-ready={isReady}>
      <MonacoEditor
        language={language}
        value={value}
        onChange={onChange}
        height="min(62vh, 640px)"
        readOnly={readOnly}
        markers={compileErrors}
        completion={completion}
        onReady={onReady}
        ariaLabel="Function code"
        options={{
          fontSize: 13,
          tabSize: language === "python" ? 4 : 2,
          minimap: { enabled: false },
          renderLineHighlight: "line",
          lineNumbersMinChars: 4,
          wordWrap: "off",
          padding: { top: 8 },
          formatOnPaste: language === "javascript",
        }}
      />
      <ProblemsList problems={problems} onReveal={reveal} />
    </div>
  );
}

function ProblemsList({
  problems,
  onReveal,
}: {
  problems: TProblem[];
  onReveal: (problem: TProblem) => void;
}) {
  const errors = problems.filter((problem) => problem.severity === "error").length;
  return (
    <div
      className="rounded-md border border-zinc-200 bg-white text-[13px]"
      data-testid="code-problems"
      data-errors={errors}
    >
      <p className="border-b border-zinc-100 px-3 py-1.5 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
        Problems ({problems.length})
      </p>
      {problems.length === 0 ? (
        <p className="px-3 py-2 text-xs text-zinc-400">No problems found.</p>
      ) : (
        <ul className="max-h-40 overflow-y-auto">
          {problems.map((problem) => (
            <li key={`${problem.source}:${problem.line}:${problem.column}:${problem.message}`}>
              <button
                type="button"
                onClick={() => onReveal(problem)}
                data-testid="code-problem"
                data-severity={problem.severity}
                className="flex w-full gap-3 px-3 py-1 text-left hover:bg-zinc-50"
              >
                <span
                  className={cn(
                    "w-16 shrink-0 font-mono text-xs",
                    problem.severity === "error" ? "text-red-600" : "text-amber-700",
                  )}
                >
                  {problem.line}:{problem.column}
                </span>
                <span className="min-w-0 text-xs text-zinc-700">{problem.message}</span>
                <span className="ml-auto shrink-0 text-[11px] text-zinc-400">{problem.source}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function revealPosition(editor: TMonacoCodeEditor, line: number, column: number) {
  editor.revealLineInCenter(line);
  editor.setPosition({ lineNumber: line, column });
  editor.focus();
}

/** Mirrors the model's markers (the TypeScript worker's and the server's) into the list. */
function watchProblems(
  monaco: TMonaco,
  editor: TMonacoCodeEditor,
  setProblems: (problems: TProblem[]) => void,
): { dispose: () => void } {
  const read = () => {
    const model = editor.getModel();
    if (!model) return setProblems([]);
    const markers = monaco.editor.getModelMarkers({ resource: model.uri });
    setProblems(
      markers
        .filter((marker) => marker.severity >= monaco.MarkerSeverity.Warning)
        .sort((a, b) => a.startLineNumber - b.startLineNumber || a.startColumn - b.startColumn)
        .map((marker) => ({
          line: marker.startLineNumber,
          column: marker.startColumn,
          message: typeof marker.message === "string" ? marker.message : String(marker.message),
          severity: marker.severity === monaco.MarkerSeverity.Error ? "error" : "warning",
          // Ours are the server's compile errors from the last save; the rest come from the type checker.
          source: marker.owner === "hookflow" ? "save" : "types",
        })),
    );
  };
  read();
  return monaco.editor.onDidChangeMarkers((uris: readonly Monaco.Uri[]) => {
    const uri = editor.getModel()?.uri.toString();
    if (uris.some((changed) => changed.toString() === uri)) read();
  });
}

async function formatAndRead(editor: TMonacoCodeEditor, language: TCodeLanguage): Promise<string> {
  const model = editor.getModel();
  if (!model || editor.getRawOptions().readOnly) return editor.getValue();
  if (language === "javascript") {
    await editor.getAction("editor.action.formatDocument")?.run();
    return editor.getValue();
  }
  const source = model.getValue();
  const formatted = formatPython(source);
  if (formatted !== source) {
    editor.pushUndoStop();
    editor.executeEdits("format-on-save", [{ range: model.getFullModelRange(), text: formatted }]);
    editor.pushUndoStop();
  }
  return editor.getValue();
}
