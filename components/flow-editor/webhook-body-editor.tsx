"use client";

import { useMemo } from "react";
import {
  LIQUID_JSON_LANGUAGE_ID,
  MonacoEditor,
  type TCompletionSource,
  type TEditorMarker,
} from "@/components/code-editor/monaco-editor";
import { parseTemplate } from "@/lib/templating/parse-template";
import { type TTemplateVariables, templateCompletions } from "./webhook-completions";

/**
 * The webhook body: JSON with Liquid tags in Monaco, completion of the variables in scope, and
 * markers for the save-time parse (the same parseTemplate as validate-graph) plus the preview's
 * render error (`renderError`, located in the template).
 */
export function WebhookBodyEditor({
  value,
  onChange,
  variables,
  renderError,
  saveError,
  height = 240,
  disabled,
}: {
  value: string;
  onChange: (value: string) => void;
  variables: TTemplateVariables;
  renderError: TEditorMarker | null;
  /** The save-time problem on the body (validate-graph's message), shown under the editor. */
  saveError?: string;
  height?: number;
  disabled: boolean;
}) {
  const parsed = useMemo(() => parseTemplate(value), [value]);
  const markers = useMemo<TEditorMarker[]>(() => {
    if (!parsed.ok) return [{ ...parsed.error }];
    return renderError ? [renderError] : [];
  }, [parsed, renderError]);

  const completion = useMemo<TCompletionSource>(
    () => ({
      triggerCharacters: [".", " ", "|", "{"],
      provideItems: ({ monaco, model, position }) => {
        const before = model.getValueInRange({
          startLineNumber: position.lineNumber,
          startColumn: 1,
          endLineNumber: position.lineNumber,
          endColumn: position.column,
        });
        return templateCompletions(before, variables).map((item, index) => ({
          label: item.label,
          insertText: item.insertText,
          detail: item.detail,
          kind: {
            field: monaco.languages.CompletionItemKind.Field,
            property: monaco.languages.CompletionItemKind.Property,
            filter: monaco.languages.CompletionItemKind.Function,
            secret: monaco.languages.CompletionItemKind.Constant,
            root: monaco.languages.CompletionItemKind.Variable,
          }[item.kind],
          sortText: String(index).padStart(4, "0"),
          range: new monaco.Range(
            position.lineNumber,
            Math.max(1, position.column - item.replaceLength),
            position.lineNumber,
            position.column,
          ),
        }));
      },
    }),
    [variables],
  );

  return (
    <div className="space-y-1.5">
      <MonacoEditor
        language={LIQUID_JSON_LANGUAGE_ID}
        value={value}
        onChange={onChange}
        height={height}
        readOnly={disabled}
        markers={markers}
        completion={completion}
        ariaLabel="JSON body template"
      />
      <p
        data-testid="webhook-body-status"
        className={parsed.ok && !saveError ? "text-xs text-zinc-500" : "text-xs text-red-600"}
      >
        {saveError ??
          (parsed.ok
            ? "Type {{ for variables: person.…, event.… (metric flows), outputs.…, secrets.…; | json quotes a value."
            : `Body template, line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}`)}
      </p>
    </div>
  );
}
