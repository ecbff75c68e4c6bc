import type * as Monaco from "monaco-editor";

export type TMonaco = typeof Monaco;
export type TMonacoCodeEditor = Monaco.editor.IStandaloneCodeEditor;

/** A problem to underline: 1-based line and column, as the server reports them. */
export type TEditorMarker = {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity?: "error" | "warning" | "info";
};

/**
 * Completion for ONE editor instance. Monaco registers providers per language (globally); the
 * component filters by model so two editors of the same language never see each other's items.
 */
export type TCompletionSource = {
  triggerCharacters?: string[];
  provideItems: (context: {
    monaco: TMonaco;
    model: Monaco.editor.ITextModel;
    position: Monaco.Position;
  }) => Monaco.languages.CompletionItem[];
};

export type TMonacoEditorProps = {
  /** Monaco language id: "javascript", "python", "json", "liquid-json" (JSON with Liquid tags)… */
  language: string;
  value: string;
  onChange?: (value: string) => void;
  /** CSS height; defaults to 240px. */
  height?: number | string;
  readOnly?: boolean;
  markers?: TEditorMarker[];
  completion?: TCompletionSource;
  /** Escape hatch for typings (addExtraLib), commands… Return disposables to clean up on unmount. */
  onReady?: (context: { monaco: TMonaco; editor: TMonacoCodeEditor }) => undefined | { dispose: () => void };
  /** Accessible name of the text area (Playwright and screen readers find the editor by it). */
  ariaLabel: string;
  className?: string;
  /** Extra Monaco options (minimap, lineNumbers…); the defaults suit a side panel. */
  options?: Monaco.editor.IStandaloneEditorConstructionOptions;
};
